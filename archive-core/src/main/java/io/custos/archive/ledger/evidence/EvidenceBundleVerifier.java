package io.custos.archive.ledger.evidence;

import io.custos.archive.ledger.ChainLink;
import io.custos.archive.ledger.Checkpoint;
import io.custos.archive.ledger.CheckpointDirectory;
import io.custos.archive.ledger.CheckpointSignatures;
import io.custos.archive.ledger.Digests;
import io.custos.archive.ledger.MerkleTree;
import io.custos.archive.ledger.evidence.EvidenceFormat.Entry;
import io.custos.archive.ledger.evidence.EvidenceFormat.NotProvableEntry;
import io.custos.archive.ledger.evidence.EvidenceFormat.QuestionEntry;
import io.custos.archive.ledger.evidence.EvidenceFormat.Summary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import tools.jackson.core.JacksonException;

/**
 * Verifies an evidence bundle offline, trusting only the ledger's public key: no database, no network. For every
 * bundled event it recomputes the hash of the stored row, the link hash from its parts, and the link's RFC 6962
 * inclusion in the checkpoint it names, whose Ed25519 signature it checks; and it checks the archive's signature
 * over the question and the lists of events, so a bundle altered after export is told apart. Events are
 * verified one line at a time (memory bounded by the checkpoints, not the events).
 */
public final class EvidenceBundleVerifier {

    /** Why one event does not verify. */
    public enum Failure {
        /** The bundled row's bytes do not hash to the event hash that was sealed. */
        MODIFIED,
        /** The link's hash does not follow from its parts (position, previous hash, event). */
        LINK_INVALID,
        /** The event belongs to another tenant's chain than the question's. */
        OTHER_TENANT,
        /** No checkpoint or no inclusion proof is given for the event. */
        PROOF_MISSING,
        /** The inclusion proof does not lead from the link hash to the checkpoint's Merkle root. */
        PROOF_INVALID,
        /** The checkpoint the event names is not in the bundle. */
        CHECKPOINT_MISSING,
        /** The checkpoint's signature does not verify, or it does not cover the event's chain position. */
        CHECKPOINT_INVALID,
        /** The event's line is not a readable entry. */
        MALFORMED
    }

    /** One event's result; {@code failure} null when it verified. */
    public record EventResult(long line, String accessId, String eventId, String chain, long position,
                              Failure failure, String detail) {
        public boolean verified() {
            return failure == null;
        }
    }

    /**
     * The bundle's result.
     *
     * @param statementSigned whether the archive's signature over question, events and not-provable list holds
     * @param notProvable     answer entries the archive could not prove (they make the bundle fail)
     */
    public record Report(EvidenceQuestion question, long answerEntries, long events, long failed,
                         int checkpoints, boolean statementSigned, List<String> notProvable) {
        public boolean holds() {
            return statementSigned && failed == 0 && notProvable.isEmpty();
        }
    }

    /** The file is not an evidence bundle that can be read at all (verification could not run). */
    public static final class UnreadableBundleException extends IOException {
        UnreadableBundleException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record CheckedCheckpoint(Checkpoint checkpoint, boolean valid) {
    }

    private final Ed25519PublicKeyParameters publicKey;

    public EvidenceBundleVerifier(Ed25519PublicKeyParameters publicKey) {
        this.publicKey = publicKey;
    }

    /** Verifies the bundle; each event's result goes to {@code results} as it is checked. */
    public Report verify(Path bundle, Consumer<EventResult> results) throws IOException {
        try (ZipFile zip = new ZipFile(bundle.toFile(), StandardCharsets.UTF_8)) {
            Summary summary = EvidenceFormat.JSON.readValue(bytes(zip, EvidenceFormat.SUMMARY), Summary.class);
            byte[] questionBytes = bytes(zip, EvidenceFormat.QUESTION);
            QuestionEntry question = EvidenceFormat.JSON.readValue(questionBytes, QuestionEntry.class);
            if (!EvidenceFormat.FORMAT.equals(question.format()) || question.question() == null) {
                throw new UnreadableBundleException("not a " + EvidenceFormat.FORMAT + " bundle", null);
            }
            Map<String, CheckedCheckpoint> checkpoints = checkpoints(zip);
            MessageDigest eventsDigest = Digests.sha256();
            long[] counts = new long[2]; // events, failed
            String tenant = question.question().tenant();
            readLines(zip, EvidenceFormat.EVENTS, eventsDigest, (number, line) -> {
                EventResult r = verifyLine(number, line, tenant, checkpoints);
                counts[0]++;
                if (!r.verified()) {
                    counts[1]++;
                }
                results.accept(r);
            });
            MessageDigest notProvableDigest = Digests.sha256();
            List<String> notProvable = new ArrayList<>();
            readLines(zip, EvidenceFormat.NOT_PROVABLE, notProvableDigest, (number, line) -> {
                NotProvableEntry n = EvidenceFormat.JSON.readValue(line, NotProvableEntry.class);
                notProvable.add(n.accessId() + ": " + n.reason());
            });
            byte[] statement = EvidenceFormat.statement(summary.answerEntries(), counts[0], notProvable.size(),
                    EvidenceFormat.hex(Digests.sha256().digest(questionBytes)),
                    EvidenceFormat.hex(eventsDigest.digest()), EvidenceFormat.hex(notProvableDigest.digest()),
                    String.valueOf(summary.keyId()));
            boolean signed = summary.signature() != null && CheckpointSignatures.verify(statement,
                    Base64.getDecoder().decode(summary.signature()), publicKey);
            return new Report(question.question(), summary.answerEntries(), counts[0], counts[1], checkpoints.size(),
                    signed, Collections.unmodifiableList(notProvable));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new UnreadableBundleException("the bundle's question, summary or checkpoints cannot be read", e);
        }
    }

