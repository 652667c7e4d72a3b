package io.custos.keys;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Lookup hashes for identifiers (e.g. a patient ID) so audit records can be found without storing plaintext:
 * lowercase hex HMAC-SHA256 under a per-scope key. Same scope, purpose and value give the same hash; another
 * scope or purpose gives an unrelated one, so hashes cannot be joined across tenants or uses.
 *
 * <p>The value is hashed exactly as given (UTF-8); callers normalise (trim, case) before hashing.
 */
public final class KeyedHash {

    private static final Pattern PURPOSE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    private final LookupHashKeys keys;

    public KeyedHash(LookupHashKeys keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** 64 lowercase hex characters. */
    public String hash(KeyScope scope, String purpose, String value) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(value, "value");
        if (purpose == null || !PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("purpose must be lowercase [a-z0-9._-], 1-63 chars");
        }
        return HexFormat.of().formatHex(keys.hmacSha256(scope, message(purpose, value)));
    }

    private static byte[] message(String purpose, String value) {
        // Length-prefixed so (purpose, value) pairs cannot collide by shifting bytes between them.
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF("custos-lookup-v1");
            out.writeUTF(purpose);
            byte[] valueBytes = value.getBytes(StandardCharsets.UTF_8);
            out.writeInt(valueBytes.length);
            out.write(valueBytes);
            return bytes.toByteArray();
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
