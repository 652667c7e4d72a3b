package io.custos.keys;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals small values (event fields holding PHI) under a study's data key with JDK AES-256-GCM.
 *
 * <p>Format v1: {@code 0x01 || nonce(12) || ciphertext || tag(16)}. The associated data authenticates the
 * version, the data key id and the caller's associated data, so a value moved to another event, field or
 * study does not open. Random 96-bit nonces are safe far beyond the number of fields one study will ever see
 * (the GCM bound is 2^32 messages per key).
 */
public final class FieldCipher {

    private static final byte VERSION_1 = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BYTES = 16;

    private final SecureRandom random;

    public FieldCipher(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    public byte[] seal(DataKey key, byte[] plaintext, byte[] associatedData) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] material = key.material();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(material, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
            cipher.updateAAD(aad(VERSION_1, key, associatedData));
            ByteBuffer out = ByteBuffer.allocate(1 + NONCE_BYTES + plaintext.length + TAG_BYTES);
            out.put(VERSION_1).put(nonce);
            cipher.doFinal(ByteBuffer.wrap(plaintext), out);
            return out.array();
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("sealing a field failed", e);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    public byte[] open(DataKey key, byte[] sealed, byte[] associatedData) {
        Objects.requireNonNull(sealed, "sealed");
        if (sealed.length < 1 + NONCE_BYTES + TAG_BYTES) {
            throw new KeyServiceException("sealed field is truncated");
        }
        if (sealed[0] != VERSION_1) {
            throw new KeyServiceException("unsupported sealed field version " + sealed[0]);
        }
        byte[] material = key.material();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(material, "AES"),
                    new GCMParameterSpec(TAG_BYTES * 8, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(aad(sealed[0], key, associatedData));
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new KeyServiceException("sealed field failed authentication: wrong key, context or tampered", e);
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("opening a field failed", e);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    private static byte[] aad(byte version, DataKey key, byte[] associatedData) {
        Objects.requireNonNull(associatedData, "associatedData");
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF("custos-field");
            out.writeByte(version);
            out.writeUTF(key.id());
            out.writeInt(associatedData.length);
            out.write(associatedData);
            return bytes.toByteArray();
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
