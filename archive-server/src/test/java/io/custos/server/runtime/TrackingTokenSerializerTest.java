package io.custos.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.MergedTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.junit.jupiter.api.Test;

/** Every token type Axon's processors write must come back equal from the token store's serializer. */
class TrackingTokenSerializerTest {

    private static final GapAwareTrackingToken POSITION =
            GapAwareTrackingToken.newInstance(42, new TreeSet<>(List.of(7L, 9L)));

    private final Serializer serializer = TrackingTokenSerializer.create();

    @Test
    void everyTokenTypeRoundTrips() {
        List<TrackingToken> tokens = List.of(
                POSITION,
                new GlobalSequenceTrackingToken(5),
                ReplayToken.createReplayToken(POSITION, null),
                ReplayToken.createReplayToken(POSITION, GapAwareTrackingToken.newInstance(3, Set.of())),
                ReplayToken.createReplayToken(POSITION, null, null),
                new MergedTrackingToken(POSITION, GapAwareTrackingToken.newInstance(50, Set.of())),
                new MergedTrackingToken(ReplayToken.createReplayToken(POSITION, null), POSITION));
        for (TrackingToken token : tokens) {
            SerializedObject<byte[]> stored = serializer.serialize(token, byte[].class);
            assertThat((Object) serializer.deserialize(stored)).as("%s", token).isEqualTo(token);
        }
    }

    /** The failure this class exists for: Jackson 3's default validator refuses ReplayToken's Object context. */
    @Test
    void axonsDefaultJackson3SerializerCannotReadAReplayToken() {
        Serializer general = Jackson3Serializer.builder().build();
        SerializedObject<byte[]> stored = general.serialize(ReplayToken.createReplayToken(POSITION, null), byte[].class);
        assertThatThrownBy(() -> general.deserialize(stored)).isInstanceOf(SerializationException.class);
        assertThat((Object) serializer.deserialize(stored)).isInstanceOf(ReplayToken.class);
    }

    /** Only Axon's event-handling types may be named inside a token: a stored class name is not trusted blindly. */
    @Test
    void refusesOtherClassesInsideAToken() {
        String json = "{\"tokenAtReset\":{\"@class\":\"org.axonframework.eventhandling.GlobalSequenceTrackingToken\","
                + "\"globalIndex\":1},\"currentToken\":null,"
                + "\"context\":{\"@class\":\"java.util.concurrent.atomic.AtomicLong\",\"value\":1}}";
        SerializedObject<byte[]> stored = new SimpleSerializedObject<>(json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                byte[].class, new SimpleSerializedType(ReplayToken.class.getName(), null));
        assertThatThrownBy(() -> serializer.deserialize(stored)).isInstanceOf(SerializationException.class);
    }
}
