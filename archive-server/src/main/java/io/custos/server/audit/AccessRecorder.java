package io.custos.server.audit;

import java.util.Objects;
import org.axonframework.eventhandling.gateway.EventGateway;

/**
 * Appends access events to the event store before the data they describe is sent. Publishing outside a unit
 * of work commits at once, so when {@link #record} returns the event is durable in PostgreSQL; when it
 * throws, the caller must not answer with data (fail closed: an unrecorded access never happens).
 */
final class AccessRecorder {

    private final EventGateway events;

    AccessRecorder(EventGateway events) {
        this.events = Objects.requireNonNull(events, "events");
    }

    void record(Object accessEvent) {
        events.publish(accessEvent);
    }
}
