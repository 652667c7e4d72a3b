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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;

/**
 * The research export job: its pool, the processor that feeds it ({@code export-jobs}) and its parts. The
 * export store and the pixel step come from {@code ExportConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class ExportJobConfiguration {

    @Bean
    ExportJobs exportJobs(CommandGateway commands, EventStore events, StoredInstances stored, ExportStore store,
                          LocalKeystore lookupKeys, PixelPath pixelPath, CustosProperties properties,
                          ExportJobs.UnfinishedExports unfinished, PatientRefs patientRefs,
                          @Value("${custos.exports.job.threads:1}") int threads,
                          @Value("${custos.exports.job.queue:1000}") int queue,
                          @Value("${custos.exports.job.resume-interval:PT1M}") Duration resumeInterval) {
        JsonMapper json = JsonMapper.builder().build();
        // The project secret derives from the same tenant lookup key as the audit trail's keyed hashes.
        ExportJob job = new ExportJob(commands, events, StudySources.stored(stored, patientRefs), store,
                new ProjectSecrets(lookupKeys), pixelPath, new ExportPackage(store, json, Clock.systemUTC()), json,
                properties.region(), node());
        return new ExportJobs(job, unfinished, threads, queue, resumeInterval);
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
