package io.custos.query.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UnloggedBatchesTest {

    /** A row to send: its wire size and its partition key (null: unknown). */
    private record Row(String name, int bytes, String partition) {
    }

    private static List<List<Row>> group(List<Row> rows) {
        return UnloggedBatches.group(rows, Row::bytes, Row::partition);
    }

    @Test
    void anInstancesFourRowsGoInOneRequest() {
        List<Row> rows = List.of(new Row("study", 600, "t|3"), new Row("series", 300, "t|1.2"),
                new Row("instance", 300, "t|1.2"), new Row("tenants", 60, "1.2"));

        assertThat(group(rows)).containsExactly(rows);
    }

    @Test
    void aBatchIsCutBeforeItExceedsTheSizeLimit() {
        List<Row> rows = IntStream.range(0, 10).mapToObj(i -> new Row("r" + i, 1000, "p")).toList();

        List<List<Row>> groups = group(rows);

        assertThat(groups).allSatisfy(g -> assertThat(g.stream().mapToInt(Row::bytes).sum())
                .isLessThanOrEqualTo(UnloggedBatches.MAX_BATCH_BYTES));
        assertThat(groups).hasSize(3);
        assertThat(flatten(groups)).isEqualTo(rows);
    }

    @Test
    void aBatchIsCutBeforeItSpansTooManyPartitions() {
        // Two rows per partition: rows of a partition already in the batch do not count again.
        List<Row> rows = IntStream.range(0, 20).mapToObj(i -> new Row("r" + i, 10, "p" + i / 2)).toList();

        List<List<Row>> groups = group(rows);

        assertThat(groups).allSatisfy(g -> assertThat(g.stream().map(Row::partition).distinct().count())
                .isLessThanOrEqualTo(UnloggedBatches.MAX_PARTITIONS));
        assertThat(groups.get(0)).hasSize(2 * UnloggedBatches.MAX_PARTITIONS);
        assertThat(flatten(groups)).isEqualTo(rows);
    }

    @Test
    void rowsWithoutAPartitionKeyEachCountAsOne() {
        List<Row> rows = IntStream.range(0, UnloggedBatches.MAX_PARTITIONS + 1)
                .mapToObj(i -> new Row("r" + i, 10, null)).toList();

        assertThat(group(rows)).hasSize(2);
    }

    @Test
    void aRowLargerThanTheLimitIsSentAlone() {
        List<Row> rows = List.of(new Row("small", 100, "a"), new Row("huge", 9000, "b"), new Row("after", 100, "c"));

        assertThat(group(rows)).containsExactly(List.of(rows.get(0)), List.of(rows.get(1)), List.of(rows.get(2)));
    }

    @Test
    void nothingToWriteIsNoRequest() {
        assertThat(group(List.of())).isEmpty();
    }

    private static List<Row> flatten(List<List<Row>> groups) {
        List<Row> all = new ArrayList<>();
        groups.forEach(all::addAll);
        return all;
    }
}
