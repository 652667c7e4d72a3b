package io.custos.keys.local;

import io.custos.keys.KeyServiceException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret that protects the local keystore. Resolution order:
 * <ol>
 *   <li>environment variable {@value #ENV_VAR}: the <b>standard base64</b> encoding of at least 32 random bytes
 *       (e.g. {@code openssl rand -base64 32}). Passphrases are deliberately not accepted: the keystore's
 *       password-based KDF is the only stretching, so a low-entropy secret would be the weakest link.</li>
 *   <li>otherwise the file {@code <dir>/master.secret}: exactly 32 raw bytes, owner-only (0600). Created with
 *       fresh random bytes on first run; refused if any group or other permission bit is set.</li>
 * </ol>
 * The file variant keeps a copied keystore (e.g. in a backup) useless on its own; it does not protect against
 * someone who can read the whole directory. Production deployments should use the environment variable or
 * an external key service.
 */
public final class MasterSecret {

    public static final String ENV_VAR = "CUSTOS_MASTER_SECRET";
    static final String FILE_NAME = "master.secret";
    private static final int FILE_SECRET_BYTES = 32;
    private static final int MIN_SECRET_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Logger log = LoggerFactory.getLogger(MasterSecret.class);

    private final byte[] secret;

    private MasterSecret(byte[] secret) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new KeyServiceException("master secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.secret = secret.clone();
    }

    /** Wraps raw secret bytes (at least 32), e.g. fetched from a secret manager. */
    public static MasterSecret ofBytes(byte[] secret) {
        return new MasterSecret(secret);
    }

    /** Environment variable if set, else the owner-only file in {@code dir}, created on first run. */
    public static MasterSecret resolve(Path dir, Map<String, String> environment, SecureRandom random) {
        String fromEnv = environment.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromBase64(fromEnv.trim());
        }
        return fromFile(dir.resolve(FILE_NAME), random);
    }

    static MasterSecret fromBase64(String encoded) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            // The value itself is never echoed: it is the secret.
            throw new KeyServiceException(ENV_VAR + " is not valid standard base64");
        }
        try {
            return new MasterSecret(decoded);
        } finally {
            Arrays.fill(decoded, (byte) 0);
        }
    }

    static MasterSecret fromFile(Path file, SecureRandom random) {
        try {
            Files.createDirectories(file.getParent());
            if (Files.notExists(file)) {
                createSecretFile(file, random);
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(permissions)) {
                throw new KeyServiceException("refusing master secret file " + file
                        + ": group/other permissions set (" + PosixFilePermissions.toString(permissions)
                        + "), must be 0600");
            }
            byte[] bytes = Files.readAllBytes(file);
            try {
                if (bytes.length != FILE_SECRET_BYTES) {
                    throw new KeyServiceException("master secret file " + file + " must hold exactly "
                            + FILE_SECRET_BYTES + " bytes");
                }
                return new MasterSecret(bytes);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        } catch (UnsupportedOperationException e) {
            throw new KeyServiceException("file system has no POSIX permissions; set " + ENV_VAR + " instead", e);
        } catch (IOException e) {
            throw new KeyServiceException("cannot read or create master secret file " + file, e);
        }
    }

    private static void createSecretFile(Path file, SecureRandom random) throws IOException {
        byte[] fresh = new byte[FILE_SECRET_BYTES];
        random.nextBytes(fresh);
        try (FileChannel channel = FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
            // Permissions are set at creation, so the secret is never on disk with wider access.
            channel.write(ByteBuffer.wrap(fresh));
            channel.force(true);
            log.info("created new master secret file {}", file);
        } catch (FileAlreadyExistsException raced) {
            // Another process created it first; we read theirs.
        } finally {
            Arrays.fill(fresh, (byte) 0);
        }
        LocalFiles.fsyncDirectory(file.getParent());
    }

    /**
     * Keystore password, derived rather than the raw secret so the secret has one use per derivation label.
     * Caller should zero the returned array.
     */
    char[] keystorePassword() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] derived = mac.doFinal("custos local keystore password v1".getBytes(StandardCharsets.US_ASCII));
            byte[] encoded = Base64.getEncoder().withoutPadding().encode(derived);
            char[] password = new char[encoded.length];
            for (int i = 0; i < encoded.length; i++) {
                password[i] = (char) encoded[i];
            }
            Arrays.fill(derived, (byte) 0);
            Arrays.fill(encoded, (byte) 0);
            return password;
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("cannot derive keystore password", e);
        }
    }

    @Override
    public String toString() {
        return "MasterSecret[redacted]";
    }
}
