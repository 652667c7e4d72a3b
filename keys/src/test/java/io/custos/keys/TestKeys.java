package io.custos.keys;

import java.security.SecureRandom;
import java.util.UUID;

final class TestKeys {

    static final KeyScope SCOPE = new KeyScope("acme", "eu-west");

    private TestKeys() {
    }

    static DataKey random() {
        byte[] material = new byte[DataKey.LENGTH_BYTES];
        new SecureRandom().nextBytes(material);
        return new DataKey(UUID.randomUUID().toString(), SCOPE, material);
    }

    static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
