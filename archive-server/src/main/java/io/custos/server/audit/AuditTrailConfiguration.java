package io.custos.server.audit;

import com.datastax.oss.driver.api.core.CqlSession;
import io.custos.archive.retrieve.StoredInstances;
import io.custos.archive.study.application.AttributeSealer;
import io.custos.keys.KeyedHash;
import io.custos.query.audit.AuditEventHandler;
import io.custos.query.audit.AuditProjection;
import io.custos.query.audit.AuditSchema;
import io.custos.query.audit.AuditTrailStore;
import io.custos.query.index.StudyIndexStore;
import io.custos.query.qido.QidoSearch;
import io.custos.server.config.CustosProperties;
import io.custos.server.runtime.RelaxedTokenCommits;
import io.custos.server.security.CurrentPrincipal;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The access trail: recording of reads (QIDO-RS through a search decorator, frames through windows, the audit
 * API itself), the purpose-of-use filter, the audit projection in Cassandra (processing group
 * {@code audit-trail}) and its reports.
 */
@Configuration(proxyBeanMethods = false)
class AuditTrailConfiguration {

    private static final int BATCH_SIZE = 100;

    @Bean
    AuditSchema auditSchema(CqlSession session, CustosProperties custos) {
        AuditSchema schema = new AuditSchema(session);
        schema.create(custos.projectionKeyspace());
        return schema;
    }

    @Bean
    AuditProjection auditProjection(CqlSession session, AuditSchema schema,
                                    CustosProperties custos) {
        return new AuditProjection(session, custos.projectionKeyspace());
    }

    @Bean
    AuditEventHandler auditEventHandler(AuditProjection projection) {
        return new AuditEventHandler(projection);
    }

    /**
     * An entry that cannot be projected is retried (the tracking processor backs off and tries again) instead
     * of being logged and skipped, which is Axon's default: an auditor must never miss a row because Cassandra
     * was briefly unavailable. Every write of the projection is an idempotent upsert, so a retry is harmless.
     *
     * <p>For the same reason its token commits need not wait for PostgreSQL's log flush
     * ({@link RelaxedTokenCommits}): every QIDO-RS and WADO-RS request appends an access event, and without it the
     * projection of that event cost a second disk flush per request after the event's own. When events queue up
     * (a burst of requests), up to {@value #BATCH_SIZE} of them share one batch and one token write.
     */
    @Bean
    ConfigurerModule auditTrailProcessor(DataSource dataSource) {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerListenerInvocationErrorHandler(AuditEventHandler.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance())
                .registerTrackingEventProcessorConfiguration(AuditEventHandler.PROCESSING_GROUP,
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(BATCH_SIZE))
                .registerHandlerInterceptor(AuditEventHandler.PROCESSING_GROUP, c -> new RelaxedTokenCommits(dataSource)));
    }

    @Bean
    AuditTrailStore auditTrailStore(CqlSession session, AuditSchema schema,
                                    CustosProperties custos) {
        return new AuditTrailStore(session, custos.projectionKeyspace());
    }

    @Bean
    AccessRecorder accessRecorder(EventGateway events) {
        return new AccessRecorder(events);
    }

    @Bean
    RequestAccess requestAccess(CurrentPrincipal principal) {
        return new RequestAccess(principal);
    }

    @Bean
    PurposeOfUseFilter purposeOfUseFilter(CurrentPrincipal principal) {
        return new PurposeOfUseFilter(principal);
    }

    @Bean
    PatientRefs patientRefs(KeyedHash hash, @Value("${custos.region:local}") String region, StudyIndexStore index,
                            StoredInstances stored, AttributeSealer sealer) {
        return new PatientRefs(hash, region, index, stored, sealer);
    }

    /**
     * The QIDO-RS seam: the controller receives this recording search (primary), which wraps the index search
     * defined by the query configuration; no QIDO code changes.
     */
    @Bean
    @Primary
    QidoSearch recordingQidoSearch(@Qualifier("qidoSearch") QidoSearch indexed, RequestAccess access,
                                   PatientRefs patients, KeyedHash hash,
                                   @Value("${custos.region:local}") String region, AccessRecorder recorder,
                                   CrossTenantAttempts crossTenant) {
        return new RecordingQidoSearch(indexed, access, patients, hash, region, recorder, crossTenant);
    }

    @Bean
    CrossTenantAttempts crossTenantAttempts(StudyIndexStore index, RequestAccess access, AccessRecorder recorder) {
        return new CrossTenantAttempts(index, access, recorder);
    }

    @Bean(destroyMethod = "closeAll")
    FrameAccessWindows frameAccessWindows(AccessRecorder recorder,
                                          @Value("${custos.audit.frame-window:60s}") Duration window) {
        return new FrameAccessWindows(recorder, Clock.systemUTC(), window);
    }

    @Bean
    ReadAccessRecorder readAccessRecorder(RequestAccess access, PatientRefs patients, AccessRecorder recorder,
                                         FrameAccessWindows windows, CrossTenantAttempts crossTenant) {
        return new ReadAccessRecorder(access, patients, recorder, windows, crossTenant);
    }

    /** The WADO-RS seam: every retrieval goes on the access trail, recorded before its first byte of data. */
    @Bean
    io.custos.query.wado.ReadRecorder auditingReadRecorder(ReadAccessRecorder reads) {
        return new AuditingReadRecorder(reads);
    }

    /** Destroyed before the windows it sweeps (it depends on them), so closeAll sees no concurrent sweep. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService frameWindowSweeper(FrameAccessWindows windows) {
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "frame-window-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(windows::closeExpired, 5, 5, TimeUnit.SECONDS);
        return sweeper;
    }
}
