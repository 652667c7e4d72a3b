package io.custos.keys.local;

import io.custos.keys.KekVersions;
import io.custos.keys.KeyEncryptionKeys;
import io.custos.keys.KeyScope;
import io.custos.keys.KeyServiceException;
import io.custos.keys.LookupHashKeys;
import io.custos.keys.WrappedKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embedded key service: a Bouncy Castle BCFKS keystore file ({@code <dir>/kek.bcfks}) protected by a
 * {@link MasterSecret}. Holds one AES-256 key-encryption key and one HMAC-SHA256 lookup-hash key per
 * {@link KeyScope}, plus the archive's ES256 token-signing key pair, each created on first use.
 *
 * <p>Wrapped key format (version 1): {@code 0x01 || nonce(12) || AES-256-GCM ciphertext+tag}; the associated
 * data binds the scope label, KEK version and the caller's associated data. The keystore is written with
 * temp file + fsync + rename, so a crash leaves the previous or the new file. All methods are thread-safe;
 * keystore access is serialised, crypto on loaded keys runs outside the lock.
 *
 * <p>KEK versions are keystore entries {@code kek:<tenant>:<region>:v<n>}: the highest is current, the lowest
 * present is the oldest that decrypts. {@link #rotate} adds the next entry; {@link #retire} deletes the
 * retired entries' key material from the file (irreversible, unlike Vault's {@code min_decryption_version}),
 * so the version state needs no record of its own and survives a crash with the file.
 *
 * <p>One process owns the directory: two processes writing the same keystore would lose each other's keys.
 */
public final class LocalKeystore implements KeyEncryptionKeys, LookupHashKeys {

    public static final String KEYSTORE_FILE = "kek.bcfks";
    /** The version a scope's KEK starts at; {@link #rotate} adds the next ones. */
    public static final int FIRST_KEK_VERSION = 1;

    private static final byte WRAP_FORMAT_V1 = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String LEDGER_SIGNING_ALIAS = "ledger-signing:v1";
    private static final String TOKEN_SIGNING_ALIAS = "token-signing:v1";
    private static final Duration TOKEN_CERT_VALIDITY = Duration.ofDays(36_500);
    // One provider instance for BCFKS and nothing else: never registered globally, so bulk AES stays on the JDK.
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final Logger log = LoggerFactory.getLogger(LocalKeystore.class);

    private final Path file;
    private final MasterSecret masterSecret;
    private final SecureRandom random;
    private final Clock clock;
    private final Object lock = new Object();
    private final KeyStore keyStore;
    private final Map<String, SecretKey> loadedSecretKeys = new HashMap<>();
    /** Version state per scope, read from the keystore's aliases on first use; guarded by {@link #lock}. */
    private final Map<KeyScope, KekVersions> kekVersions = new HashMap<>();
    private KeyPair tokenSigningKey;
    private String tokenSigningKeyId;

    /**
     * Opens {@code <dir>/kek.bcfks}, or prepares an empty one written on first key creation.
     *
     * @throws KeyServiceException if the file exists and cannot be opened with this secret (fails closed)
     */
    public LocalKeystore(Path dir, MasterSecret masterSecret, SecureRandom random, Clock clock) {
        this.file = Objects.requireNonNull(dir, "dir").resolve(KEYSTORE_FILE);
        this.masterSecret = Objects.requireNonNull(masterSecret, "masterSecret");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keyStore = load();
    }

    /** Convenience for the embedded default: secret from the environment or {@code <dir>/master.secret}. */
    public static LocalKeystore open(Path dir, Map<String, String> environment) {
        SecureRandom random = new SecureRandom();
        return new LocalKeystore(dir, MasterSecret.resolve(dir, environment, random), random, Clock.systemUTC());
    }

