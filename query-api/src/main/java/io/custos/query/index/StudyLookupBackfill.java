package io.custos.query.index;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.custos.query.cassandra.UnloggedBatches;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the lookup table from the study rows of an index built before it existed, once per keyspace.
 *
 * <p>Why not a replay: the rows already hold every value the lookup needs, and a replay of the whole event stream
 * would leave PatientID and AccessionNumber queries answering nothing for the studies not yet replayed. Each row
 * is written with the write time of the column it copies, so a deletion or a newer value the projection writes
 * meanwhile still wins. The completion is recorded last: an interrupted backfill runs again at the next start.
 */
public final class StudyLookupBackfill {

    static final String MIGRATION = "study_lookup_v1";
    private static final Logger log = LoggerFactory.getLogger(StudyLookupBackfill.class);
    private static final int PAGE_SIZE = 500;
    private static final int STATEMENTS_PER_WRITE = 400;

    private final CqlSession session;
    private final String ks;
    private final UnloggedBatches batches;

    public StudyLookupBackfill(CqlSession session, String keyspace) {
        this.session = session;
        this.ks = StudyIndexSchema.checkedKeyspace(keyspace);
        this.batches = new UnloggedBatches(session);
    }

    /** Runs the backfill unless this keyspace has completed it; returns the number of study rows it read. */
    public long runIfNeeded() {
        String table = ks + "." + StudyIndexSchema.MIGRATIONS_TABLE;
        if (session.execute(SimpleStatement.newInstance("SELECT name FROM " + table + " WHERE name = ?", MIGRATION))
                .one() != null) {
            return 0;
        }
        long studies = backfill();
        session.execute(SimpleStatement.newInstance("INSERT INTO " + table + " (name, completed_at) VALUES (?, ?)",
                MIGRATION, Instant.now()));
        log.info("Study lookup table filled from {} existing study rows", studies);
        return studies;
    }

    private long backfill() {
        PreparedStatement lookupRow = session.prepare("INSERT INTO " + ks + "." + StudyIndexSchema.STUDY_LOOKUP_TABLE
                + " (tenant, key_name, key_value, study_uid) VALUES (?, ?, ?, ?) USING TIMESTAMP ?");
        PreparedStatement patientHistory = history("patient_ids");
        PreparedStatement accessionHistory = history("accession_numbers");
        List<BoundStatement> pending = new ArrayList<>();
        long studies = 0;
        SimpleStatement scan = SimpleStatement.newInstance("SELECT tenant, bucket, study_uid, patient_id,"
                + " WRITETIME(patient_id) AS patient_ts, accession_number, WRITETIME(accession_number) AS accession_ts"
                + " FROM " + ks + "." + StudyIndexSchema.STUDY_TABLE).setPageSize(PAGE_SIZE);
        for (Row r : session.execute(scan)) {
            studies++;
            copy(r, "patient_id", "patient_ts", StudyLookupKey.PATIENT_ID, lookupRow, patientHistory, pending);
            copy(r, "accession_number", "accession_ts", StudyLookupKey.ACCESSION_NUMBER, lookupRow, accessionHistory,
                    pending);
            if (pending.size() >= STATEMENTS_PER_WRITE) {
                batches.write(pending).join();
                pending.clear();
            }
        }
        batches.write(pending).join();
        return studies;
    }

    private PreparedStatement history(String column) {
        return session.prepare("UPDATE " + ks + "." + StudyIndexSchema.STUDY_TABLE + " USING TIMESTAMP ? SET "
                + column + " = " + column + " + ? WHERE tenant = ? AND bucket = ? AND study_uid = ?");
    }

    private static void copy(Row r, String column, String writeTime, String keyName, PreparedStatement lookupRow,
                             PreparedStatement history, List<BoundStatement> out) {
        String value = r.getString(column);
        if (value == null || value.isEmpty()) {
            return;
        }
        long ts = r.getLong(writeTime);
        String tenant = r.getString("tenant");
        String study = r.getString("study_uid");
        out.add(lookupRow.bind(tenant, keyName, value, study, ts).setIdempotent(true));
        out.add(history.bind(ts, java.util.Set.of(value), tenant, r.getInt("bucket"), study).setIdempotent(true));
    }
}
