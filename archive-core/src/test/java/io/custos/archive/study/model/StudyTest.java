package io.custos.archive.study.model;

import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.SeriesInstanceUid;
import io.custos.archive.domain.SopClassUid;
import io.custos.archive.domain.SopInstanceUid;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.archive.domain.TransferSyntaxUid;
import io.custos.archive.ingest.api.IngestSource;
import io.custos.archive.ingest.api.RejectionReason;
import io.custos.archive.study.api.InstanceIngestRejectedEvent;
import io.custos.archive.study.api.InstanceReceivedAgainEvent;
import io.custos.archive.study.api.InstanceStoredEvent;
import io.custos.archive.study.api.RecordInstanceCommand;
import io.custos.archive.study.api.RecordingResult;
import io.custos.archive.study.api.SealedAttributes;
import io.custos.archive.access.api.AccessActor;
import io.custos.archive.retention.api.DeleteStudyCommand;
import io.custos.archive.retention.api.DeletionDecision;
import io.custos.archive.retention.api.DeletionReason;
import io.custos.archive.retention.api.DeletionRefusal;
import io.custos.archive.retention.api.HoldId;
import io.custos.archive.retention.api.HoldResult;
import io.custos.archive.retention.api.PlaceStudyLegalHoldCommand;
import io.custos.archive.retention.api.RecordStudyShreddedCommand;
import io.custos.archive.retention.api.StudyDeletedEvent;
import io.custos.archive.retention.api.StudyDeletionRefusedEvent;
import io.custos.archive.retention.api.StudyLegalHoldPlacedEvent;
import io.custos.archive.retention.api.StudyLegalHoldReleasedEvent;
import io.custos.archive.retention.api.StudyShreddedEvent;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StudyTest {

    private static final String STUDY_ID = "acme/1.2.3";
    private static final IngestSource SOURCE = IngestSource.dimse("MODALITY", "CUSTOS", "127.0.0.1");
    private static final SealedAttributes SEALED = new SealedAttributes("k1", new byte[] {1, 2, 3});

    private static final AccessActor ADMIN = new AccessActor("ada", "tenant-admin", "acme", "127.0.0.1");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    private AggregateTestFixture<Study> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Study.class);
    }

    @Test
    void firstInstanceIsStored() {
        fixture.givenNoPriorActivity()
                .when(record("1.2.3.4", "aa"))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(RecordingResult.STORED)
                .expectEvents(stored("1.2.3.4", "aa"));
    }

    @Test
    void sameBytesAgainIsAlreadyStoredAndRecordedAsReceivedAgain() {
        fixture.given(stored("1.2.3.4", "aa"))
                .when(record("1.2.3.4", "aa"))
                .expectResultMessagePayload(RecordingResult.ALREADY_STORED)
                .expectEvents(new InstanceReceivedAgainEvent(STUDY_ID, new TenantId("acme"),
                        new SopInstanceUid("1.2.3.4"), "aa", SOURCE));
    }

    @Test
    void otherBytesUnderAKnownSopInstanceAreAConflictThatIsRecorded() {
        fixture.given(stored("1.2.3.4", "aa"))
                .when(record("1.2.3.4", "bb"))
                .expectResultMessagePayload(RecordingResult.CONFLICT)
                .expectEvents(new InstanceIngestRejectedEvent(STUDY_ID, new TenantId("acme"), new RegionId("local"),
                        "1.2.3", "1.2.3.4", "1.2.840.10008.5.1.4.1.1.7", 10, "bb",
                        RejectionReason.CONFLICTING_DUPLICATE, SOURCE));
    }

    @Test
    void theSameDataSetUnderAnotherFileMetaHeaderIsAlreadyStored() {
        // e.g. sent by C-STORE (our meta header) and then by STOW-RS as the modality's original file
        fixture.given(stored("1.2.3.4", "aa", "d1"))
                .when(record("1.2.3.4", "bb", "d1"))
                .expectResultMessagePayload(RecordingResult.ALREADY_STORED)
                .expectEvents(new InstanceReceivedAgainEvent(STUDY_ID, new TenantId("acme"),
                        new SopInstanceUid("1.2.3.4"), "bb", SOURCE));
    }

    @Test
    void anInstanceRecordedBeforeDataSetDigestsExistedIsComparedByItsFileBytesOnly() {
        fixture.given(stored("1.2.3.4", "aa", null))
                .when(record("1.2.3.4", "bb", "d1"))
                .expectResultMessagePayload(RecordingResult.CONFLICT);
    }

    @Test
    void anotherInstanceOfTheStudyIsStored() {
        fixture.given(stored("1.2.3.4", "aa"))
                .when(record("1.2.3.5", "aa"))
                .expectResultMessagePayload(RecordingResult.STORED)
                .expectEvents(stored("1.2.3.5", "aa"));
    }

    @Test
    void anInstanceArrivingThroughAnotherRegionIsRefusedAndRecorded() {
        RecordInstanceCommand elsewhere = new RecordInstanceCommand(STUDY_ID, new TenantId("acme"),
                new RegionId("eu-west"), new StudyInstanceUid("1.2.3"), new SeriesInstanceUid("1.2.3.1"),
                new SopInstanceUid("1.2.3.9"), new SopClassUid("1.2.840.10008.5.1.4.1.1.7"),
                new TransferSyntaxUid("1.2.840.10008.1.2.1"), 10, "cc", "eu-west/acme/k2/cc.dcm.enc", SEALED, SOURCE,
                "dataset-of-cc");
        fixture.given(stored("1.2.3.4", "aa"))
                .when(elsewhere)
                .expectResultMessagePayload(RecordingResult.OTHER_REGION)
                .expectEvents(new InstanceIngestRejectedEvent(STUDY_ID, new TenantId("acme"), new RegionId("eu-west"),
                        "1.2.3", "1.2.3.9", "1.2.840.10008.5.1.4.1.1.7", 10, "cc",
                        RejectionReason.STUDY_IN_OTHER_REGION, SOURCE));
    }

    @Test
    void aDeletedStudyTakesNoNewInstance() {
        fixture.given(stored("1.2.3.4", "aa"), deleted())
                .when(record("1.2.3.5", "bb"))
                .expectResultMessagePayload(RecordingResult.DELETED)
                .expectEvents(new InstanceIngestRejectedEvent(STUDY_ID, new TenantId("acme"), new RegionId("local"),
                        "1.2.3", "1.2.3.5", "1.2.840.10008.5.1.4.1.1.7", 10, "bb", RejectionReason.STUDY_DELETED,
                        SOURCE));
    }

    @Test
    void deletionPastRetentionWithoutHoldsDeletesAndListsEveryBlob() {
        fixture.given(stored("1.2.3.4", "aa"), stored("1.2.3.5", "bb"))
                .when(delete(LocalDate.of(2020, 1, 1), List.of()))
                .expectResultMessagePayload(new DeletionDecision(DeletionDecision.Outcome.DELETED, null,
                        LocalDate.of(2020, 1, 1), List.of(), 2, 20))
                .expectEvents(new StudyDeletedEvent(STUDY_ID, new TenantId("acme"), new RegionId("local"),
                        new StudyInstanceUid("1.2.3"), DeletionReason.RETENTION_EXPIRED, LocalDate.of(2020, 1, 1), 2, 20,
                        List.of("local/acme/k1/aa.dcm.enc", "local/acme/k1/bb.dcm.enc"), "patient-hash-0123456789",
                        ADMIN));
    }

    @Test
    void deletionWithinRetentionIsRefusedWithTheFirstAllowedDay() {
        LocalDate until = LocalDate.of(2031, 6, 1);
        fixture.given(stored("1.2.3.4", "aa"))
                .when(delete(until, List.of()))
                .expectResultMessagePayload(DeletionDecision.refused(DeletionRefusal.RETENTION_PERIOD, until, List.of()))
                .expectEvents(new StudyDeletionRefusedEvent(STUDY_ID, new TenantId("acme"), new RegionId("local"),
                        new StudyInstanceUid("1.2.3"), DeletionRefusal.RETENTION_PERIOD, until, List.of(),
                        DeletionReason.RETENTION_EXPIRED, ADMIN));
    }

    @Test
    void aStudyHoldBlocksDeletionEvenPastRetentionUntilReleased() {
        HoldId hold = new HoldId("LIT-2026-014");
        StudyLegalHoldPlacedEvent placed = new StudyLegalHoldPlacedEvent(STUDY_ID, new TenantId("acme"),
                new RegionId("local"), new StudyInstanceUid("1.2.3"), hold, ADMIN);
        fixture.given(stored("1.2.3.4", "aa"), placed)
                .when(delete(LocalDate.of(2020, 1, 1), List.of()))
                .expectResultMessagePayload(DeletionDecision.refused(DeletionRefusal.STUDY_LEGAL_HOLD, null,
                        List.of(hold)));
        fixture.given(stored("1.2.3.4", "aa"), placed, new StudyLegalHoldReleasedEvent(STUDY_ID,
                        new TenantId("acme"), new RegionId("local"), new StudyInstanceUid("1.2.3"), hold, ADMIN))
                .when(delete(LocalDate.of(2020, 1, 1), List.of()))
                .expectResultMessagePayload(new DeletionDecision(DeletionDecision.Outcome.DELETED, null,
                        LocalDate.of(2020, 1, 1), List.of(), 1, 10));
    }

    @Test
    void aPatientHoldBlocksDeletion() {
        HoldId hold = new HoldId("GDPR-DISPUTE-7");
        fixture.given(stored("1.2.3.4", "aa"))
                .when(delete(LocalDate.of(2020, 1, 1), List.of(hold)))
                .expectResultMessagePayload(DeletionDecision.refused(DeletionRefusal.PATIENT_LEGAL_HOLD, null,
                        List.of(hold)))
                .expectEvents(new StudyDeletionRefusedEvent(STUDY_ID, new TenantId("acme"), new RegionId("local"),
                        new StudyInstanceUid("1.2.3"), DeletionRefusal.PATIENT_LEGAL_HOLD, null, List.of(hold),
                        DeletionReason.RETENTION_EXPIRED, ADMIN));
    }

    @Test
    void deletingTwiceRecordsOnceAndShreddingIsRecordedOnce() {
        fixture.given(stored("1.2.3.4", "aa"), deleted())
                .when(delete(LocalDate.of(2020, 1, 1), List.of()))
                .expectResultMessagePayload(new DeletionDecision(DeletionDecision.Outcome.ALREADY_DELETED, null,
                        LocalDate.of(2020, 1, 1), List.of(), 0, 0))
                .expectNoEvents();
        fixture.given(stored("1.2.3.4", "aa"), deleted(), new StudyShreddedEvent(STUDY_ID, new TenantId("acme"),
                        new RegionId("local"), new StudyInstanceUid("1.2.3"), List.of("k1"), 1))
                .when(new RecordStudyShreddedCommand(STUDY_ID, List.of(), 0))
                .expectResultMessagePayload(false)
                .expectNoEvents();
    }

    @Test
    void aHoldCannotBePlacedOnADeletedStudy() {
        fixture.given(stored("1.2.3.4", "aa"), deleted())
                .when(new PlaceStudyLegalHoldCommand(STUDY_ID, new HoldId("LATE-1"), ADMIN))
                .expectResultMessagePayload(HoldResult.STUDY_DELETED)
                .expectNoEvents();
    }

    private static DeleteStudyCommand delete(LocalDate retainUntil, List<HoldId> patientHolds) {
        return new DeleteStudyCommand(STUDY_ID, DeletionReason.RETENTION_EXPIRED, retainUntil, TODAY, patientHolds,
                "patient-hash-0123456789", ADMIN);
    }

    private static StudyDeletedEvent deleted() {
        return new StudyDeletedEvent(STUDY_ID, new TenantId("acme"), new RegionId("local"),
                new StudyInstanceUid("1.2.3"), DeletionReason.RETENTION_EXPIRED, LocalDate.of(2020, 1, 1), 1, 10,
                List.of("local/acme/k1/aa.dcm.enc"), null, ADMIN);
    }

    /** A command whose data set digest follows from its file digest: other bytes, other data set. */
    private static RecordInstanceCommand record(String sop, String sha) {
        return record(sop, sha, "dataset-of-" + sha);
    }

    private static RecordInstanceCommand record(String sop, String sha, String datasetSha) {
        return new RecordInstanceCommand(STUDY_ID, new TenantId("acme"), new RegionId("local"),
                new StudyInstanceUid("1.2.3"), new SeriesInstanceUid("1.2.3.1"), new SopInstanceUid(sop),
                new SopClassUid("1.2.840.10008.5.1.4.1.1.7"), new TransferSyntaxUid("1.2.840.10008.1.2.1"), 10, sha,
                "local/acme/k1/" + sha + ".dcm.enc", SEALED, SOURCE, datasetSha);
    }

    private static InstanceStoredEvent stored(String sop, String sha) {
        return stored(sop, sha, "dataset-of-" + sha);
    }

    private static InstanceStoredEvent stored(String sop, String sha, String datasetSha) {
        return new InstanceStoredEvent(STUDY_ID, new TenantId("acme"), new RegionId("local"),
                new StudyInstanceUid("1.2.3"), new SeriesInstanceUid("1.2.3.1"), new SopInstanceUid(sop),
                new SopClassUid("1.2.840.10008.5.1.4.1.1.7"), new TransferSyntaxUid("1.2.840.10008.1.2.1"), 10, sha,
                "local/acme/k1/" + sha + ".dcm.enc", SEALED, SOURCE, datasetSha);
    }
}
