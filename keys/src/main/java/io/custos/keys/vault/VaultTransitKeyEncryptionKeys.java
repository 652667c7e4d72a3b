package io.custos.keys.vault;

import io.custos.keys.KekVersions;
import io.custos.keys.KeyEncryptionKeys;
import io.custos.keys.KeyScope;
import io.custos.keys.KeyServiceException;
import io.custos.keys.NewDataKey;
import io.custos.keys.WrappedKey;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.core.VaultTransitOperations;
import org.springframework.vault.support.Ciphertext;
import org.springframework.vault.support.Plaintext;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.VaultTransitContext;
import org.springframework.vault.support.VaultTransitKey;
import org.springframework.vault.support.VaultTransitKeyConfiguration;
import org.springframework.vault.support.VaultTransitKeyCreationRequest;

/**
 * Key-encryption keys in HashiCorp Vault's Transit secrets engine, through Spring Vault. One Transit key per
 * scope, named {@code <prefix>_<tenant>_<region>} (default prefix {@value #DEFAULT_KEY_PREFIX}; tenant and
 * region may contain {@code -}, never {@code _}, so the name is unambiguous), created on first use as
 * {@code aes256-gcm96} with {@code derived=true}: the wrap's associated data is sent as the Transit
 * {@code context}, so a wrapped key only opens with the same associated data, as with the local keystore.
 *
 * <p>A {@link WrappedKey} holds Vault's ciphertext string ({@code vault:v<n>:...}) as UTF-8 bytes; its version
 * must agree with {@link WrappedKey#kekVersion()}. New data keys come from {@code transit/datakey/plaintext},
 * rewrap is Transit's {@code rewrap} (the data key never leaves Vault), rotation is Transit's {@code rotate}, and
 * retirement raises the key's {@code min_decryption_version}. Every Vault error becomes a
 * {@link KeyServiceException}; no bytes are returned from a failed call.
 */
public final class VaultTransitKeyEncryptionKeys implements KeyEncryptionKeys {

    public static final String DEFAULT_MOUNT = "transit";
    public static final String DEFAULT_KEY_PREFIX = "custos-kek";
    private static final String KEY_TYPE = "aes256-gcm96";
    private static final Pattern VAULT_CIPHERTEXT = Pattern.compile("vault:v(\\d{1,9}):[A-Za-z0-9+/=]+");

    private final VaultOperations vault;
    private final VaultTransitOperations transit;
    private final String mount;
    private final String keyPrefix;
    private final Set<String> knownKeys = ConcurrentHashMap.newKeySet();

    public VaultTransitKeyEncryptionKeys(VaultOperations vault, String mount, String keyPrefix) {
        this.vault = Objects.requireNonNull(vault, "vault");
        this.mount = Objects.requireNonNull(mount, "mount");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.transit = vault.opsForTransit(mount);
    }

    /** The Transit key that holds {@code scope}'s KEK; also the {@link WrappedKey#kekId()} of its wraps. */
    public String keyName(KeyScope scope) {
        return keyPrefix + "_" + scope.tenant() + "_" + scope.region();
    }

    @Override
    public WrappedKey wrap(KeyScope scope, byte[] dataKey, byte[] associatedData) {
        Objects.requireNonNull(dataKey, "dataKey");
        String name = ensureKey(scope);
        Ciphertext sealed = call("wrapping", () -> transit.encrypt(name,
                Plaintext.of(dataKey).with(context(associatedData))));
        return wrapped(name, sealed.getCiphertext());
    }

    @Override
    public byte[] unwrap(KeyScope scope, WrappedKey wrapped, byte[] associatedData) {
        String name = keyName(scope);
        String ciphertext = checkedCiphertext(name, wrapped);
        Plaintext clear = call("unwrap", () -> transit.decrypt(name, Ciphertext.of(ciphertext)
                .with(context(associatedData))));
        return clear.getPlaintext();
    }

    @Override
    public WrappedKey rewrap(KeyScope scope, WrappedKey wrapped, byte[] associatedData) {
        String name = keyName(scope);
        String ciphertext = checkedCiphertext(name, wrapped);
        String rewrapped = call("rewrap", () -> transit.rewrap(name, ciphertext, context(associatedData)));
        return wrapped(name, rewrapped);
    }

