package io.custos.deidentify.dates;

import io.custos.deidentify.pseudonym.PatientKey;
import io.custos.deidentify.secret.ProjectSecret;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The per-patient date shift of a project: from HMAC-SHA256(project secret, "date-shift" || patient key), a
 * non-zero number of days in [-{@value #MAX_DAYS}, +{@value #MAX_DAYS}] excluding 0. The same patient in the
 * same project always moves by the same amount (so longitudinal studies line up); another project moves them
 * differently. Deterministic and stateless, hence thread-safe.
 */
public final class DateShifter {

    /** Up to one year either way: enough to hide the calendar date, little enough to keep season and age. */
    public static final int MAX_DAYS = 365;

    private final ProjectSecret secret;

    public DateShifter(ProjectSecret secret) {
        this.secret = Objects.requireNonNull(secret, "secret");
    }

    public DateShift shiftFor(PatientKey patient) {
        long bits = ByteBuffer.wrap(secret.mac("date-shift", patient.hashedParts())).getLong() >>> 1;
        int magnitude = 1 + (int) ((bits >>> 1) % MAX_DAYS);
        return new DateShift((bits & 1) == 0 ? magnitude : -magnitude);
    }
}