    private EventResult verifyLine(long number, byte[] line, String tenant, Map<String, CheckedCheckpoint> checkpoints) {
        Entry e;
        ChainLink link;
        byte[] rowHash;
        try {
            e = EvidenceFormat.JSON.readValue(line, Entry.class);
            link = e.link().link(e.row());
            rowHash = e.row().stored().hash();
        } catch (JacksonException | IllegalArgumentException | NullPointerException malformed) {
            return new EventResult(number, null, null, null, 0, Failure.MALFORMED, "line " + number);
        }
        String chain = link.chain().label();
        if (!link.chain().tenant().equals(tenant)) {
            return result(number, e, link, Failure.OTHER_TENANT, "chain " + chain);
        }
        if (!Arrays.equals(rowHash, link.eventHash())) {
            return result(number, e, link, Failure.MODIFIED, "the row does not hash to the sealed event hash");
        }
        if (!link.isConsistent()) {
            return result(number, e, link, Failure.LINK_INVALID, "the link hash does not follow from its parts");
        }
        if (e.checkpoint() == null || e.proof() == null) {
            return result(number, e, link, Failure.PROOF_MISSING, "no checkpoint or inclusion proof given");
        }
        CheckedCheckpoint cp = checkpoints.get(e.checkpoint());
        if (cp == null) {
            return result(number, e, link, Failure.CHECKPOINT_MISSING, e.checkpoint());
        }
        Checkpoint c = cp.checkpoint();
        if (!cp.valid()) {
            return result(number, e, link, Failure.CHECKPOINT_INVALID, "signature does not verify: "
                    + e.checkpoint());
        }
        if (!c.chain().equals(link.chain()) || link.position() < c.first() || link.position() > c.last()) {
            return result(number, e, link, Failure.CHECKPOINT_INVALID, "the checkpoint does not cover the position");
        }
        List<byte[]> proof = e.proof().stream().map(EvidenceFormat::unhex).toList();
        if (!MerkleTree.verifyInclusion(link.hash(), (int) (link.position() - c.first()),
                (int) (c.last() - c.first() + 1), proof, c.merkleRoot())) {
            return result(number, e, link, Failure.PROOF_INVALID, "the proof does not lead to the signed root");
        }
        return result(number, e, link, null, "positions " + c.first() + ".." + c.last() + " signed " + c.sealedAt());
    }

    private static EventResult result(long number, Entry e, ChainLink link, Failure failure, String detail) {
        return new EventResult(number, e.accessId(), link.eventId(), link.chain().label(), link.position(), failure,
                detail);
    }

    /** Every checkpoint entry, decoded, its signature checked and its name matched with its content. */
    private Map<String, CheckedCheckpoint> checkpoints(ZipFile zip) throws IOException {
        Map<String, CheckedCheckpoint> all = new HashMap<>();
        for (ZipEntry entry : Collections.list(zip.entries())) {
            if (entry.isDirectory() || !entry.getName().startsWith(EvidenceFormat.CHECKPOINTS)) {
                continue;
            }
            Checkpoint c = CheckpointDirectory.decode(new String(bytes(zip, entry.getName()), StandardCharsets.UTF_8));
            boolean valid = EvidenceFormat.checkpointEntry(c).equals(entry.getName())
                    && CheckpointSignatures.verify(c, publicKey);
            all.put(entry.getName(), new CheckedCheckpoint(c, valid));
        }
        return all;
    }

    @FunctionalInterface
    private interface LineHandler {
        void line(long number, byte[] line) throws IOException;
    }

    /** Reads an entry line by line while hashing its exact bytes. */
    private static void readLines(ZipFile zip, String name, MessageDigest digest, LineHandler handler)
            throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new UnreadableBundleException("the bundle has no " + name, null);
        }
        try (InputStream in = new DigestInputStream(zip.getInputStream(entry), digest);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                handler.line(number, line.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static byte[] bytes(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new UnreadableBundleException("the bundle has no " + name, null);
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }
}
