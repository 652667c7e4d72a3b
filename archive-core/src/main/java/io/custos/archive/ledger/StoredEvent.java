package io.custos.archive.ledger;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * One event row exactly as the event store holds it. The ledger hashes these stored bytes, never a
 * re-serialisation: a payload whose PHI was sealed under a key destroyed since (crypto-shredding) hashes the
 * same as on the day it was written, so shredding never breaks verification.
 */
public record StoredEvent(long globalIndex, String eventId, String aggregateId, long sequenceNumber, String type,
                          String payloadType, String payloadRevision, String timestamp, byte[] payload,
                          byte[] metadata) {

    public StoredEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(payloadType, "payloadType");
        Objects.requireNonNull(timestamp, "timestamp");
        payload = Objects.requireNonNull(payload, "payload").clone();
        metadata = metadata == null ? new byte[0] : metadata.clone();
    }

    /** SHA-256 over every column, each length-prefixed so that no two different rows encode alike. */
    public byte[] hash() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + metadata.length + 256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF("custos-ledger-event-v1");
            writeText(out, eventId);
            writeText(out, aggregateId);
            out.writeLong(sequenceNumber);
            writeText(out, type);
            writeText(out, payloadType);
            writeText(out, payloadRevision);
            writeText(out, timestamp);
            writeBytes(out, payload);
            writeBytes(out, metadata);
            out.flush();
            MessageDigest d = Digests.sha256();
            return d.digest(bytes.toByteArray());
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    private static void writeText(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
        } else {
            writeBytes(out, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public byte[] metadata() {
        return metadata.clone();
    }

    @Override
    public String toString() {
        return "StoredEvent[" + globalIndex + ", " + eventId + ", " + payloadType + "]";
    }
}