    @Override
    public NewDataKey newDataKey(KeyScope scope, int lengthBytes, byte[] associatedData, SecureRandom random) {
        String name = ensureKey(scope);
        VaultResponse response = call("data key generation", () -> vault.write(mount + "/datakey/plaintext/" + name,
                Map.of("bits", lengthBytes * 8, "context", base64(context(associatedData).getContext()))));
        Map<String, Object> data = response == null ? null : response.getData();
        if (data == null || !(data.get("plaintext") instanceof String plain)
                || !(data.get("ciphertext") instanceof String ciphertext)) {
            throw new KeyServiceException("Vault returned no data key for " + name);
        }
        byte[] clear = Base64.getDecoder().decode(plain);
        try {
            if (clear.length != lengthBytes) {
                throw new KeyServiceException("Vault returned a data key of the wrong length for " + name);
            }
            return new NewDataKey(clear, wrapped(name, ciphertext));
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    @Override
    public KekVersions versions(KeyScope scope) {
        String name = ensureKey(scope);
        VaultTransitKey key = call("reading key versions", () -> transit.getKey(name));
        if (key == null) {
            throw new KeyServiceException("Transit key " + name + " does not exist");
        }
        return new KekVersions(name, key.getLatestVersion(), Math.max(1, key.getMinDecryptionVersion()));
    }

    @Override
    public KekVersions rotate(KeyScope scope) {
        String name = ensureKey(scope);
        call("rotation", () -> {
            transit.rotate(name);
            return null;
        });
        return versions(scope);
    }

    @Override
    public KekVersions retire(KeyScope scope, int version) {
        KekVersions before = versions(scope);
        if (version >= before.current()) {
            throw new KeyServiceException("cannot retire version " + version + " of " + before.kekId()
                    + ": the current version is " + before.current());
        }
        if (before.isRetired(version)) {
            return before;
        }
        call("retirement", () -> {
            transit.configureKey(before.kekId(),
                    VaultTransitKeyConfiguration.builder().minDecryptionVersion(version + 1).build());
            return null;
        });
        return versions(scope);
    }

    /** Creates the scope's Transit key unless this instance has seen it; creating an existing key is a no-op. */
    private String ensureKey(KeyScope scope) {
        String name = keyName(scope);
        if (!knownKeys.contains(name)) {
            call("creating key " + name, () -> {
                if (transit.getKey(name) == null) {
                    transit.createKey(name, VaultTransitKeyCreationRequest.builder()
                            .type(KEY_TYPE).derived(true).build());
                }
                return null;
            });
            knownKeys.add(name);
        }
        return name;
    }

    private static String checkedCiphertext(String name, WrappedKey wrapped) {
        Objects.requireNonNull(wrapped, "wrapped");
        if (!name.equals(wrapped.kekId())) {
            throw new KeyServiceException("wrapped key belongs to a different scope");
        }
        String ciphertext = new String(wrapped.ciphertext(), StandardCharsets.UTF_8);
        Matcher m = VAULT_CIPHERTEXT.matcher(ciphertext);
        if (!m.matches() || Integer.parseInt(m.group(1)) != wrapped.kekVersion()) {
            throw new KeyServiceException("unsupported or inconsistent wrapped key format");
        }
        return ciphertext;
    }

    private static WrappedKey wrapped(String name, String ciphertext) {
        Matcher m = VAULT_CIPHERTEXT.matcher(ciphertext == null ? "" : ciphertext);
        if (!m.matches()) {
            throw new KeyServiceException("Vault returned an unexpected ciphertext for " + name);
        }
        return new WrappedKey(name, Integer.parseInt(m.group(1)), ciphertext.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The Transit derivation context: a fixed label and the length-prefixed associated data, never empty
     * (Transit refuses an empty context for derived keys).
     */
    private static VaultTransitContext context(byte[] associatedData) {
        Objects.requireNonNull(associatedData, "associatedData");
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF("custos-kek-wrap");
            out.writeInt(associatedData.length);
            out.write(associatedData);
            return VaultTransitContext.builder().context(bytes.toByteArray()).build();
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static <T> T call(String what, Supplier<T> operation) {
        try {
            return operation.get();
        } catch (KeyServiceException e) {
            throw e;
        } catch (RuntimeException e) {
            // Vault's messages name keys and versions, never plaintext; the class and message are kept for operators.
            throw new KeyServiceException(what + " failed in Vault Transit: " + e.getClass().getSimpleName()
                    + ": " + e.getMessage(), e);
        }
    }
}
