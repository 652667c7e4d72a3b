package io.custos.server.retrieve;

import io.custos.query.wado.ReadRecorder;
import io.custos.query.wado.WadoRead;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ReadRecorder} that keeps what it is told, registered by the test through {@code spring.main.sources}
 * (deliberately not a component, so component scanning of other tests never picks it up). It shows the seam
 * the access trail will use: every ReadRecorder bean receives each read, beside the access trail's.
 */
public class RecordingReadRecorder implements ReadRecorder {

    private final List<WadoRead> reads = new CopyOnWriteArrayList<>();

    /** Seen before any data: a disclosure without its durable record first would fail this test's checks. */
    private final List<WadoRead> planned = new CopyOnWriteArrayList<>();

    /** When set, recording fails as a broken event store would: the archive must then send nothing. */
    private volatile boolean failing;

    @Override
    public Disclosure disclosing(WadoRead plan) {
        if (failing) {
            throw new IllegalStateException("the trail cannot be written (test)");
        }
        planned.add(plan);
        return reads::add;
    }

    @Override
    public void endedWithoutData(WadoRead ended) {
        reads.add(ended);
    }

    void failing(boolean failing) {
        this.failing = failing;
    }

    List<WadoRead> planned() {
        return List.copyOf(planned);
    }

    List<WadoRead> reads() {
        return List.copyOf(reads);
    }
}
