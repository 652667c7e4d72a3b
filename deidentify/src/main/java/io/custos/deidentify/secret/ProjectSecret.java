package io.custos.deidentify.secret;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-project secret behind every keyed value of a de-identification: pseudonyms, remapped UIDs, date
 * shifts. The same secret gives the same values (stable across exports of a project); another project's secret
 * gives unrelated ones (unlinkable across projects). Immutable and safe to share between threads: each
 * {@link #mac} call uses its own {@link Mac}, cloned from an initialised one.
 */
public final class ProjectSecret {

    /** HMAC-SHA256 wants at least its output size in key material (RFC 2104 section 3). */
    public static final int MINIMUM_KEY_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final ProjectId project;
    private final SecretKeySpec key;
    /**
     * Initialised once and never updated; each call works on its own clone (cheaper than a provider lookup and key
     * set-up per MAC), so concurrent calls only ever read it.
     */
    private final Mac prototype;

    private ProjectSecret(ProjectId project, byte[] key) {
        this.project = Objects.requireNonNull(project, "project");
        Objects.requireNonNull(key, "key");
        if (key.length < MINIMUM_KEY_BYTES) {
            throw new IllegalArgumentException("project secret needs at least " + MINIMUM_KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key, ALGORITHM);
        this.prototype = newMac();
    }

    /** A secret from raw key bytes the caller holds (copied). */
    public static ProjectSecret of(ProjectId project, byte[] key) {
        return new ProjectSecret(project, key.clone());
    }

    public ProjectId project() {
        return project;
    }

    /**
     * HMAC-SHA256 over a domain-separated message: {@code purpose} and each part are length-prefixed, so no two
     * different (purpose, parts) tuples give the same message.
     */
    public byte[] mac(String purpose, String... parts) {
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            mac = newMac();
        }
        String[] labelled = new String[parts.length + 1];
        labelled[0] = purpose;
        System.arraycopy(parts, 0, labelled, 1, parts.length);
        return mac.doFinal(Messages.of("custos-deid-v1", labelled));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Constant-time comparison of the key material (tests, key rotation checks). */
    public boolean sameKeyAs(ProjectSecret other) {
        return MessageDigest.isEqual(key.getEncoded(), other.key.getEncoded());
    }

    @Override
    public String toString() {
        // Never the key.
        return "ProjectSecret[" + project.value() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProjectSecret other && project.equals(other.project) && sameKeyAs(other);
    }

    @Override
    public int hashCode() {
        return project.hashCode();
    }
}
