package io.custos.archive.retention.application;

import io.custos.archive.retention.api.RecordStudyShreddedCommand;
import io.custos.archive.retention.api.StudyDeletedEvent;
import io.custos.archive.storage.BlobRef;
import io.custos.archive.storage.EncryptedBlobs;
import io.custos.keys.KeyScope;
import io.custos.keys.StudyKeys;
import org.axonframework.commandhandling.gateway.CommandGateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries out a committed deletion: destroys the study's data key first (from then on every copy of its
 * blobs and every PHI field sealed in its events is unreadable, wherever they are), then removes the blobs,
 * then records {@code StudyShreddedEvent}. Every step is idempotent, so running it again after a crash, or
 * from a second node, finishes what is left and records nothing twice.
 */
public final class StudyShredder {

    private final StudyKeys keys;
    private final EncryptedBlobs blobs;
    private final CommandGateway commands;

    public StudyShredder(StudyKeys keys, EncryptedBlobs blobs, CommandGateway commands) {
        this.keys = keys;
        this.blobs = blobs;
        this.commands = commands;
    }

    public void shred(StudyDeletedEvent deleted) {
        KeyScope scope = new KeyScope(deleted.tenant().value(), deleted.region().value());
        List<String> destroyed = keys.shred(scope, deleted.study().value()).stream().toList();
        int removed = 0;
        for (String value : deleted.blobRefs()) {
            BlobRef ref = BlobRef.parse(value);
            try {
                if (blobs.exists(ref)) {
                    blobs.delete(ref);
                    removed++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("removing a deleted study's blob failed; will retry", e);
            }
        }
        commands.sendAndWait(new RecordStudyShreddedCommand(deleted.studyId(), new ArrayList<>(destroyed), removed));
    }
}
