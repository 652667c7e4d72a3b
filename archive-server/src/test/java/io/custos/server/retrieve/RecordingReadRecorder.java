package io.custos.server.retrieve;

import io.custos.query.wado.ReadRecorder;
import io.custos.query.wado.WadoRead;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ReadRecorder} that keeps what it is told, registered by the test through {@code spring.main.sources}
 * (deliberately not a component, so component scanning of other tests never picks it up). It shows the seam
 * the access trail will use: any ReadRecorder bean replaces the logging default.
 */
public class RecordingReadRecorder implements ReadRecorder {

    private final List<WadoRead> reads = new CopyOnWriteArrayList<>();

    @Override
    public void record(WadoRead read) {
        reads.add(read);
    }

    List<WadoRead> reads() {
        return List.copyOf(reads);
    }
}
