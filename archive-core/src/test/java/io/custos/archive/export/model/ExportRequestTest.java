package io.custos.archive.export.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.archive.access.api.AccessActor;
import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.export.api.ExportCommandResult;
import io.custos.archive.export.api.ExportCommands;
import io.custos.archive.export.api.ExportEvents.ExportApprovedEvent;
import io.custos.archive.export.api.ExportEvents.ExportCompletedEvent;
import io.custos.archive.export.api.ExportEvents.ExportDownloadedEvent;
import io.custos.archive.export.api.ExportEvents.ExportFailedEvent;
import io.custos.archive.export.api.ExportEvents.ExportRejectedEvent;
import io.custos.archive.export.api.ExportEvents.ExportRequestedEvent;
import io.custos.archive.export.api.ExportEvents.ExportRetriedEvent;
import io.custos.archive.export.api.ExportEvents.ExportStartedEvent;
import io.custos.archive.export.api.ExportEvents.ExportStepRefusedEvent;
import io.custos.archive.export.api.ExportEvents.ExportStudyCompletedEvent;
import io.custos.archive.export.api.ExportId;
import io.custos.archive.export.api.ExportPlan;
import java.util.List;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExportRequestTest {

    private static final ExportId ID = new ExportId("acme/0b6f9c1e-3f4a-4d7e-9a51-2f1c3b5d7e90");
    private static final RegionId REGION = new RegionId("local");
    private static final StudyInstanceUid S1 = new StudyInstanceUid("1.2.3.1");
    private static final StudyInstanceUid S2 = new StudyInstanceUid("1.2.3.2");
    private static final ExportPlan PLAN = new ExportPlan("lung-ai", "IRB-2026-17", Set.of("RETAIN_UIDS"),
            List.of(S1, S2), List.of(), true);
    private static final AccessActor RESEARCHER = new AccessActor("rosa", "researcher", "acme", "10.0.0.5");
    private static final AccessActor STEWARD = new AccessActor("sam", "data-steward", "acme", "10.0.0.6");
    /** A researcher who is also a steward: may not approve her own request. */
    private static final AccessActor ROSA_AS_STEWARD = new AccessActor("rosa", "data-steward,researcher", "acme",
            "10.0.0.5");

    private AggregateTestFixture<ExportRequest> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ExportRequest.class);
    }

    @Test
    void aResearcherRequestsAnExport() {
        fixture.givenNoPriorActivity()
                .when(new ExportCommands.Request(ID, REGION, PLAN, RESEARCHER))
                .expectEvents(new ExportRequestedEvent(ID, REGION, PLAN, RESEARCHER));
    }

    @Test
    void onlyAResearcherOfTheTenantRequests() {
        fixture.givenNoPriorActivity()
                .when(new ExportCommands.Request(ID, REGION, PLAN, STEWARD))
                .expectException(IllegalArgumentException.class)
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new ExportCommands.Request(ID, REGION, PLAN,
                        new AccessActor("rosa", "researcher", "other", "10.0.0.5")))
                .expectException(IllegalArgumentException.class)
                .expectNoEvents();
    }

    @Test
    void aStewardWhoIsNotTheRequesterApproves() {
        fixture.given(requested())
                .when(new ExportCommands.Decide(ID, true, null, STEWARD))
                .expectResultMessagePayload(ExportCommandResult.DONE)
                .expectEvents(new ExportApprovedEvent(ID, STEWARD));
    }

    @Test
    void theRequesterCannotApproveHerOwnRequestEvenAsASteward() {
        fixture.given(requested())
                .when(new ExportCommands.Decide(ID, true, null, ROSA_AS_STEWARD))
                .expectResultMessagePayload(ExportCommandResult.SAME_PERSON)
                .expectEvents(new ExportStepRefusedEvent(ID, "approve", ExportCommandResult.SAME_PERSON,
                        ROSA_AS_STEWARD));
    }

    @Test
    void aResearcherIsNotASteward() {
        AccessActor other = new AccessActor("rita", "researcher", "acme", "10.0.0.7");
        fixture.given(requested())
                .when(new ExportCommands.Decide(ID, true, null, other))
                .expectResultMessagePayload(ExportCommandResult.WRONG_ROLE)
                .expectEvents(new ExportStepRefusedEvent(ID, "approve", ExportCommandResult.WRONG_ROLE, other));
    }

    @Test
    void aRejectionIsFinal() {
        fixture.given(requested(), new ExportRejectedEvent(ID, "PROTOCOL_MISMATCH", STEWARD))
                .when(new ExportCommands.Decide(ID, true, null, STEWARD))
                .expectResultMessagePayload(ExportCommandResult.WRONG_STATE)
                .expectEvents(new ExportStepRefusedEvent(ID, "approve", ExportCommandResult.WRONG_STATE, STEWARD));
        fixture.given(requested(), new ExportRejectedEvent(ID, "PROTOCOL_MISMATCH", STEWARD))
                .when(new ExportCommands.Start(ID, "node-1"))
                .expectResultMessagePayload(ExportCommandResult.WRONG_STATE)
                .expectNoEvents();
    }

    @Test
    void nothingRunsBeforeApproval() {
        fixture.given(requested())
                .when(new ExportCommands.Start(ID, "node-1"))
                .expectResultMessagePayload(ExportCommandResult.WRONG_STATE)
                .expectNoEvents();
    }

    @Test
    void studiesAreRecordedOnceEachWithProgressAndARestartResumes() {
        fixture.given(requested(), approved(), new ExportStartedEvent(ID, "node-1", false),
                        new ExportStudyCompletedEvent(ID, S1, 10, 1, 1000, 1, 2, "P1"))
                .when(new ExportCommands.RecordStudyExported(ID, S1, 10, 1, 1000, "P1"))
                .expectResultMessagePayload(ExportCommandResult.ALREADY_DONE)
                .expectNoEvents();
        fixture.given(requested(), approved(), new ExportStartedEvent(ID, "node-1", false),
                        new ExportStudyCompletedEvent(ID, S1, 10, 1, 1000, 1, 2, "P1"))
                .when(new ExportCommands.Start(ID, "node-2"))
                .expectEvents(new ExportStartedEvent(ID, "node-2", true));
        fixture.given(requested(), approved(), new ExportStartedEvent(ID, "node-1", false),
                        new ExportStudyCompletedEvent(ID, S1, 10, 1, 1000, 1, 2, "P1"))
                .when(new ExportCommands.RecordStudyExported(ID, S2, 5, 0, 500, "P2"))
                .expectEvents(new ExportStudyCompletedEvent(ID, S2, 5, 0, 500, 2, 2, "P2"));
    }

    @Test
    void aStudyOutsideThePlanIsNotExported() {
        fixture.given(requested(), approved(), new ExportStartedEvent(ID, "node-1", false))
                .when(new ExportCommands.RecordStudyExported(ID, new StudyInstanceUid("9.9.9"), 1, 0, 1, "P1"))
                .expectResultMessagePayload(ExportCommandResult.NOT_IN_PLAN)
                .expectNoEvents();
    }

    @Test
    void completionNeedsEveryStudyAndAFailedJobCanStartAgain() {
        fixture.given(requested(), approved(), new ExportStartedEvent(ID, "node-1", false),
                        new ExportStudyCompletedEvent(ID, S1, 10, 1, 1000, 1, 2, "P1"))
                .when(new ExportCommands.Complete(ID, "ab".repeat(32), 11, 1000))
                .expectResultMessagePayload(ExportCommandResult.WRONG_STATE)
                .expectNoEvents();
        fixture.given(requested(), approved(), new ExportStartedEvent(ID, "node-1", false),
                        new ExportFailedEvent(ID, "STORE_UNAVAILABLE"))
                .when(new ExportCommands.Start(ID, "node-1"))
                .expectEvents(new ExportStartedEvent(ID, "node-1", true));
        fixture.given(concat(running(), new ExportStudyCompletedEvent(ID, S2, 5, 0, 500, 2, 2, "P2")))
                .when(new ExportCommands.Complete(ID, "ab".repeat(32), 16, 1500))
                .expectEvents(new ExportCompletedEvent(ID, "ab".repeat(32), 16, 1500));
    }

    @Test
    void aStewardSendsOnlyAFailedExportBackToTheJob() {
        Object[] failed = {requested(), approved(), new ExportStartedEvent(ID, "node-1", false),
                new ExportFailedEvent(ID, "STORE_UNAVAILABLE")};
        fixture.given(failed)
                .when(new ExportCommands.Retry(ID, STEWARD))
                .expectResultMessagePayload(ExportCommandResult.DONE)
                .expectEvents(new ExportRetriedEvent(ID, STEWARD));
        fixture.given(concat(failed, new ExportRetriedEvent(ID, STEWARD)))
                .when(new ExportCommands.Start(ID, "node-1"))
                .expectEvents(new ExportStartedEvent(ID, "node-1", true));
        fixture.given(failed)
                .when(new ExportCommands.Retry(ID, RESEARCHER))
                .expectResultMessagePayload(ExportCommandResult.WRONG_ROLE)
                .expectEvents(new ExportStepRefusedEvent(ID, "retry", ExportCommandResult.WRONG_ROLE, RESEARCHER));
        fixture.given(running())
                .when(new ExportCommands.Retry(ID, STEWARD))
                .expectResultMessagePayload(ExportCommandResult.WRONG_STATE)
                .expectEvents(new ExportStepRefusedEvent(ID, "retry", ExportCommandResult.WRONG_STATE, STEWARD));
    }

    @Test
    void downloadsAreRecordedOnlyForACompletedExportAndItsRequesterOrAsteward() {
        AccessActor stranger = new AccessActor("rita", "researcher", "acme", "10.0.0.7");
        fixture.given(completed())
                .when(new ExportCommands.RecordDownload(ID, "manifest.json", RESEARCHER))
                .expectEvents(new ExportDownloadedEvent(ID, "manifest.json", RESEARCHER));
        fixture.given(completed())
                .when(new ExportCommands.RecordDownload(ID, "manifest.json", stranger))
                .expectResultMessagePayload(ExportCommandResult.WRONG_ROLE)
                .expectEvents(new ExportStepRefusedEvent(ID, "download", ExportCommandResult.WRONG_ROLE, stranger));
        fixture.given(requested(), approved())
                .when(new ExportCommands.RecordDownload(ID, "manifest.json", RESEARCHER))
                .expectResultMessagePayload(ExportCommandResult.WRONG_STATE)
                .expectEvents(new ExportStepRefusedEvent(ID, "download", ExportCommandResult.WRONG_STATE,
                        RESEARCHER));
    }

    @Test
    void aPlanIsBoundedAndNamesEachStudyOnce() {
        assertThatThrownBy(() -> new ExportPlan("p", "x", Set.of(), List.of(), List.of(), false))
                .hasMessageContaining("at least one study");
        assertThatThrownBy(() -> new ExportPlan("p", "x", Set.of(), List.of(S1, S1), List.of(), false))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> new ExportPlan("p q", "x", Set.of(), List.of(S1), List.of(), false))
                .hasMessageContaining("project");
    }

    private static Object[] concat(Object[] first, Object... more) {
        Object[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    private static ExportRequestedEvent requested() {
        return new ExportRequestedEvent(ID, REGION, PLAN, RESEARCHER);
    }

    private static ExportApprovedEvent approved() {
        return new ExportApprovedEvent(ID, STEWARD);
    }

    private static Object[] running() {
        return new Object[] {requested(), approved(), new ExportStartedEvent(ID, "node-1", false),
            new ExportStudyCompletedEvent(ID, S1, 10, 1, 1000, 1, 2, "P1")};
    }

    private static Object[] completed() {
        return new Object[] {requested(), approved(), new ExportStartedEvent(ID, "node-1", false),
            new ExportStudyCompletedEvent(ID, S1, 10, 1, 1000, 1, 2, "P1"),
            new ExportStudyCompletedEvent(ID, S2, 5, 0, 500, 2, 2, "P2"),
            new ExportCompletedEvent(ID, "ab".repeat(32), 16, 1500)};
    }
}
