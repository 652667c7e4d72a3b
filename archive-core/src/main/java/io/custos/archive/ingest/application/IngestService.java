package io.custos.archive.ingest.application;

import io.custos.archive.ingest.api.IngestOutcome;
import io.custos.archive.ingest.api.IngestRequest;
import io.custos.archive.ingest.api.InstanceIngest;
import io.custos.archive.ingest.api.InstanceRejectedException;
import io.custos.archive.ingest.api.ParsedInstance;
import io.custos.archive.ingest.api.Part10Parser;
import io.custos.archive.ingest.api.RejectionReason;
import io.custos.archive.residency.ResidencyPolicy;
import io.custos.archive.storage.BlobRef;
import io.custos.archive.storage.EncryptedBlobs;
import io.custos.archive.study.api.InstanceIngestRejectedEvent;
import io.custos.archive.study.api.RecordInstanceCommand;
import io.custos.archive.study.api.RecordingResult;
import io.custos.archive.study.api.SealedAttributes;
import io.custos.archive.study.api.StudyId;
import io.custos.archive.study.application.AttributeSealer;
import io.custos.keys.DataKey;
import io.custos.keys.KeyScope;
import io.custos.keys.StudyKeys;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Ingest of one object, in the order that makes "success" mean "durable": validate at the edge, encrypt
 * and store the blob (fsynced), then commit the study's event. Only then is success returned. A crash
 * between the two leaves an unreferenced blob, which {@link OrphanBlobSweeper} removes; a failure to
 * commit is reported as a processing failure, and no event means the object is not visible anywhere.
 * Every refusal is itself recorded as an event.
 */
public final class IngestService implements InstanceIngest {

    private static final Logger log = LoggerFactory.getLogger(IngestService.class);

    private final Part10Parser parser;
    private final StudyKeys keys;
    private final EncryptedBlobs blobs;
    private final AttributeSealer sealer;
    private final CommandGateway commands;
    private final EventGateway events;
    private final ResidencyPolicy residency;
    private final long maxObjectBytes;

    public IngestService(Part10Parser parser, StudyKeys keys, EncryptedBlobs blobs, AttributeSealer sealer,
                         CommandGateway commands, EventGateway events, ResidencyPolicy residency,
                         long maxObjectBytes) {
        this.parser = parser;
        this.keys = keys;
        this.blobs = blobs;
        this.sealer = sealer;
        this.commands = commands;
        this.events = events;
        this.residency = residency;
        this.maxObjectBytes = maxObjectBytes;
    }

    @Override
    public IngestOutcome ingest(IngestRequest request, byte[] bytes) {
        if (!residency.allows(request.tenant(), request.region())) {
            return refuse(request, bytes, null, RejectionReason.REGION_NOT_ALLOWED);
        }
        if (bytes.length > maxObjectBytes) {
            return refuse(request, bytes, null, RejectionReason.TOO_LARGE);
        }
        ParsedInstance instance;
        try {
            instance = parser.parse(bytes);
        } catch (InstanceRejectedException rejected) {
            return refuse(request, bytes, null, rejected.reason());
        }
        return storeAllowed(request, bytes, instance);
    }

    /** Stores an object already parsed (STOW-RS checks the target study first). */
    public IngestOutcome store(IngestRequest request, byte[] bytes, ParsedInstance instance) {
        if (!residency.allows(request.tenant(), request.region())) {
            return refuse(request, bytes, instance, RejectionReason.REGION_NOT_ALLOWED);
        }
        return storeAllowed(request, bytes, instance);
    }

    /** Stores an object whose tenant and region were already checked against the residency policy. */
    private IngestOutcome storeAllowed(IngestRequest request, byte[] bytes, ParsedInstance instance) {
        KeyScope scope = new KeyScope(request.tenant().value(), request.region().value());
        StudyId studyId = StudyId.of(request.tenant(), instance.study());
        BlobRef ref;
        boolean written;
        RecordingResult result;
        try {
            DataKey key = keys.forStudy(scope, instance.study().value());
            ref = new BlobRef(request.region(), request.tenant(), key.id(), instance.sha256());
            written = blobs.put(ref, key, bytes);
            SealedAttributes sealed = sealer.seal(key, studyId.value(), instance.attributes());
            result = commands.sendAndWait(new RecordInstanceCommand(studyId.value(), request.tenant(),
                    request.region(), instance.study(), instance.series(), instance.sop(), instance.sopClass(),
                    instance.transferSyntax(), instance.sizeBytes(), instance.sha256(), ref.value(), sealed,
                    request.source(), instance.datasetSha256()));
        } catch (RuntimeException | java.io.IOException failure) {
            // The blob, if written, stays unreferenced unless the event did commit; the sweeper decides later.
            log.error("Ingest of an object ({} bytes) from {} failed: {}", bytes.length, request.source().channel(),
                    failure.getClass().getSimpleName());
            return refuse(request, bytes, instance, RejectionReason.PROCESSING_FAILURE);
        }
        return switch (result) {
            case STORED -> new IngestOutcome.Stored(instance.sopClass().value(), instance.sop().value(),
                    instance.study().value());
            case ALREADY_STORED -> new IngestOutcome.AlreadyStored(instance.sopClass().value(),
                    instance.sop().value(), instance.study().value());
            case CONFLICT -> {
                // The refusal is already an event of the study; drop the bytes we just wrote for it.
                if (written) {
                    deleteQuietly(ref);
                }
                yield new IngestOutcome.Rejected(instance.sopClass().value(), instance.sop().value(),
                        RejectionReason.CONFLICTING_DUPLICATE);
            }
            case OTHER_REGION, DELETED -> {
                // Refused by the study and recorded there. The key this attempt obtained serves no stored
                // instance (the study lives elsewhere, or its key was shredded), so it goes with the blob.
                deleteQuietly(ref);
                keys.shred(scope, instance.study().value());
                yield new IngestOutcome.Rejected(instance.sopClass().value(), instance.sop().value(),
                        result == RecordingResult.DELETED ? RejectionReason.STUDY_DELETED
                                : RejectionReason.STUDY_IN_OTHER_REGION);
            }
        };
    }

    /** Records a refusal that happened before any study was involved, and returns it as the outcome. */
    public IngestOutcome refuse(IngestRequest request, byte[] bytes, ParsedInstance instance, RejectionReason reason) {
        String study = instance == null ? null : instance.study().value();
        String sop = instance == null ? null : instance.sop().value();
        String sopClass = instance == null ? null : instance.sopClass().value();
        try {
            events.publish(new InstanceIngestRejectedEvent(
                    study == null ? null : StudyId.of(request.tenant(), instance.study()).value(),
                    request.tenant(), request.region(), study, sop, sopClass, bytes.length, sha256(bytes), reason,
                    request.source()));
        } catch (RuntimeException auditFailure) {
            // The refusal stands either way; an unrecorded refusal is an operational alarm, not a success.
            log.error("Could not record an ingest refusal ({}): {}", reason, auditFailure.getClass().getSimpleName());
        }
        log.info("Refused an object ({} bytes) from {}: {}", bytes.length, request.source().channel(), reason);
        return new IngestOutcome.Rejected(sopClass, sop, reason);
    }

    private void deleteQuietly(BlobRef ref) {
        try {
            blobs.delete(ref);
        } catch (java.io.IOException e) {
            log.warn("Could not delete a refused blob; the orphan sweeper will retry");
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
