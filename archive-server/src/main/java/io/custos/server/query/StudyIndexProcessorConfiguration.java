package io.custos.server.query;

import io.custos.query.index.StudyIndexEventHandler;
import io.custos.server.runtime.RelaxedTokenCommits;
import javax.sql.DataSource;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The study-index event processor: a tracking processor (one thread, one segment) handling up to
 * {@code custos.index.batch-size} events per transaction.
 *
 * <p>Why tracking and not pooled streaming: the embedded event store wakes a tracking processor the moment
 * this node commits an event, whereas a pooled streaming processor's coordinator, finding no event and no
 * availability callback on the embedded store's stream, looks again only after 500 ms (Axon 4.13
 * {@code Coordinator}): up to half a second between a C-STORE response and QIDO visibility. Why batches: the token is
 * stored once per batch instead of once per event, and the handler sends the Cassandra rows of the whole batch
 * together ({@link StudyIndexEventHandler}); a batch only holds the events already available, so a single new
 * event is handled at once. Its token commits do not wait for a disk flush ({@link RelaxedTokenCommits}).
 */
@Configuration(proxyBeanMethods = false)
class StudyIndexProcessorConfiguration {

    @Bean
    ConfigurerModule studyIndexProcessor(@Value("${custos.index.batch-size:100}") int batchSize, DataSource dataSource) {
        return configurer -> {
            configurer.eventProcessing().registerTrackingEventProcessorConfiguration(
                    StudyIndexEventHandler.PROCESSING_GROUP,
                    c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(batchSize));
            configurer.eventProcessing().registerHandlerInterceptor(StudyIndexEventHandler.PROCESSING_GROUP,
                    c -> new RelaxedTokenCommits(dataSource));
        };
    }
}