    private KeyStore load() {
        char[] password = masterSecret.keystorePassword();
        try {
            KeyStore store = KeyStore.getInstance("BCFKS", BC);
            if (Files.exists(file)) {
                try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(file))) {
                    store.load(in, password);
                } catch (IOException e) {
                    // BCFKS reports a failed integrity check (wrong secret or tampered file) as IOException.
                    throw new KeyServiceException("cannot open keystore " + file
                            + ": wrong master secret or corrupted file", e);
                }
            } else {
                Files.createDirectories(file.getParent());
                store.load(null, null);
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyServiceException("cannot open keystore " + file, e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    // ---- key-encryption keys ------------------------------------------------------------------------------

    @Override
    public WrappedKey wrap(KeyScope scope, byte[] dataKey, byte[] associatedData) {
        Objects.requireNonNull(dataKey, "dataKey");
        Objects.requireNonNull(associatedData, "associatedData");
        int version;
        SecretKey kek;
        synchronized (lock) {
            version = versionsLocked(scope).current();
            kek = secretKey(kekAlias(scope, version), "AES", false);
        }
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(wrapAad(scope, version, associatedData));
            byte[] sealed = cipher.doFinal(dataKey);
            ByteBuffer out = ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length);
            out.put(WRAP_FORMAT_V1).put(nonce).put(sealed);
            return new WrappedKey(kekId(scope), version, out.array());
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("wrapping failed", e);
        }
    }

