package io.custos.server.export;

import io.custos.archive.export.api.ExportPlan;
import io.custos.keys.KeyedHash;
import io.custos.query.index.StudyIndexStore;
import io.custos.query.qido.IndexedQidoSearch;
import io.custos.server.export.store.ExportStore;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The edges of the export workflow: QIDO-style selection of a request's studies, the read-only view of the
 * export store for downloads, and the completion webhooks (processor {@value ExportWebhookHandler#PROCESSING_GROUP}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ExportWebhookProperties.class)
class ExportEdgesConfiguration {

    /**
     * Its own index search, evaluating one candidate more than an export may name, so that "too many" is seen
     * as such (QIDO-RS's own search stops at {@code custos.qido.max-study-candidates}).
     */
    @Bean
    ExportSelection exportSelection(StudyIndexStore index, KeyedHash hash,
                                    @Value("${custos.region:local}") String region) {
        return new ExportSelection(new IndexedQidoSearch(index, ExportPlan.MAX_STUDIES + 1), hash, region,
                ExportPlan.MAX_STUDIES);
    }

    /** Downloads read the job's export store ({@code ExportConfiguration}), sealed exports only. */
    @Bean
    ExportFiles exportFiles(ExportStore store) {
        return new ExportFiles(store);
    }

    @Bean
    ExportWebhooks exportWebhooks(ExportWebhookProperties properties) {
        return ExportWebhooks.of(properties, System::getenv);
    }

    @Bean
    ExportWebhookHandler exportWebhookHandler(ExportWebhooks webhooks) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new ExportWebhookHandler(webhooks, http, Clock.systemUTC());
    }

    /** Tracking (own token, own thread); a failed delivery is retried with back-off instead of being skipped. */
    @Bean
    ConfigurerModule exportWebhookProcessor() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerTrackingEventProcessor(ExportWebhookHandler.PROCESSING_GROUP)
                .registerListenerInvocationErrorHandler(ExportWebhookHandler.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance()));
    }
}
