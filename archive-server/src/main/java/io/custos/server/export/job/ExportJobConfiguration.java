package io.custos.server.export.job;

import io.custos.archive.retrieve.StoredInstances;
import io.custos.deidentify.release.PixelPath;
import io.custos.deidentify.secret.ProjectSecrets;
import io.custos.keys.local.LocalKeystore;
import io.custos.server.audit.PatientRefs;
import io.custos.server.config.CustosProperties;
import io.custos.server.export.store.ExportStore;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import tools.jackson.databind.json.JsonMapper;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The research export job: its pool, the processor that feeds it ({@code export-jobs}) and its parts. The
 * export store and the pixel step come from {@code ExportConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class ExportJobConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ExportJobConfiguration.class);

    @Bean
    ExportJobs exportJobs(CommandGateway commands, EventStore events, StoredInstances stored, ExportStore store,
                          LocalKeystore lookupKeys, PixelPath pixelPath, CustosProperties properties,
                          ExportJobs.UnfinishedExports unfinished, PatientRefs patientRefs,
                          @Value("${custos.exports.job.threads:1}") int threads,
                          @Value("${custos.exports.job.queue:1000}") int queue,
                          @Value("${custos.exports.job.resume-interval:PT1M}") Duration resumeInterval,
                          ExecutorService exportReleaseWorkers,
                          @Value("${custos.exports.job.release-workers:0}") int releaseWorkers) {
        JsonMapper json = JsonMapper.builder().build();
        int window = 2 * workerCount(releaseWorkers);
        // The project secret derives from the same tenant lookup key as the audit trail's keyed hashes.
        ExportJob job = new ExportJob(commands, events, StudySources.stored(stored, patientRefs), store,
                new ProjectSecrets(lookupKeys), pixelPath, new ExportPackage(store, json, Clock.systemUTC()),
                new StudyExporter(store, json, exportReleaseWorkers, window),
                properties.region(), node());
        return new ExportJobs(job, unfinished, threads, queue, resumeInterval);
    }

    /**
     * The workers that take release decisions (header de-identification, OCR of the pixels) ahead of the export
     * thread: {@code custos.exports.job.release-workers}, 0 (the default) for one per core. OCR is CPU-bound.
     */
    @Bean(destroyMethod = "")
    @DependsOn("pixelPath")
    ExecutorService exportReleaseWorkers(@Value("${custos.exports.job.release-workers:0}") int releaseWorkers) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(workerCount(releaseWorkers), r -> {
            Thread thread = new Thread(r, "export-release-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Stops the release workers and waits for the decision in progress (a native OCR call that an interrupt does
     * not stop) before the pixel path and its OCR engine are closed ({@code @DependsOn}: this bean goes first).
     */
    @Bean
    DisposableBean exportReleaseWorkersShutdown(ExecutorService exportReleaseWorkers) {
        return () -> {
            exportReleaseWorkers.shutdownNow();
            if (!exportReleaseWorkers.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("export release workers still running after 60 s");
            }
        };
    }

    private static int workerCount(int configured) {
        return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }

    @Bean
    ExportJobTrigger exportJobTrigger(ExportJobs jobs) {
        return new ExportJobTrigger(jobs);
    }

    private static String node() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
