package io.custos.deidentify.pseudonym;

import io.custos.deidentify.secret.ProjectSecret;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Pseudonymous patient identifiers per project: {@code PSN} followed by 24 uppercase hex digits (96 bits) of
 * HMAC-SHA256(project secret, "patient-pseudonym" || patient key). Keyed, so nobody without the project secret
 * can recompute one from a known Patient ID (no dictionary attack, unlike a bare hash; PS3.15 E.1.1 Note 3);
 * stable across exports of the same project; unrelated across projects. 96 bits keep collisions negligible for
 * any cohort (birthday bound ~2^48 patients).
 */
public final class Pseudonyms {

    private static final int BYTES = 12;

    private final ProjectSecret secret;

    public Pseudonyms(ProjectSecret secret) {
        this.secret = Objects.requireNonNull(secret, "secret");
    }

    public String pseudonymFor(PatientKey patient) {
        byte[] mac = secret.mac("patient-pseudonym", patient.hashedParts());
        return "PSN" + HexFormat.of().withUpperCase().formatHex(Arrays.copyOf(mac, BYTES));
    }
}
