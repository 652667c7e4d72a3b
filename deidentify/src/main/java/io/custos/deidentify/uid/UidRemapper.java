package io.custos.deidentify.uid;

import io.custos.deidentify.secret.ProjectSecret;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

/**
 * Replaces UIDs (PS3.15 action U) deterministically: the same source UID under the same project secret always
 * gives the same new UID, so a study's instances, series and references stay consistent across instances,
 * exports and threads, with no table to keep. Another project gives another UID.
 *
 * <p>New UIDs use the {@code 2.25} root of PS3.5 B.2 (a UUID as a decimal integer), which needs no registered
 * organisation root and says nothing about who made it. The UUID is the first 128 bits of
 * HMAC-SHA256(project secret, "uid" || source UID) with the RFC 9562 version 8 (custom) and variant bits set,
 * so it is a well-formed UUID; the result is at most 44 characters (PS3.5 9.1 allows 64).
 */
public final class UidRemapper {

    /** UIDs the standard itself defines (SOP classes, transfer syntaxes, coding schemes): never identifying. */
    private static final String DICOM_ROOT = "1.2.840.10008.";

    private final ProjectSecret secret;

    public UidRemapper(ProjectSecret secret) {
        this.secret = Objects.requireNonNull(secret, "secret");
    }

    public String remap(String uid) {
        Objects.requireNonNull(uid, "uid");
        byte[] uuid = Arrays.copyOf(secret.mac("uid", uid.strip()), 16);
        uuid[6] = (byte) ((uuid[6] & 0x0F) | 0x80); // version 8
        uuid[8] = (byte) ((uuid[8] & 0x3F) | 0x80); // RFC 9562 variant
        return "2.25." + new BigInteger(1, uuid);
    }

    /** True for a UID defined by the DICOM standard, which is kept wherever it appears. */
    public static boolean isDefinedByStandard(String uid) {
        return uid.startsWith(DICOM_ROOT);
    }
}
