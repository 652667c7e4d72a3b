package io.custos.archive.ledger.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.archive.ledger.ChainId;
import io.custos.archive.ledger.ChainLink;
import io.custos.archive.ledger.Checkpoint;
import io.custos.archive.ledger.CheckpointSealer;
import io.custos.archive.ledger.MerkleTree;
import io.custos.archive.ledger.StoredEvent;
import io.custos.archive.ledger.evidence.EvidenceBundleVerifier.EventResult;
import io.custos.archive.ledger.evidence.EvidenceBundleVerifier.Failure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A bundle of a chain's events verifies offline with the public key alone; each kind of tampering with the file
 * is detected and named: a payload byte, a proof node, a forged checkpoint signature, a dropped proof, a dropped
 * checkpoint, an event of another tenant, a dropped event line, an event the archive could not prove.
 */
class EvidenceBundleTest {

    private static final ChainId CHAIN = new ChainId("acme", "local");
    private static final Ed25519PrivateKeyParameters KEY = new Ed25519PrivateKeyParameters(new SecureRandom());
    private static final EvidenceQuestion QUESTION = new EvidenceQuestion("BY_PATIENT", "acme",
            Map.of("patientRef", "ab".repeat(32)), "2026-11-01", "2026-11-23", "audrey", "2026-11-23T23:00:00Z");

    @TempDir
    Path dir;

    private final List<StoredEvent> events = new ArrayList<>();
    private final List<ChainLink> links = new ArrayList<>();
    private final List<Checkpoint> checkpoints = new ArrayList<>();

