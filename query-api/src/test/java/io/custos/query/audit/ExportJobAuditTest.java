package io.custos.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.archive.access.api.AccessActor;
import io.custos.archive.access.api.DisclosedStudy;
import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.export.api.ExportEvents;
import io.custos.archive.export.api.ExportId;
import io.custos.archive.export.api.ExportPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The export job's steps in the audit trail: every step in the tenant's export report, attributed to the researcher
 * who requested the export; each exported study of a known patient also in the study trail and in the patient's
 * accounting of disclosures (purpose HRESCH, project and protocol named); a replay writes the same rows. The
 * Cassandra side ({@link AuditProjection}'s idempotent upserts) is exercised end to end by the archive's
 * ExportJobIT; here the recorder is an in-memory table with the same row keys.
 */
class ExportJobAuditTest {

    private static final String TENANT = "t1";
    private static final ExportId EXPORT = new ExportId(TENANT + "/0b5f8c3e-8a7e-4d3b-9d4e-2f1a6c7b8d90");
    private static final StudyInstanceUid S1 = new StudyInstanceUid("1.2.826.0.1.3680043.9.7777.101.1");
    private static final StudyInstanceUid S2 = new StudyInstanceUid("1.2.826.0.1.3680043.9.7777.202.1");
    private static final Instant T0 = Instant.parse("2026-12-07T02:00:00Z");

    /** Rows keyed as the tables key them: table, partition key, event id (and the study in the patient table). */
    static final class Tables implements AuditRecorder {
        final Map<String, AuditEntry> rows = new TreeMap<>();
        final Map<String, ExportRequester> requests = new TreeMap<>();

        @Override
        public void recordAccess(String tenant, AuditEntry entry, List<DisclosedStudy> disclosed, Instant eventTime) {
            put(AuditTable.BY_USER, tenant, entry.subject(), entry);
        }

        @Override
        public void recordPatientAction(String tenant, AuditEntry entry, Instant eventTime) {
            put(AuditTable.BY_PATIENT, tenant, entry.patientRef(), entry);
        }

        @Override
        public void recordDenial(String tenant, AuditEntry entry, Instant eventTime) {
            put(AuditTable.DENIALS, tenant, "", entry);
        }

        @Override
        public void recordExport(String tenant, AuditEntry entry, Instant eventTime) {
            put(AuditTable.EXPORTS, tenant, "", entry);
        }

        @Override
        public void recordExportedStudy(String tenant, AuditEntry entry, Instant eventTime) {
            put(AuditTable.EXPORTS, tenant, "", entry);
            put(AuditTable.BY_STUDY, tenant, entry.studyUid(), entry);
            if (entry.patientRef() != null) {
                put(AuditTable.BY_PATIENT, tenant, entry.patientRef(), entry);
            }
        }

        @Override
        public void rememberExportRequest(String tenant, String exportId, ExportRequester requester,
                                          Instant eventTime) {
            requests.put(tenant + "|" + exportId, requester);
        }

        @Override
        public ExportRequester exportRequester(String tenant, String exportId) {
            return requests.get(tenant + "|" + exportId);
        }

        private void put(AuditTable table, String tenant, String key, AuditEntry entry) {
            rows.put(table + "|" + tenant + "|" + key + "|" + entry.at() + "|" + entry.accessId() + "|"
                    + entry.studyUid(), entry);
        }

        List<AuditEntry> in(AuditTable table, String key) {
            List<AuditEntry> found = new ArrayList<>();
            rows.forEach((k, v) -> {
                if (k.startsWith(table + "|" + TENANT + "|" + key + "|")) {
                    found.add(v);
                }
            });
            found.sort(java.util.Comparator.comparing(AuditEntry::at));
            return found;
        }
    }

    private record Delivered(Object event, String id, Instant at) {
    }

    private static List<Delivered> stream() {
        AccessActor rosa = new AccessActor("rosa", "RESEARCHER", TENANT, "10.0.0.7");
        AccessActor sam = new AccessActor("sam", "DATA_STEWARD", TENANT, "10.0.0.8");
        ExportPlan plan = new ExportPlan("lung-ai", "IRB-2026-17", Set.of(), List.of(S1, S2), List.of(), true);
        return List.of(
                new Delivered(new ExportEvents.ExportRequestedEvent(EXPORT, new RegionId("local"), plan, rosa),
                        "e1", T0),
                new Delivered(new ExportEvents.ExportApprovedEvent(EXPORT, sam), "e2", T0.plusSeconds(1)),
                new Delivered(new ExportEvents.ExportStartedEvent(EXPORT, "node-a", false), "e3", T0.plusSeconds(2)),
                new Delivered(new ExportEvents.ExportStudyCompletedEvent(EXPORT, S1, 14, 1, 90_000L, 1, 2,
                        "patient-ref-1"), "e4", T0.plusSeconds(3)),
                new Delivered(new ExportEvents.ExportFailedEvent(EXPORT, "STORE_UNAVAILABLE"), "e5",
                        T0.plusSeconds(4)),
                new Delivered(new ExportEvents.ExportStartedEvent(EXPORT, "node-a", true), "e6", T0.plusSeconds(5)),
                // A study without a Patient ID (or recorded before patientRef existed): no patient row.
                new Delivered(new ExportEvents.ExportStudyCompletedEvent(EXPORT, S2, 14, 1, 91_000L, 2, 2, null),
                        "e7", T0.plusSeconds(6)),
                new Delivered(new ExportEvents.ExportCompletedEvent(EXPORT, "ab".repeat(32), 31, 200_000L), "e8",
                        T0.plusSeconds(7)));
    }

    private static void deliver(AuditEventHandler handler, Delivered d) {
        Object event = d.event();
        if (event instanceof ExportEvents.ExportRequestedEvent e) {
            handler.on(e, d.id(), d.at());
        } else if (event instanceof ExportEvents.ExportApprovedEvent e) {
            handler.on(e, d.id(), d.at());
        } else if (event instanceof ExportEvents.ExportStartedEvent e) {
            handler.on(e, d.id(), d.at());
        } else if (event instanceof ExportEvents.ExportStudyCompletedEvent e) {
            handler.on(e, d.id(), d.at());
        } else if (event instanceof ExportEvents.ExportCompletedEvent e) {
            handler.on(e, d.id(), d.at());
        } else if (event instanceof ExportEvents.ExportFailedEvent e) {
            handler.on(e, d.id(), d.at());
        } else {
            throw new IllegalArgumentException(d.toString());
        }
    }

    @Test
    void everyJobStepIsInTheExportReportAttributedToTheRequester() {
        Tables tables = new Tables();
        AuditEventHandler handler = new AuditEventHandler(tables);
        stream().forEach(d -> deliver(handler, d));

        List<AuditEntry> exports = tables.in(AuditTable.EXPORTS, "");
        assertThat(exports).extracting(AuditEntry::kind).containsExactly("EXPORT_REQUESTED", "EXPORT_APPROVED",
                "EXPORT_STARTED", "EXPORT_STUDY_EXPORTED", "EXPORT_FAILED", "EXPORT_STARTED", "EXPORT_STUDY_EXPORTED",
                "EXPORT_COMPLETED");
        assertThat(exports).extracting(AuditEntry::outcome).containsExactly("REQUESTED", "APPROVED", "STARTED",
                "EXPORTED", "FAILED", "RESUMED", "EXPORTED", "COMPLETED");
        List<AuditEntry> job = exports.subList(2, exports.size());
        assertThat(job).allSatisfy(e -> {
            assertThat(e.subject()).isEqualTo("rosa");
            assertThat(e.roles()).isEqualTo("RESEARCHER");
            assertThat(e.clientAddress()).isEqualTo("10.0.0.7");
            assertThat(e.purpose()).isEqualTo("HRESCH");
            assertThat(e.detail()).startsWith("export=" + EXPORT.value() + " project=lung-ai protocol=IRB-2026-17");
        });
        assertThat(job.get(0).detail()).endsWith("node=node-a");
        assertThat(job.get(2).detail()).endsWith("reason=STORE_UNAVAILABLE");
        assertThat(job.get(5).detail()).contains("manifestSha256=" + "ab".repeat(32));
        assertThat(job.get(5).bytes()).isEqualTo(200_000L);
        AuditEntry study = job.get(1);
        assertThat(study.level()).isEqualTo("STUDY");
        assertThat(study.studyUid()).isEqualTo(S1.value());
        assertThat(study.instances()).isEqualTo(14);
        assertThat(study.bytes()).isEqualTo(90_000L);
        assertThat(study.patientRef()).isEqualTo("patient-ref-1");
        assertThat(study.detail()).endsWith("study 1/2 excluded=1");
    }

    @Test
    void anExportedStudyIsADisclosureInThePatientsAccountingAndTheStudyTrail() {
        Tables tables = new Tables();
        AuditEventHandler handler = new AuditEventHandler(tables);
        stream().forEach(d -> deliver(handler, d));

        assertThat(tables.in(AuditTable.BY_PATIENT, "patient-ref-1")).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("EXPORT_STUDY_EXPORTED");
            assertThat(e.subject()).isEqualTo("rosa");
            assertThat(e.purpose()).isEqualTo("HRESCH");
            assertThat(e.studyUid()).isEqualTo(S1.value());
            assertThat(e.detail()).contains("project=lung-ai", "protocol=IRB-2026-17");
        });
        assertThat(tables.in(AuditTable.BY_STUDY, S1.value())).extracting(AuditEntry::kind)
                .containsExactly("EXPORT_STUDY_EXPORTED");
        // S2 has no patient reference: in the study trail, in no patient's accounting.
        assertThat(tables.in(AuditTable.BY_STUDY, S2.value())).hasSize(1);
        assertThat(tables.rows.keySet()).filteredOn(k -> k.startsWith(AuditTable.BY_PATIENT + "|")).hasSize(1);
    }

    @Test
    void replayingTheStreamWritesTheSameRows() {
        Tables tables = new Tables();
        AuditEventHandler handler = new AuditEventHandler(tables);
        stream().forEach(d -> deliver(handler, d));
        Map<String, AuditEntry> first = new TreeMap<>(tables.rows);
        stream().forEach(d -> deliver(handler, d));
        assertThat(tables.rows).isEqualTo(first);
    }

    @Test
    void aStepOfAnExportWhoseRequestWasNotSeenIsStillReported() {
        Tables tables = new Tables();
        new AuditEventHandler(tables).on(new ExportEvents.ExportStartedEvent(EXPORT, "node-a", false), "x1", T0);
        assertThat(tables.in(AuditTable.EXPORTS, "")).singleElement().satisfies(e -> {
            assertThat(e.subject()).isNull();
            assertThat(e.detail()).isEqualTo("export=" + EXPORT.value() + " node=node-a");
        });
    }
}
