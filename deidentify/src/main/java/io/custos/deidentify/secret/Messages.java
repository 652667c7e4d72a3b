package io.custos.deidentify.secret;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Domain-separated MAC input: a label, then each part length-prefixed, so no two different (label, parts)
 * tuples give the same bytes and no keyed value of one use can stand in for another's.
 */
final class Messages {

    private Messages() {
    }

    static byte[] of(String label, String... parts) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF(label);
            for (String part : parts) {
                byte[] value = part.getBytes(StandardCharsets.UTF_8);
                out.writeInt(value.length);
                out.write(value);
            }
            return bytes.toByteArray();
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
