package io.custos.archive.ledger.evidence;

import io.custos.archive.ledger.ChainId;
import io.custos.archive.ledger.ChainLink;
import io.custos.archive.ledger.Checkpoint;
import io.custos.archive.ledger.StoredEvent;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * The entries of an evidence bundle (a ZIP, {@code docs/ledger.md} "Evidence bundles") and their JSON shapes.
 * Hashes are hex (as in the published checkpoints); payload and metadata as UTF-8 text, else base64.
 */
final class EvidenceFormat {

    static final String FORMAT = "custos-evidence-v1";
    static final String QUESTION = "question.json";
    static final String EVENTS = "events.jsonl";
    static final String NOT_PROVABLE = "not-provable.jsonl";
    static final String SUMMARY = "summary.json";
    static final String CHECKPOINTS = "checkpoints/";

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();

    private EvidenceFormat() {
    }

    /** {@value #QUESTION}. */
    record QuestionEntry(String format, EvidenceQuestion question) {
    }

    /**
     * The event row exactly as stored: every column the ledger hashes ({@link StoredEvent#hash()}). Payload and
     * metadata that are valid UTF-8 (Axon's JSON, always so far) are kept as text, which an auditor can read and
     * which compresses far better than base64; strict decoding makes the text give back exactly the stored bytes.
     * Other bytes are kept as base64 ({@code payload}, {@code metadata}).
     */
    record Row(long globalIndex, String eventId, String aggregateId, long sequenceNumber, String type,
               String payloadType, String payloadRevision, String timestamp, String payloadText, byte[] payload,
               String metadataText, byte[] metadata) {

        static Row of(StoredEvent e) {
            String payloadText = utf8(e.payload());
            String metadataText = utf8(e.metadata());
            return new Row(e.globalIndex(), e.eventId(), e.aggregateId(), e.sequenceNumber(), e.type(),
                    e.payloadType(), e.payloadRevision(), e.timestamp(), payloadText,
                    payloadText == null ? e.payload() : null, metadataText, metadataText == null ? e.metadata() : null);
        }

        StoredEvent stored() {
            return new StoredEvent(globalIndex, eventId, aggregateId, sequenceNumber, type, payloadType,
                    payloadRevision, timestamp, bytes(payloadText, payload), bytes(metadataText, metadata));
        }

        private static String utf8(byte[] bytes) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException notText) {
                return null;
            }
        }

        private static byte[] bytes(String text, byte[] raw) {
            return text != null ? text.getBytes(StandardCharsets.UTF_8) : raw;
        }
    }

    /** The sealed link of the row (its global index and event id are the row's). */
    record Link(String tenant, String region, long position, String eventHash, String previousHash, String hash) {

        static Link of(ChainLink l) {
            return new Link(l.chain().tenant(), l.chain().region(), l.position(), HEX.formatHex(l.eventHash()),
                    HEX.formatHex(l.previousHash()), HEX.formatHex(l.hash()));
        }

        ChainId chain() {
            return new ChainId(tenant, region);
        }

        ChainLink link(Row row) {
            return new ChainLink(chain(), position, row.globalIndex(), row.eventId(), HEX.parseHex(eventHash),
                    HEX.parseHex(previousHash), HEX.parseHex(hash));
        }
    }

    /**
     * One line of {@value #EVENTS}: the row, its link, the checkpoint covering it (entry name below
     * {@value #CHECKPOINTS}) and the RFC 6962 audit path of the link hash in that checkpoint's tree (bottom-up).
     */
    record Entry(String accessId, Row row, Link link, String checkpoint, List<String> proof) {
    }

    /** One line of {@value #NOT_PROVABLE}: an answer entry whose event could not be proven, and why. */
    record NotProvableEntry(String accessId, String reason) {
    }

    /**
     * {@value #SUMMARY}, written last. The archive signs the SHA-256 of the question, events and not-provable
     * entries with the ledger key, so a bundle altered after export (an event line dropped, the question
     * changed) is told apart from the bundle the archive produced.
     */
    record Summary(String format, long answerEntries, long events, long notProvable, List<String> checkpoints,
                   String questionSha256, String eventsSha256, String notProvableSha256, String keyId,
                   String signature) {
    }

    static String checkpointEntry(Checkpoint c) {
        return CHECKPOINTS + c.chain().tenant() + "/" + c.chain().region() + "/"
                + String.format("%020d-%020d.checkpoint", c.first(), c.last());
    }

    /** The exact bytes the bundle signature covers; a tag of its own keeps them apart from checkpoint bytes. */
    static byte[] statement(long answerEntries, long events, long notProvable, String questionSha256,
                            String eventsSha256, String notProvableSha256, String keyId) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(300);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF("custos-evidence-bundle-v1");
            out.writeLong(answerEntries);
            out.writeLong(events);
            out.writeLong(notProvable);
            out.writeUTF(questionSha256);
            out.writeUTF(eventsSha256);
            out.writeUTF(notProvableSha256);
            out.writeUTF(keyId);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    static byte[] unhex(String hex) {
        return HEX.parseHex(hex);
    }
}
