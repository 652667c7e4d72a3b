package io.custos.archive.ledger.evidence;

import io.custos.archive.ledger.ChainLink;
import io.custos.archive.ledger.Checkpoint;
import io.custos.archive.ledger.CheckpointDirectory;
import io.custos.archive.ledger.CheckpointSignatures;
import io.custos.archive.ledger.Digests;
import io.custos.archive.ledger.StoredEvent;
import io.custos.archive.ledger.evidence.EvidenceFormat.Entry;
import io.custos.archive.ledger.evidence.EvidenceFormat.Link;
import io.custos.archive.ledger.evidence.EvidenceFormat.NotProvableEntry;
import io.custos.archive.ledger.evidence.EvidenceFormat.QuestionEntry;
import io.custos.archive.ledger.evidence.EvidenceFormat.Row;
import io.custos.archive.ledger.evidence.EvidenceFormat.Summary;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Writes an evidence bundle as a stream: the question first, then one line per event as it is added (nothing
 * per event is kept but the checkpoint it refers to), then the not-provable entries, the checkpoints referred
 * to (their published text) and the signed summary. Memory is bounded by the number of distinct checkpoints and
 * not-provable entries, not by the number of events.
 */
public final class EvidenceBundleWriter {

    /** The media type of a bundle (HTTP {@code Accept} and {@code Content-Type}). */
    public static final String MEDIA_TYPE = "application/vnd.custos.evidence+zip";

    private static final byte[] NEWLINE = {'\n'};

    private final ZipOutputStream zip;
    private final Ed25519PrivateKeyParameters key;
    private final String keyId;
    private final String questionSha256;
    private final MessageDigest eventsDigest = Digests.sha256();
    private final Map<String, Checkpoint> checkpoints = new TreeMap<>();
    private final List<NotProvableEntry> notProvable = new ArrayList<>();
    private long events;

    /** Starts the bundle: writes the question and opens the event list. */
    public EvidenceBundleWriter(OutputStream out, EvidenceQuestion question, Ed25519PrivateKeyParameters key,
                                String keyId) throws IOException {
        this.zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        this.key = key;
        this.keyId = keyId;
        byte[] questionBytes = EvidenceFormat.JSON.writeValueAsBytes(new QuestionEntry(EvidenceFormat.FORMAT,
                question));
        this.questionSha256 = EvidenceFormat.hex(Digests.sha256().digest(questionBytes));
        entry(EvidenceFormat.QUESTION, questionBytes);
        zip.putNextEntry(new ZipEntry(EvidenceFormat.EVENTS));
    }

    /**
     * Adds one event with its proof.
     *
     * @param accessId   the answer's id for it (the event id, or the frame window id it belongs to)
     * @param checkpoint the signed checkpoint covering the link's position
     * @param proof      the link hash's audit path in that checkpoint's tree
     */
    public void add(String accessId, StoredEvent row, ChainLink link, Checkpoint checkpoint, List<byte[]> proof)
            throws IOException {
        if (!link.eventId().equals(row.eventId()) || link.globalIndex() != row.globalIndex()
                || !link.chain().equals(checkpoint.chain())
                || link.position() < checkpoint.first() || link.position() > checkpoint.last()) {
            throw new IllegalArgumentException("the link, row and checkpoint do not belong together");
        }
        String name = EvidenceFormat.checkpointEntry(checkpoint);
        checkpoints.putIfAbsent(name, checkpoint);
        line(eventsDigest, EvidenceFormat.JSON.writeValueAsBytes(new Entry(accessId, Row.of(row), Link.of(link),
                name, proof.stream().map(EvidenceFormat::hex).toList())));
        events++;
    }

    /** Lists an answer entry whose event cannot be proven (not found, not sealed, not checkpointed). */
    public void notProvable(String accessId, String reason) {
        notProvable.add(new NotProvableEntry(accessId, reason));
    }

    /** Writes the rest of the bundle and finishes the ZIP (the stream underneath stays open). */
    public void finish(long answerEntries) throws IOException {
        zip.closeEntry();
        MessageDigest notProvableDigest = Digests.sha256();
        zip.putNextEntry(new ZipEntry(EvidenceFormat.NOT_PROVABLE));
        for (NotProvableEntry n : notProvable) {
            line(notProvableDigest, EvidenceFormat.JSON.writeValueAsBytes(n));
        }
        zip.closeEntry();
        for (Map.Entry<String, Checkpoint> c : checkpoints.entrySet()) {
            entry(c.getKey(), CheckpointDirectory.encode(c.getValue()).getBytes(StandardCharsets.UTF_8));
        }
        String eventsSha256 = EvidenceFormat.hex(eventsDigest.digest());
        String notProvableSha256 = EvidenceFormat.hex(notProvableDigest.digest());
        byte[] signature = CheckpointSignatures.sign(EvidenceFormat.statement(answerEntries, events,
                notProvable.size(), questionSha256, eventsSha256, notProvableSha256, keyId), key);
        entry(EvidenceFormat.SUMMARY, EvidenceFormat.JSON.writeValueAsBytes(new Summary(EvidenceFormat.FORMAT,
                answerEntries, events, notProvable.size(), List.copyOf(checkpoints.keySet()), questionSha256,
                eventsSha256, notProvableSha256, keyId, Base64.getEncoder().encodeToString(signature))));
        zip.finish();
        zip.flush();
    }

    public long events() {
        return events;
    }

    private void line(MessageDigest digest, byte[] json) throws IOException {
        digest.update(json);
        digest.update(NEWLINE);
        zip.write(json);
        zip.write(NEWLINE);
    }

    private void entry(String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }
}
