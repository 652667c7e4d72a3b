package io.custos.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.archive.access.api.AccessActor;
import io.custos.archive.access.api.DisclosedStudy;
import io.custos.archive.access.api.FrameAccessStartedEvent;
import io.custos.archive.access.api.FrameAccessSummarizedEvent;
import io.custos.archive.access.api.PurposeOfUse;
import io.custos.archive.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.axonframework.common.Registration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.junit.jupiter.api.Test;

/** The window logic alone; the real event store and projection are covered by {@code AccessTrailIT}. */
class FrameAccessWindowsTest {

    /** Captures what would be appended, or refuses like a failing store. */
    static final class CapturingGateway implements EventGateway {
        final List<Object> published = new ArrayList<>();
        boolean failing;

        @Override
        public void publish(List<?> events) {
            if (failing) {
                throw new IllegalStateException("store down");
            }
            published.addAll(events);
        }

        @Override
        public Registration registerDispatchInterceptor(
                MessageDispatchInterceptor<? super EventMessage<?>> interceptor) {
            return () -> true;
        }
    }

    private final CapturingGateway gateway = new CapturingGateway();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final FrameAccessWindows windows = new FrameAccessWindows(new AccessRecorder(gateway), clock,
            Duration.ofSeconds(60));
    private final AccessActor actor = new AccessActor("dave", "clinician", "t1", "10.0.0.1");
    private final DisclosedStudy study = new DisclosedStudy("1.2.3", "ab".repeat(32));

    @Test
    void theStartIsRecordedOnceAndTheCountsWhenTheWindowExpires() {
        FrameAccessWindows.Window w = windows.open(actor, PurposeOfUse.TREAT, study);
        assertThat(gateway.published).singleElement().isInstanceOf(FrameAccessStartedEvent.class);
        w.served(1, 100, true);
        clock.advance(Duration.ofSeconds(30));
        windows.open(actor, PurposeOfUse.TREAT, study).served(4, 400, false);
        assertThat(gateway.published).hasSize(1);

        clock.advance(Duration.ofSeconds(31));
        windows.closeExpired();
        assertThat(windows.openWindows()).isZero();
        FrameAccessSummarizedEvent summary = (FrameAccessSummarizedEvent) gateway.published.get(1);
        assertThat(summary.windowId()).isEqualTo(w.id());
        assertThat(summary.requests()).isEqualTo(2);
        assertThat(summary.frames()).isEqualTo(5);
        assertThat(summary.bytes()).isEqualTo(500);
        assertThat(summary.failedRequests()).isEqualTo(1);
    }

    @Test
    void theDisclosedStudyIsLookedUpOnlyWhenAWindowStarts() {
        int[] lookups = {0};
        Supplier<DisclosedStudy> lookup = () -> {
            lookups[0]++;
            return study;
        };
        for (int i = 0; i < 5; i++) {
            windows.open(actor, PurposeOfUse.TREAT, study.studyUid(), lookup).served(1, 10, true);
        }
        assertThat(lookups[0]).isEqualTo(1);
        clock.advance(Duration.ofSeconds(61));
        windows.open(actor, PurposeOfUse.TREAT, study.studyUid(), lookup).served(1, 10, true);
        assertThat(lookups[0]).isEqualTo(2);
        assertThat(gateway.published).filteredOn(FrameAccessStartedEvent.class::isInstance).hasSize(2)
                .allSatisfy(e -> assertThat(((FrameAccessStartedEvent) e).study()).isEqualTo(study));
    }

    @Test
    void anotherPurposeOrStudyOpensItsOwnWindow() {
        windows.open(actor, PurposeOfUse.TREAT, study).served(1, 1, true);
        windows.open(actor, PurposeOfUse.ETREAT, study).served(1, 1, true);
        windows.open(actor, PurposeOfUse.TREAT, new DisclosedStudy("1.2.4", null)).served(1, 1, true);
        assertThat(gateway.published).hasSize(3).allMatch(FrameAccessStartedEvent.class::isInstance);
    }

    @Test
    void aWindowThatExpiresWithRequestsInFlightClosesWhenTheLastReports() {
        FrameAccessWindows.Window w = windows.open(actor, PurposeOfUse.TREAT, study);
        clock.advance(Duration.ofSeconds(61));
        windows.closeExpired();
        assertThat(gateway.published).hasSize(1);
        w.served(2, 20, true);
        assertThat(gateway.published).hasSize(2);
        assertThat(((FrameAccessSummarizedEvent) gateway.published.get(1)).frames()).isEqualTo(2);
    }

    @Test
    void shutdownClosesEveryWindowWithItsCounts() {
        windows.open(actor, PurposeOfUse.TREAT, study).served(7, 70, true);
        windows.closeAll();
        assertThat(gateway.published).last().isInstanceOfSatisfying(FrameAccessSummarizedEvent.class,
                s -> assertThat(s.frames()).isEqualTo(7));
    }

    @Test
    void noFrameMayBeServedWhenTheStartCannotBeRecorded() {
        gateway.failing = true;
        assertThatThrownBy(() -> windows.open(actor, PurposeOfUse.TREAT, study))
                .isInstanceOf(IllegalStateException.class);
        assertThat(windows.openWindows()).isZero();
    }
}
