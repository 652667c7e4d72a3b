package io.custos.archive.retention;

import io.custos.archive.access.api.AccessActor;
import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.archive.retention.api.CheckPatientHoldsCommand;
import io.custos.archive.retention.api.HoldId;
import io.custos.archive.retention.api.HoldResult;
import io.custos.archive.retention.api.PatientHoldsCheckedEvent;
import io.custos.archive.retention.api.PatientHoldsId;
import io.custos.archive.retention.api.PatientLegalHoldPlacedEvent;
import io.custos.archive.retention.api.PatientLegalHoldReleasedEvent;
import io.custos.archive.retention.api.PlacePatientLegalHoldCommand;
import io.custos.archive.retention.model.PatientHolds;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PatientHoldsTest {

    private static final PatientHoldsId PATIENT = new PatientHoldsId(new TenantId("acme"), new RegionId("local"),
            "pRef-0123456789abcdef");
    private static final AccessActor ADMIN = new AccessActor("ada", "tenant-admin", "acme", "127.0.0.1");
    private static final HoldId HOLD = new HoldId("LIT-1");
    private static final StudyInstanceUid STUDY = new StudyInstanceUid("1.2.3");

    private AggregateTestFixture<PatientHolds> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(PatientHolds.class);
    }

    @Test
    void aCheckWithoutHoldsRecordsItselfAndAnswersNone() {
        fixture.givenNoPriorActivity()
                .when(new CheckPatientHoldsCommand(PATIENT, STUDY))
                .expectResultMessagePayload(List.of())
                .expectEvents(new PatientHoldsCheckedEvent(PATIENT.value(), PATIENT.tenant(), PATIENT.region(),
                        PATIENT.patientRef(), STUDY, List.of()));
    }

    @Test
    void aPlacedHoldIsSeenByTheNextCheckAndPlacingItAgainChangesNothing() {
        PatientLegalHoldPlacedEvent placed = new PatientLegalHoldPlacedEvent(PATIENT.value(), PATIENT.tenant(),
                PATIENT.region(), PATIENT.patientRef(), HOLD, ADMIN);
        fixture.given(placed)
                .when(new CheckPatientHoldsCommand(PATIENT, STUDY))
                .expectResultMessagePayload(List.of(HOLD));
        fixture.given(placed)
                .when(new PlacePatientLegalHoldCommand(PATIENT, HOLD, ADMIN))
                .expectResultMessagePayload(HoldResult.ALREADY_PLACED)
                .expectNoEvents();
    }

    @Test
    void aReleasedHoldNoLongerBlocks() {
        fixture.given(new PatientLegalHoldPlacedEvent(PATIENT.value(), PATIENT.tenant(), PATIENT.region(),
                        PATIENT.patientRef(), HOLD, ADMIN),
                new PatientLegalHoldReleasedEvent(PATIENT.value(), PATIENT.tenant(), PATIENT.region(),
                        PATIENT.patientRef(), HOLD, ADMIN))
                .when(new CheckPatientHoldsCommand(PATIENT, STUDY))
                .expectResultMessagePayload(List.of());
    }
}
