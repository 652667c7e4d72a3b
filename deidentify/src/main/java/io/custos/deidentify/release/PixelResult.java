package io.custos.deidentify.release;

import io.custos.deidentify.header.DeidentifiedInstance;
import java.util.Objects;

/** What the pixel step decided for one instance. */
public sealed interface PixelResult permits PixelResult.Passed, PixelResult.Refused {

    PixelReport report();

    /** The instance may leave: {@code instance} carries the (possibly redacted, re-encoded) pixel data. */
    record Passed(DeidentifiedInstance instance, PixelReport report) implements PixelResult {
        public Passed {
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(report, "report");
        }
    }

    /** The instance must not leave; the reason is listed in the de-id report. */
    record Refused(ExclusionReason reason, PixelReport report) implements PixelResult {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(report, "report");
        }
    }
}
