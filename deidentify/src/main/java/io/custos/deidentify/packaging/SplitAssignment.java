package io.custos.deidentify.packaging;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Assigns each pseudonymous patient to one split, so that no patient's images are in two splits (images of one
 * patient are correlated; a patient in both train and test inflates every metric). The assignment is a pure
 * function of the pseudonym: the same patient lands in the same split in every export of the project (the
 * pseudonym is per project), with no table to keep, and the shares converge to the ratios over many patients.
 *
 * @param train      share of patients in TRAIN
 * @param validation share in VALIDATION; TEST gets the rest
 */
public record SplitAssignment(double train, double validation) {

    public SplitAssignment {
        if (train < 0 || validation < 0 || train + validation > 1 + 1e-9) {
            throw new IllegalArgumentException("split shares are between 0 and 1 and sum to at most 1");
        }
    }

    /** 70 % train, 15 % validation, 15 % test. */
    public static SplitAssignment standard() {
        return new SplitAssignment(0.70, 0.15);
    }

    public Split of(String pseudonymousPatientId) {
        double u = uniform(pseudonymousPatientId);
        if (u < train) {
            return Split.TRAIN;
        }
        return u < train + validation ? Split.VALIDATION : Split.TEST;
    }

    /** A uniform number in [0, 1) from the pseudonym: the top 53 bits of SHA-256 over a domain label and it. */
    private static double uniform(String pseudonym) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("custos-split-v1\u001f".getBytes(StandardCharsets.UTF_8));
            byte[] digest = sha.digest(pseudonym.getBytes(StandardCharsets.UTF_8));
            long bits = ByteBuffer.wrap(digest).getLong() >>> 11;
            return bits / (double) (1L << 53);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
