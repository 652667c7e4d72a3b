package io.custos.server.ledger;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * @param enabled            seal the event store (one node per event store should)
 * @param checkpointDir      where signed checkpoints are published; blank: {@code <data-dir>/ledger/checkpoints}.
 *                           Put it on write-once storage in production.
 * @param checkpointEvery    a checkpoint at the latest every this many events of a chain
 * @param checkpointInterval and at the latest this long after the previous one, if the chain grew
 * @param poll               how often the sealer looks for new events
 * @param batchSize          events sealed per transaction
 * @param gapTimeout         how long a missing global index is waited for before it is taken as rolled back
 */
@ConfigurationProperties(prefix = "custos.ledger")
public record LedgerProperties(
        @DefaultValue("true") boolean enabled,
        Path checkpointDir,
        @DefaultValue("1000") long checkpointEvery,
        @DefaultValue("60s") Duration checkpointInterval,
        @DefaultValue("500ms") Duration poll,
        @DefaultValue("1000") int batchSize,
        @DefaultValue("5m") Duration gapTimeout) {
}