    @Override
    public byte[] unwrap(KeyScope scope, WrappedKey wrapped, byte[] associatedData) {
        Objects.requireNonNull(wrapped, "wrapped");
        Objects.requireNonNull(associatedData, "associatedData");
        if (!kekId(scope).equals(wrapped.kekId())) {
            throw new KeyServiceException("wrapped key belongs to a different scope");
        }
        byte[] blob = wrapped.ciphertext();
        if (blob.length < 1 + NONCE_BYTES + TAG_BITS / 8 || blob[0] != WRAP_FORMAT_V1) {
            throw new KeyServiceException("unsupported or truncated wrapped key format");
        }
        SecretKey kek;
        synchronized (lock) {
            KekVersions versions = versionsLocked(scope);
            if (versions.isRetired(wrapped.kekVersion())) {
                throw new KeyServiceException("unwrap refused: version " + wrapped.kekVersion() + " of "
                        + versions.kekId() + " is retired");
            }
            if (wrapped.kekVersion() > versions.current()) {
                throw new KeyServiceException("unwrap refused: " + versions.kekId() + " has no version "
                        + wrapped.kekVersion());
            }
            kek = secretKey(kekAlias(scope, wrapped.kekVersion()), "AES", false);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, blob, 1, NONCE_BYTES));
            cipher.updateAAD(wrapAad(scope, wrapped.kekVersion(), associatedData));
            return cipher.doFinal(blob, 1 + NONCE_BYTES, blob.length - 1 - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new KeyServiceException("unwrap failed: wrong scope, associated data or tampered key", e);
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("unwrap failed", e);
        }
    }

    @Override
    public KekVersions versions(KeyScope scope) {
        synchronized (lock) {
            return versionsLocked(scope);
        }
    }

    @Override
    public KekVersions rotate(KeyScope scope) {
        synchronized (lock) {
            KekVersions before = versionsLocked(scope);
            int next = before.current() + 1;
            createSecretKey(kekAlias(scope, next), "AES");
            KekVersions after = new KekVersions(before.kekId(), next, before.minDecryptionVersion());
            kekVersions.put(scope, after);
            log.info("rotated {} to version {}", after.kekId(), next);
            return after;
        }
    }

    @Override
    public KekVersions retire(KeyScope scope, int version) {
        synchronized (lock) {
            KekVersions before = versionsLocked(scope);
            if (version >= before.current()) {
                throw new KeyServiceException("cannot retire version " + version + " of " + before.kekId()
                        + ": the current version is " + before.current());
            }
            if (before.isRetired(version)) {
                return before;
            }
            char[] password = masterSecret.keystorePassword();
            try {
                KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
                Map<String, KeyStore.Entry> removed = new LinkedHashMap<>();
                for (int v = before.minDecryptionVersion(); v <= version; v++) {
                    String alias = kekAlias(scope, v);
                    KeyStore.Entry entry = keyStore.getEntry(alias, protection);
                    if (entry != null) {
                        removed.put(alias, entry);
                        keyStore.deleteEntry(alias);
                    }
                }
                persistOrRollBack(password, () -> {
                    for (Map.Entry<String, KeyStore.Entry> entry : removed.entrySet()) {
                        keyStore.setEntry(entry.getKey(), entry.getValue(), protection);
                    }
                });
                removed.keySet().forEach(loadedSecretKeys::remove);
            } catch (GeneralSecurityException e) {
                throw new KeyServiceException("cannot retire version " + version + " of " + before.kekId(), e);
            } finally {
                Arrays.fill(password, '\0');
            }
            KekVersions after = new KekVersions(before.kekId(), before.current(), version + 1);
            kekVersions.put(scope, after);
            log.info("retired versions {} to {} of {}", before.minDecryptionVersion(), version, after.kekId());
            return after;
        }
    }

    /** The scope's version state; creates version 1 on the scope's first use. Caller holds {@link #lock}. */
    private KekVersions versionsLocked(KeyScope scope) {
        KekVersions known = kekVersions.get(scope);
        if (known != null) {
            return known;
        }
        String prefix = kekId(scope) + ":v";
        int min = Integer.MAX_VALUE;
        int max = 0;
        try {
            for (String alias : Collections.list(keyStore.aliases())) {
                if (alias.startsWith(prefix)) {
                    int v = Integer.parseInt(alias.substring(prefix.length()));
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        } catch (GeneralSecurityException | NumberFormatException e) {
            throw new KeyServiceException("cannot read the versions of " + kekId(scope), e);
        }
        if (max == 0) {
            createSecretKey(kekAlias(scope, FIRST_KEK_VERSION), "AES");
            min = FIRST_KEK_VERSION;
            max = FIRST_KEK_VERSION;
        }
        KekVersions versions = new KekVersions(kekId(scope), max, min);
        kekVersions.put(scope, versions);
        return versions;
    }

    /** Stable id of the scope's KEK (version travels separately in {@link WrappedKey#kekVersion()}). */
    public static String kekId(KeyScope scope) {
        return "kek:" + scope.tenant() + ":" + scope.region();
    }

    private static String kekAlias(KeyScope scope, int version) {
        return kekId(scope) + ":v" + version;
    }

    private static byte[] wrapAad(KeyScope scope, int version, byte[] associatedData) {
        // Length-prefixed so no (label, data) pair can collide with another.
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF("custos-kek-wrap");
            out.writeUTF(scope.label());
            out.writeInt(version);
            out.writeInt(associatedData.length);
            out.write(associatedData);
            return bytes.toByteArray();
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    // ---- lookup-hash keys ---------------------------------------------------------------------------------

    @Override
    public byte[] hmacSha256(KeyScope scope, byte[] message) {
        Objects.requireNonNull(message, "message");
        SecretKey key = secretKey("hmac:" + scope.tenant() + ":" + scope.region() + ":v1", "HmacSHA256", true);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("lookup hash failed", e);
        }
    }

    // ---- token signing ------------------------------------------------------------------------------------

    /** The archive's EC P-256 key pair for ES256 tokens, created and persisted on first use. */
    /**
     * The ledger's Ed25519 signing key (issue 5): its 32-byte RFC 8032 private key, created on first use and
     * kept in the keystore like the other keys. A copy: the caller zeroes it after use.
     */
    public byte[] ledgerSigningKey() {
        // BCFKS stores secret keys only under algorithms it knows; the 32 random bytes are stored as a generic
        // 256-bit secret (HMAC label) and used as the Ed25519 seed.
        return secretKey(LEDGER_SIGNING_ALIAS, "HmacSHA256", true).getEncoded();
    }

    public KeyPair tokenSigningKey() {
        synchronized (lock) {
            if (tokenSigningKey == null) {
                tokenSigningKey = loadOrCreateTokenSigningKey();
                tokenSigningKeyId = jwkThumbprint((ECPublicKey) tokenSigningKey.getPublic());
            }
            return tokenSigningKey;
        }
    }

    /** RFC 7638 JWK SHA-256 thumbprint (base64url) of the token-signing public key: stable across restarts. */
    public String tokenSigningKeyId() {
        synchronized (lock) {
            tokenSigningKey();
            return tokenSigningKeyId;
        }
    }

    private KeyPair loadOrCreateTokenSigningKey() {
        char[] password = masterSecret.keystorePassword();
        try {
            if (keyStore.isKeyEntry(TOKEN_SIGNING_ALIAS)) {
                PrivateKey stored = (PrivateKey) keyStore.getKey(TOKEN_SIGNING_ALIAS, password);
                Certificate cert = keyStore.getCertificate(TOKEN_SIGNING_ALIAS);
                // Re-materialise through the JDK so callers get SunEC keys, independent of BC key classes.
                KeyFactory ec = KeyFactory.getInstance("EC");
                return new KeyPair(ec.generatePublic(new X509EncodedKeySpec(cert.getPublicKey().getEncoded())),
                        ec.generatePrivate(new PKCS8EncodedKeySpec(stored.getEncoded())));
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair pair = generator.generateKeyPair();
            X509Certificate cert = selfSigned(pair);
            keyStore.setKeyEntry(TOKEN_SIGNING_ALIAS, pair.getPrivate(), password, new Certificate[] {cert});
            persistOrRollBack(TOKEN_SIGNING_ALIAS, password);
            log.info("created token-signing key pair");
            return pair;
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("token-signing key unavailable", e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** BCFKS stores private keys with a certificate chain; this certificate is only that container. */
    private X509Certificate selfSigned(KeyPair pair) throws GeneralSecurityException {
        Instant now = clock.instant();
        X500Principal subject = new X500Principal("CN=Custos token signing");
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, random).add(BigInteger.ONE), Date.from(now),
                    Date.from(now.plus(TOKEN_CERT_VALIDITY)), subject, pair.getPublic());
            return new JcaX509CertificateConverter().setProvider(BC)
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign certificate", e);
        }
    }

    static String jwkThumbprint(ECPublicKey key) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String x = b64.encodeToString(unsigned32(key.getW().getAffineX()));
        String y = b64.encodeToString(unsigned32(key.getW().getAffineY()));
        // Members in lexicographic order, no whitespace, as RFC 7638 requires.
        String canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + x + "\",\"y\":\"" + y + "\"}";
        try {
            return b64.encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("SHA-256 unavailable", e);
        }
    }

    private static byte[] unsigned32(BigInteger coordinate) {
        byte[] raw = coordinate.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }

    // ---- secret keys and persistence ----------------------------------------------------------------------

    /**
     * Loaded key for {@code alias}; created and persisted first if {@code create} and absent.
     * Keys are cached for the life of this instance so the keystore's password KDF runs once per key.
     */
    private SecretKey secretKey(String alias, String algorithm, boolean create) {
        synchronized (lock) {
            SecretKey cached = loadedSecretKeys.get(alias);
            if (cached != null) {
                return cached;
            }
            char[] password = masterSecret.keystorePassword();
            try {
                if (keyStore.isKeyEntry(alias)) {
                    byte[] encoded = keyStore.getKey(alias, password).getEncoded();
                    SecretKey key = new SecretKeySpec(encoded, algorithm);
                    Arrays.fill(encoded, (byte) 0);
                    loadedSecretKeys.put(alias, key);
                    return key;
                }
            } catch (GeneralSecurityException e) {
                throw new KeyServiceException("key " + alias + " unavailable", e);
            } finally {
                Arrays.fill(password, '\0');
            }
            if (!create) {
                throw new KeyServiceException("no key " + alias + " in keystore");
            }
            return createSecretKey(alias, algorithm);
        }
    }

    /** A fresh 256-bit key under {@code alias}, persisted before it is returned. Caller holds {@link #lock}. */
    private SecretKey createSecretKey(String alias, String algorithm) {
        char[] password = masterSecret.keystorePassword();
        try {
            byte[] fresh = new byte[32];
            random.nextBytes(fresh);
            SecretKey key = new SecretKeySpec(fresh, algorithm);
            Arrays.fill(fresh, (byte) 0);
            keyStore.setEntry(alias, new KeyStore.SecretKeyEntry(key), new KeyStore.PasswordProtection(password));
            persistOrRollBack(alias, password);
            log.info("created key {}", alias);
            loadedSecretKeys.put(alias, key);
            return key;
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("key " + alias + " unavailable", e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Writes the keystore; if that fails the new entry is dropped so memory never runs ahead of disk. */
    private void persistOrRollBack(String newAlias, char[] password) {
        persistOrRollBack(password, () -> keyStore.deleteEntry(newAlias));
    }

    /** Writes the keystore; if that fails {@code undo} restores the entries, so memory never runs ahead of disk. */
    private void persistOrRollBack(char[] password, Undo undo) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            keyStore.store(bytes, password);
            LocalFiles.writeAtomically(file, bytes.toByteArray());
        } catch (IOException | GeneralSecurityException e) {
            try {
                undo.run();
            } catch (GeneralSecurityException ignored) {
                // The failure below is what the caller needs to know.
            }
            throw new KeyServiceException("cannot persist keystore " + file, e);
        }
    }

    @FunctionalInterface
    private interface Undo {
        void run() throws GeneralSecurityException;
    }
}
