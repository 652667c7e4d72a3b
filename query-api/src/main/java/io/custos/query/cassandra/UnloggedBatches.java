package io.custos.query.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Sends a projection's rows to Cassandra in as few requests as the server's batch guard-rails allow.
 *
 * <p>Why: per request, not per row, is where the node spends its CPU on an ingest (the native transport's
 * frame decoding, dispatch and flush were about two thirds of its samples with one request per row,
 * {@code bench/profile-ingest.sh} with {@code PROFILE_CASSANDRA_JFR=1}); an instance's four index rows in one
 * request cost the node about a third of four requests (4.0 against 11 ms of CPU per instance).
 *
 * <p>The batches are UNLOGGED, for projections only: their every write is an idempotent upsert or delete stamped
 * with its event's time ({@code USING TIMESTAMP}), so a batch applied in part and then retried converges to the
 * same rows, and the batch log's atomicity would buy nothing. A batch is cut before it exceeds {@link #MAX_BATCH_BYTES} or
 * {@link #MAX_PARTITIONS} distinct partitions, below Cassandra's default warning thresholds
 * ({@code batch_size_warn_threshold} 5 KiB, {@code unlogged_batch_across_partitions_warn_threshold} 10), so a
 * production node's log is not filled with batch warnings. A lone statement is sent as itself.
 */
public final class UnloggedBatches {

    public static final int MAX_BATCH_BYTES = 4 * 1024;
    public static final int MAX_PARTITIONS = 8;

    private final CqlSession session;

    public UnloggedBatches(CqlSession session) {
        this.session = session;
    }

    /** Writes every statement; completes when all are applied, exceptionally if any request fails. */
    public CompletableFuture<Void> write(List<BoundStatement> statements) {
        List<List<BoundStatement>> groups = group(statements, s -> s.computeSizeInBytes(session.getContext()),
                BoundStatement::getRoutingKey);
        CompletableFuture<?>[] sent = new CompletableFuture<?>[groups.size()];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = session.executeAsync(asRequest(groups.get(i))).toCompletableFuture();
        }
        return CompletableFuture.allOf(sent);
    }

    /**
     * Splits statements, in order, into groups within the size and partition limits. {@code partitionOf} gives the
     * statement's partition key, or null when it is unknown: such a statement counts as a partition of its own.
     */
    public static <T> List<List<T>> group(List<T> statements, ToIntFunction<T> sizeOf, Function<T, Object> partitionOf) {
        List<List<T>> groups = new ArrayList<>();
        List<T> current = new ArrayList<>();
        Set<Object> partitions = new HashSet<>();
        int bytes = 0;
        for (T statement : statements) {
            int size = sizeOf.applyAsInt(statement);
            Object partition = partitionOf.apply(statement);
            if (partition == null) {
                partition = new Object();
            }
            boolean newPartition = !partitions.contains(partition);
            if (!current.isEmpty() && (bytes + size > MAX_BATCH_BYTES
                    || (newPartition && partitions.size() >= MAX_PARTITIONS))) {
                groups.add(current);
                current = new ArrayList<>();
                partitions = new HashSet<>();
                bytes = 0;
            }
            current.add(statement);
            partitions.add(partition);
            bytes += size;
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }

    private static Statement<?> asRequest(List<BoundStatement> group) {
        if (group.size() == 1) {
            return group.get(0);
        }
        BatchStatementBuilder batch = BatchStatement.builder(BatchType.UNLOGGED).setIdempotence(true);
        group.forEach(batch::addStatement);
        return batch.build();
    }
}
