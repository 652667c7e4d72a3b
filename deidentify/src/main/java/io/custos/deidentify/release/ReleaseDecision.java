package io.custos.deidentify.release;

import io.custos.deidentify.header.DeidentifiedInstance;
import io.custos.deidentify.report.DeidentificationReport;
import java.util.Objects;

/** Whether one source instance goes into a research export, and what was done to it. */
public sealed interface ReleaseDecision permits ReleaseDecision.Released, ReleaseDecision.Excluded {

    /** The header step's report (paths by outcome); null only when the header step itself failed. */
    DeidentificationReport header();

    PixelReport pixels();

    record Released(DeidentifiedInstance instance, PixelReport pixels) implements ReleaseDecision {
        public Released {
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(pixels, "pixels");
        }

        @Override
        public DeidentificationReport header() {
            return instance.report();
        }
    }

    record Excluded(ExclusionReason reason, DeidentificationReport header, PixelReport pixels)
            implements ReleaseDecision {
        public Excluded {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(pixels, "pixels");
        }
    }
}
