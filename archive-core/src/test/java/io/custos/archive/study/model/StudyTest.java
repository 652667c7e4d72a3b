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
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StudyTest {

    private static final String STUDY_ID = "acme/1.2.3";
    private static final IngestSource SOURCE = IngestSource.dimse("MODALITY", "CUSTOS", "127.0.0.1");
    private static final SealedAttributes SEALED = new SealedAttributes("k1", new byte[] {1, 2, 3});

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
    void anotherInstanceOfTheStudyIsStored() {
        fixture.given(stored("1.2.3.4", "aa"))
                .when(record("1.2.3.5", "aa"))
                .expectResultMessagePayload(RecordingResult.STORED)
                .expectEvents(stored("1.2.3.5", "aa"));
    }

    private static RecordInstanceCommand record(String sop, String sha) {
        return new RecordInstanceCommand(STUDY_ID, new TenantId("acme"), new RegionId("local"),
                new StudyInstanceUid("1.2.3"), new SeriesInstanceUid("1.2.3.1"), new SopInstanceUid(sop),
                new SopClassUid("1.2.840.10008.5.1.4.1.1.7"), new TransferSyntaxUid("1.2.840.10008.1.2.1"), 10, sha,
                "local/acme/k1/" + sha + ".dcm.enc", SEALED, SOURCE);
    }

    private static InstanceStoredEvent stored(String sop, String sha) {
        return new InstanceStoredEvent(STUDY_ID, new TenantId("acme"), new RegionId("local"),
                new StudyInstanceUid("1.2.3"), new SeriesInstanceUid("1.2.3.1"), new SopInstanceUid(sop),
                new SopClassUid("1.2.840.10008.5.1.4.1.1.7"), new TransferSyntaxUid("1.2.840.10008.1.2.1"), 10, sha,
                "local/acme/k1/" + sha + ".dcm.enc", SEALED, SOURCE);
    }
}
