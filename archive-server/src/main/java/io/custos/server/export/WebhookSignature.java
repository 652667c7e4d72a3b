package io.custos.server.export;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook delivery: {@code sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>}, sent in
 * {@value #SIGNATURE_HEADER} with the timestamp (Unix seconds) in {@value #TIMESTAMP_HEADER}. Signing the
 * timestamp with the body lets a receiver refuse replays of an old delivery.
 */
final class WebhookSignature {

    static final String TIMESTAMP_HEADER = "X-Custos-Timestamp";
    static final String SIGNATURE_HEADER = "X-Custos-Signature";
    private static final String PREFIX = "sha256=";

    private WebhookSignature() {
    }

    static String sign(byte[] secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** What a receiver does (constant-time comparison); used by the tests and shown in the README. */
    static boolean verify(byte[] secret, String timestamp, byte[] body, String signature) {
        return signature != null && MessageDigest.isEqual(
                sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }
}
