package io.custos.archive.ingest.dimse;

import io.custos.archive.ingest.api.IngestOutcome;
import io.custos.archive.ingest.api.IngestRequest;
import io.custos.archive.ingest.api.InstanceIngest;
import io.custos.archive.ingest.api.InstanceRejectedException;
import io.custos.archive.ingest.api.ParsedInstance;
import io.custos.archive.ingest.dicom.PixelMedPart10Parser;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The server's collaborator in these tests: really parses what it is given (with the production parser) and
 * keeps the bytes by SOP Instance UID. An optional override decides the outcome, and an optional hook runs
 * first (to hold an association inside ingest).
 */
final class RecordingIngest implements InstanceIngest {
    final Map<String, byte[]> received = new ConcurrentHashMap<>();
    final List<IngestRequest> requests = new CopyOnWriteArrayList<>();
    /** Reasons the parser gave (with sizes), for assertion messages. */
    final List<String> rejections = new CopyOnWriteArrayList<>();
    private final PixelMedPart10Parser parser = new PixelMedPart10Parser(64L * 1024 * 1024);
    volatile Function<ParsedInstance, IngestOutcome> override;
    volatile Runnable hook = () -> { };

    @Override
    public IngestOutcome ingest(IngestRequest request, byte[] part10Bytes) {
        hook.run();
        requests.add(request);
        ParsedInstance parsed;
        try {
            parsed = parser.parse(part10Bytes);
        } catch (InstanceRejectedException e) {
            rejections.add(e.reason() + " (" + part10Bytes.length + " bytes)");
            return new IngestOutcome.Rejected(null, null, e.reason());
        }
        Function<ParsedInstance, IngestOutcome> decide = override;
        if (decide != null) {
            return decide.apply(parsed);
        }
        byte[] previous = received.putIfAbsent(parsed.sop().value(), part10Bytes);
        return previous == null
                ? new IngestOutcome.Stored(parsed.sopClass().value(), parsed.sop().value(), parsed.study().value())
                : new IngestOutcome.AlreadyStored(parsed.sopClass().value(), parsed.sop().value(), parsed.study().value());
    }
}