    @BeforeEach
    void sealThirteenEventsInTwoCheckpoints() {
        for (int i = 1; i <= 13; i++) {
            // Event 3 has bytes that are no UTF-8 text (kept as base64), the others JSON text.
            byte[] payload = i == 3 ? new byte[] {(byte) 0xff, (byte) 0xfe, 3}
                    : ("{\"tenant\":\"acme\",\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
            StoredEvent e = new StoredEvent(i, "event-" + i, null, 0, null, "io.custos.Accessed", null,
                    "2026-11-23T10:00:0" + (i % 10) + "Z", payload, new byte[] {1, 2});
            events.add(e);
            links.add(ChainLink.next(CHAIN, links.isEmpty() ? null : links.get(links.size() - 1), e));
        }
        CheckpointSealer sealer = new CheckpointSealer("ledger-1", KEY);
        checkpoints.add(sealer.seal(links.subList(0, 8), Instant.parse("2026-11-23T10:00:00Z")));
        checkpoints.add(sealer.seal(links.subList(8, 13), Instant.parse("2026-11-23T10:01:00Z")));
    }

    @Test
    void anUntouchedBundleVerifiesEveryEvent() throws IOException {
        Outcome o = verify(write(List.of(2, 7, 8, 12)));
        assertThat(o.report().holds()).isTrue();
        assertThat(o.report().events()).isEqualTo(4);
        assertThat(o.report().checkpoints()).isEqualTo(2);
        assertThat(o.results()).allMatch(EventResult::verified);
        assertThat(o.results()).extracting(EventResult::position).containsExactly(3L, 8L, 9L, 13L);
        assertThat(o.report().question()).isEqualTo(QUESTION);
    }

    @Test
    void aChangedPayloadCharacterIsModified() throws IOException {
        Path bundle = editEvent(write(List.of(2, 7)), 1, e -> ((ObjectNode) e.get("row")).put("payloadText",
                e.get("row").get("payloadText").asString().replace("8", "9")));
        assertOnlyFailure(verify(bundle), "event-8", Failure.MODIFIED);
    }

    @Test
    void aChangedByteOfABinaryPayloadIsModified() throws IOException {
        Path bundle = editEvent(write(List.of(2, 7)), 0, e -> {
            assertThat(e.get("row").get("payloadText").isNull()).isTrue();
            byte[] payload = java.util.Base64.getDecoder().decode(e.get("row").get("payload").asString());
            payload[2] ^= 1;
            ((ObjectNode) e.get("row")).put("payload", payload);
        });
        assertOnlyFailure(verify(bundle), "event-3", Failure.MODIFIED);
    }

    @Test
    void aRowWithoutPayloadIsMalformed() throws IOException {
        Path bundle = editEvent(write(List.of(2, 7)), 1, e -> ((ObjectNode) e.get("row")).remove("payloadText"));
        Outcome o = verify(bundle);
        assertThat(o.results()).filteredOn(r -> !r.verified()).singleElement()
                .satisfies(r -> assertThat(r.failure()).isEqualTo(Failure.MALFORMED));
    }

    @Test
    void aChangedProofNodeIsAnInvalidProof() throws IOException {
        Path bundle = editEvent(write(List.of(2, 7)), 0, e -> {
            ArrayNode proof = (ArrayNode) e.get("proof");
            proof.set(1, proof.get(1).asString().replaceFirst("^.", proof.get(1).asString().startsWith("0") ? "1" : "0"));
        });
        assertOnlyFailure(verify(bundle), "event-3", Failure.PROOF_INVALID);
    }

    @Test
    void aForgedCheckpointSignatureMakesItsEventsFail() throws IOException {
        Ed25519PrivateKeyParameters forger = new Ed25519PrivateKeyParameters(new SecureRandom());
        Checkpoint forged = new CheckpointSealer("ledger-1", forger).seal(links.subList(8, 13),
                Instant.parse("2026-11-23T10:01:00Z"));
        Path bundle = edit(write(List.of(2, 12)), EvidenceFormat.checkpointEntry(forged),
                b -> io.custos.archive.ledger.CheckpointDirectory.encode(forged).getBytes(StandardCharsets.UTF_8));
        assertOnlyFailure(verify(bundle), "event-13", Failure.CHECKPOINT_INVALID);
    }

    @Test
    void aDroppedProofIsMissing() throws IOException {
        Path bundle = editEvent(write(List.of(2, 7)), 0, e -> e.remove("proof"));
        assertOnlyFailure(verify(bundle), "event-3", Failure.PROOF_MISSING);
    }

    @Test
    void aDroppedCheckpointIsMissing() throws IOException {
        Path bundle = edit(write(List.of(2, 12)), EvidenceFormat.checkpointEntry(checkpoints.get(1)), b -> null);
        assertOnlyFailure(verify(bundle), "event-13", Failure.CHECKPOINT_MISSING);
    }

    @Test
    void aLinkMovedToAnotherPositionIsInvalid() throws IOException {
        Path bundle = editEvent(write(List.of(2, 7)), 0, e -> ((ObjectNode) e.get("link")).put("position", 4));
        assertOnlyFailure(verify(bundle), "event-3", Failure.LINK_INVALID);
    }

    @Test
    void anEventOfAnotherTenantIsNamed() throws IOException {
        Path bundle = editEvent(write(List.of(2)), 0, e -> ((ObjectNode) e.get("link")).put("tenant", "other"));
        assertOnlyFailure(verify(bundle), "event-3", Failure.OTHER_TENANT);
    }

    @Test
    void aDroppedEventLineBreaksTheArchivesSignatureOverTheBundle() throws IOException {
        Path bundle = edit(write(List.of(2, 7, 12)), EvidenceFormat.EVENTS, b -> {
            String[] lines = new String(b, StandardCharsets.UTF_8).split("\n");
            return (lines[0] + "\n" + lines[2] + "\n").getBytes(StandardCharsets.UTF_8);
        });
        Outcome o = verify(bundle);
        assertThat(o.results()).allMatch(EventResult::verified).hasSize(2);
        assertThat(o.report().statementSigned()).isFalse();
        assertThat(o.report().holds()).isFalse();
    }

    @Test
    void aChangedQuestionBreaksTheArchivesSignatureOverTheBundle() throws IOException {
        Path bundle = edit(write(List.of(2)), EvidenceFormat.QUESTION, b -> new String(b, StandardCharsets.UTF_8)
                .replace("2026-11-01", "2026-10-01").getBytes(StandardCharsets.UTF_8));
        assertThat(verify(bundle).report().statementSigned()).isFalse();
    }

    @Test
    void anEntryTheArchiveCouldNotProveMakesTheBundleFail() throws IOException {
        Path file = dir.resolve("pending.zip");
        try (OutputStream out = Files.newOutputStream(file)) {
            EvidenceBundleWriter writer = new EvidenceBundleWriter(out, QUESTION, KEY, "ledger-1");
            add(writer, 2);
            writer.notProvable("event-99", "NOT_SEALED");
            writer.finish(2);
        }
        Outcome o = verify(file);
        assertThat(o.report().statementSigned()).isTrue();
        assertThat(o.report().notProvable()).containsExactly("event-99: NOT_SEALED");
        assertThat(o.report().holds()).isFalse();
    }

    @Test
    void aFileThatIsNoBundleCannotBeVerified() throws IOException {
        Path file = Files.write(dir.resolve("junk.zip"), "not a zip".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> verify(file)).isInstanceOf(IOException.class);
    }

    @Test
    void theWriterRefusesALinkItsCheckpointDoesNotCover() throws IOException {
        EvidenceBundleWriter writer = new EvidenceBundleWriter(new ByteArrayOutputStream(), QUESTION, KEY, "k");
        assertThatThrownBy(() -> writer.add("x", events.get(10), links.get(10), checkpoints.get(0), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // --- helpers

    private record Outcome(EvidenceBundleVerifier.Report report, List<EventResult> results) {
    }

    private Outcome verify(Path bundle) throws IOException {
        List<EventResult> results = new ArrayList<>();
        EvidenceBundleVerifier.Report report = new EvidenceBundleVerifier(KEY.generatePublicKey())
                .verify(bundle, results::add);
        return new Outcome(report, results);
    }

    private static void assertOnlyFailure(Outcome o, String eventId, Failure failure) {
        assertThat(o.results()).filteredOn(r -> !r.verified()).singleElement().satisfies(r -> {
            assertThat(r.eventId()).isEqualTo(eventId);
            assertThat(r.failure()).isEqualTo(failure);
        });
        assertThat(o.report().holds()).isFalse();
    }

    /** A bundle of the events at these 0-based indexes. */
    private Path write(List<Integer> indexes) throws IOException {
        Path file = dir.resolve("bundle-" + System.nanoTime() + ".zip");
        try (OutputStream out = Files.newOutputStream(file)) {
            EvidenceBundleWriter writer = new EvidenceBundleWriter(out, QUESTION, KEY, "ledger-1");
            for (int i : indexes) {
                add(writer, i);
            }
            writer.finish(indexes.size());
        }
        return file;
    }

    private void add(EvidenceBundleWriter writer, int i) throws IOException {
        ChainLink link = links.get(i);
        Checkpoint c = checkpoints.stream().filter(cp -> cp.first() <= link.position() && link.position() <= cp.last())
                .findFirst().orElseThrow();
        List<byte[]> leaves = links.subList((int) c.first() - 1, (int) c.last()).stream().map(ChainLink::hash).toList();
        writer.add(link.eventId(), events.get(i), link, c,
                new MerkleTree.Prover(leaves).inclusionProof((int) (link.position() - c.first())));
    }

    /** Rewrites one event line (0-based) of the bundle through the JSON tree. */
    private Path editEvent(Path bundle, int line, java.util.function.Consumer<ObjectNode> change) throws IOException {
        return edit(bundle, EvidenceFormat.EVENTS, b -> {
            String[] lines = new String(b, StandardCharsets.UTF_8).split("\n");
            ObjectNode node = (ObjectNode) EvidenceFormat.JSON.readTree(lines[line]);
            change.accept(node);
            lines[line] = EvidenceFormat.JSON.writeValueAsString(node);
            return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        });
    }

    /** A copy of the bundle with one entry replaced (or dropped when the function returns null). */
    private Path edit(Path bundle, String name, UnaryOperator<byte[]> change) throws IOException {
        Path copy = dir.resolve("edited-" + System.nanoTime() + ".zip");
        try (ZipFile in = new ZipFile(bundle.toFile()); ZipOutputStream out = new ZipOutputStream(
                Files.newOutputStream(copy))) {
            for (ZipEntry entry : Collections.list(in.entries())) {
                byte[] bytes = in.getInputStream(entry).readAllBytes();
                if (entry.getName().equals(name)) {
                    bytes = change.apply(bytes);
                }
                if (bytes != null) {
                    out.putNextEntry(new ZipEntry(entry.getName()));
                    out.write(bytes);
                    out.closeEntry();
                }
            }
        }
        return copy;
    }
}
