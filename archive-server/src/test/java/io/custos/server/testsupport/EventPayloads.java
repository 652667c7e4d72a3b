package io.custos.server.testsupport;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.ConfigurableApplicationContext;

/** The payloads of one type in a running archive's event store, deserialized, in store order. */
public final class EventPayloads {

    private EventPayloads() {
    }

    public static <T> List<T> ofType(ConfigurableApplicationContext archive, Class<T> type) {
        List<T> all = new ArrayList<>();
        try (BlockingStream<TrackedEventMessage<?>> stream = archive.getBean(EventStore.class).openStream(null)) {
            while (stream.hasNextAvailable()) {
                Object payload = stream.nextAvailable().getPayload();
                if (type.isInstance(payload)) {
                    all.add(type.cast(payload));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return all;
    }
}
