package io.custos.query.audit;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PagingState;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers auditor questions page by page. A question spans several time buckets; they are read newest first,
 * each with the driver's paging, and a page may continue into the next bucket. Each read touches one
 * partition (tenant, key, bucket), so the cost of a page does not depend on how much else is stored.
 */
public final class AuditTrailStore {

    public static final int MAX_PAGE_SIZE = 1000;

    private final CqlSession session;
    private final Map<AuditTable, PreparedStatement> selects = new EnumMap<>(AuditTable.class);

    public AuditTrailStore(CqlSession session, String keyspace) {
        String ks = AuditSchema.checkedKeyspace(keyspace);
        this.session = session;
        for (AuditTable table : AuditTable.values()) {
            String key = table.keyColumn() == null ? "" : " AND " + table.keyColumn() + " = :key";
            selects.put(table, session.prepare("SELECT " + AuditSchema.COLUMNS + " FROM " + ks + "."
                    + table.tableName() + " WHERE tenant = :tenant" + key
                    + " AND bucket = :bucket AND at >= :since AND at < :until"));
        }
    }

    public AuditPage page(AuditQuestion question, int pageSize, String pageToken) {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page size must be 1.." + MAX_PAGE_SIZE);
        }
        List<Integer> buckets = AuditBuckets.covering(question.table().bucket(), question.from(), question.to());
        PageToken position = PageToken.decode(pageToken);
        if (position.bucketIndex() > buckets.size()) {
            throw new InvalidPageTokenException();
        }
        List<AuditEntry> entries = new ArrayList<>();
        int index = position.bucketIndex();
        String paging = position.pagingState();
        while (index < buckets.size() && entries.size() < pageSize) {
            BoundStatement statement = statement(question, buckets.get(index)).setPageSize(pageSize - entries.size());
            if (!paging.isEmpty()) {
                statement = withPagingState(statement, paging);
            }
            ResultSet rs = session.execute(statement);
            int available = rs.getAvailableWithoutFetching();
            for (int i = 0; i < available; i++) {
                entries.add(entry(rs.one()));
            }
            PagingState next = rs.getExecutionInfo().getSafePagingState();
            if (next != null) {
                paging = next.toString();
            } else {
                index++;
                paging = "";
            }
        }
        Optional<String> nextToken = index < buckets.size()
                ? Optional.of(new PageToken(index, paging).encode()) : Optional.empty();
        return new AuditPage(entries, nextToken);
    }

    private BoundStatement withPagingState(BoundStatement statement, String paging) {
        try {
            return statement.setPagingState(PagingState.fromString(paging), session);
        } catch (IllegalArgumentException e) {
            throw new InvalidPageTokenException();
        }
    }

    private BoundStatement statement(AuditQuestion q, int bucket) {
        BoundStatementBuilder b = selects.get(q.table()).boundStatementBuilder()
                .setString("tenant", q.tenant())
                .setInt("bucket", bucket)
                .setInstant("since", q.from().atStartOfDay(ZoneOffset.UTC).toInstant())
                .setInstant("until", q.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        if (q.key() != null) {
            b.setString("key", q.key());
        }
        return b.build();
    }

    private static AuditEntry entry(Row r) {
        return new AuditEntry(r.getInstant("at"), r.getString("access_id"), r.getString("kind"),
                r.getString("subject"), r.getString("roles"), r.getString("client"), r.getString("purpose"),
                r.getString("level"), r.getString("study_uid"), r.getString("series_uid"), r.getString("sop_uid"),
                r.getInt("instances"), r.getInt("frames"), r.getLong("bytes"), r.getString("outcome"),
                r.getString("patient_ref"), r.getString("detail"));
    }
}
