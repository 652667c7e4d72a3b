package io.custos.server.retention;

import io.custos.archive.domain.TenantId;
import io.custos.archive.retention.application.RetentionPolicies;
import io.custos.archive.retention.application.RetentionPolicy;
import io.custos.archive.retention.application.StudyDeletion;
import io.custos.archive.retention.application.StudyShredder;
import io.custos.archive.retention.model.PatientHolds;
import io.custos.archive.storage.EncryptedBlobs;
import io.custos.archive.study.application.AttributeSealer;
import io.custos.keys.StudyKeys;
import io.custos.server.audit.PatientRefs;
import io.custos.server.config.TenantProperties;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Retention, legal holds and deletion: the tenants' retention policies ({@code custos.tenants.<t>.retention}),
 * the deletion service, the crypto-shredder and its safety-net processor ({@code crypto-shredding}).
 */
@Configuration(proxyBeanMethods = false)
class RetentionConfiguration {

    @Bean
    RetentionPolicies retentionPolicies(TenantProperties properties) {
        RetentionPolicy fallback = new RetentionPolicy(properties.retention().defaultMinimum(), Map.of());
        Map<TenantId, RetentionPolicy> byTenant = new LinkedHashMap<>();
        properties.tenants().forEach((tenant, settings) -> {
            TenantProperties.TenantRetention r = settings.retention();
            if (r != null) {
                Period minimum = r.minimum() != null ? r.minimum() : fallback.defaultMinimum();
                byTenant.put(new TenantId(tenant), new RetentionPolicy(minimum, r.byModality()));
            }
        });
        return new RetentionPolicies(byTenant, fallback);
    }

    @Bean
    StudyShredder studyShredder(StudyKeys keys, EncryptedBlobs blobs, CommandGateway commands) {
        return new StudyShredder(keys, blobs, commands);
    }

    @Bean
    StudyDeletion studyDeletion(EventStore events, AttributeSealer sealer, PatientRefs patients,
                                RetentionPolicies policies, CommandGateway commands, StudyShredder shredder) {
        return new StudyDeletion(events, sealer, patients::ofAttributes, policies, commands, shredder,
                Clock.systemUTC());
    }

    @Bean
    ShreddingEventHandler shreddingEventHandler(StudyShredder shredder) {
        return new ShreddingEventHandler(shredder);
    }

    /** Shredding must never be skipped: a failure is retried (with back-off) until it succeeds. */
    @Bean
    ConfigurerModule cryptoShreddingRetriesFailures() {
        return configurer -> configurer.eventProcessing(processing -> processing.registerListenerInvocationErrorHandler(
                ShreddingEventHandler.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance()));
    }

    @Bean
    ConfigurerModule patientHoldsAggregate() {
        return configurer -> configurer.configureAggregate(PatientHolds.class);
    }
}
