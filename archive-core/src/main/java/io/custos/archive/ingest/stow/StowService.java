package io.custos.archive.ingest.stow;

import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.ingest.api.IngestOutcome;
import io.custos.archive.ingest.api.IngestRequest;
import io.custos.archive.ingest.api.InstanceRejectedException;
import io.custos.archive.ingest.api.ParsedInstance;
import io.custos.archive.ingest.api.Part10Parser;
import io.custos.archive.ingest.api.RejectionReason;
import io.custos.archive.ingest.application.IngestService;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * STOW-RS (PS3.18 10.5): every part of a multipart/related request is one Part 10 object, ingested on its
 * own; a bad part fails alone and is listed with its reason, the others are stored. When the request
 * targets a study ({@code /studies/{uid}}), parts of another study are refused (PS3.18 10.5.1).
 */
public final class StowService {

    private final Part10Parser parser;
    private final IngestService ingest;
    private final long maxObjectBytes;
    private final long maxRequestBytes;

    public StowService(Part10Parser parser, IngestService ingest, long maxObjectBytes, long maxRequestBytes) {
        this.parser = parser;
        this.ingest = ingest;
        this.maxObjectBytes = maxObjectBytes;
        this.maxRequestBytes = maxRequestBytes;
    }

    public StowResult store(IngestRequest request, Optional<StudyInstanceUid> targetStudy, String contentType,
                            InputStream body) throws StowRequestException {
        // The whole body is read before anything is stored: a request cut off or malformed half-way is
        // refused as a whole and changes nothing, instead of leaving its first parts stored.
        MultipartRelated parts = MultipartRelated.open(contentType, body, maxObjectBytes);
        List<MultipartRelated.Part> received = new ArrayList<>();
        long total = 0;
        for (Optional<MultipartRelated.Part> next = parts.next(); next.isPresent(); next = parts.next()) {
            total += next.get().bytes().length;
            if (total > maxRequestBytes) {
                throw new StowRequestException(413, "The request exceeds the STOW-RS size limit of "
                        + maxRequestBytes + " bytes; send fewer instances per request");
            }
            received.add(next.get());
        }
        if (received.isEmpty()) {
            throw new StowRequestException(400, "The multipart/related body contains no parts");
        }
        List<StowResult.Part> outcomes = new ArrayList<>(received.size());
        for (MultipartRelated.Part part : received) {
            outcomes.add(storePart(request, targetStudy, part));
        }
        return new StowResult(outcomes);
    }

    private StowResult.Part storePart(IngestRequest request, Optional<StudyInstanceUid> targetStudy,
                                      MultipartRelated.Part part) {
        if (part.tooLarge()) {
            return unread(ingest.refuse(request, part.bytes(), null, RejectionReason.TOO_LARGE));
        }
        if (!"application/dicom".equals(part.mediaType())) {
            return unread(ingest.refuse(request, part.bytes(), null, RejectionReason.NOT_PARSEABLE));
        }
        ParsedInstance instance;
        try {
            instance = parser.parse(part.bytes());
        } catch (InstanceRejectedException rejected) {
            return unread(ingest.refuse(request, part.bytes(), null, rejected.reason()));
        }
        IngestOutcome outcome = targetStudy.isPresent() && !targetStudy.get().equals(instance.study())
                ? ingest.refuse(request, part.bytes(), instance, RejectionReason.STUDY_MISMATCH)
                : ingest.store(request, part.bytes(), instance);
        return new StowResult.Part(outcome, instance.series().value());
    }

    private static StowResult.Part unread(IngestOutcome refused) {
        return new StowResult.Part(refused, null);
    }
}
