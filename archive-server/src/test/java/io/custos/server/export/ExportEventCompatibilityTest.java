package io.custos.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.export.api.ExportEvents.ExportStudyCompletedEvent;
import io.custos.archive.export.api.ExportId;
import java.nio.charset.StandardCharsets;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.junit.jupiter.api.Test;

/**
 * {@link ExportStudyCompletedEvent} gained {@code patientRef} at its end: events stored before it still read
 * (as null) with the event serializer the archive uses (Axon's Jackson 3 serializer), no upcaster needed.
 */
class ExportEventCompatibilityTest {

    private final Serializer serializer = Jackson3Serializer.builder().build();

    @Test
    void aStudyCompletedEventStoredWithoutThePatientReferenceReadsAsNull() {
        String before = "{\"exportId\":{\"value\":\"t1/0b6f9c1e-3f4a-4d7e-9a51-2f1c3b5d7e90\"},"
                + "\"study\":{\"value\":\"1.2.3\"},\"instancesExported\":10,\"instancesExcluded\":1,\"bytes\":1000,"
                + "\"studiesDone\":1,\"studiesTotal\":2}";
        SerializedObject<byte[]> stored = new SimpleSerializedObject<>(before.getBytes(StandardCharsets.UTF_8),
                byte[].class, ExportStudyCompletedEvent.class.getName(), null);
        ExportStudyCompletedEvent event = serializer.deserialize(stored);
        assertThat(event.patientRef()).isNull();
        assertThat(event.instancesExported()).isEqualTo(10);
        assertThat(event.study()).isEqualTo(new StudyInstanceUid("1.2.3"));
    }

    @Test
    void theReferenceRoundTrips() {
        ExportStudyCompletedEvent event = new ExportStudyCompletedEvent(
                new ExportId("t1/0b6f9c1e-3f4a-4d7e-9a51-2f1c3b5d7e90"), new StudyInstanceUid("1.2.3"), 10, 1, 1000, 1, 2,
                "ab12");
        ExportStudyCompletedEvent back = serializer.deserialize(serializer.serialize(event, byte[].class));
        assertThat(back).isEqualTo(event);
    }
}
