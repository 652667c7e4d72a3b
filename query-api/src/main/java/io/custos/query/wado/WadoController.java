package io.custos.query.wado;

import io.custos.archive.retrieve.PixelDataIndex;
import io.custos.archive.retrieve.PixelDataIndexes;
import io.custos.archive.retrieve.StoredInstances;
import io.custos.archive.retrieve.UnindexablePixelDataException;
import io.custos.archive.study.api.InstanceStoredEvent;
import io.custos.query.wado.AcceptedMediaTypes.FrameEncoding;
import io.custos.query.wado.AcceptedMediaTypes.InstanceEncoding;
import io.custos.query.wado.WadoRead.ReadLevel;
import io.custos.query.wado.WadoRead.ReadOutcome;
import io.custos.query.wado.WadoRead.ReadResource;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.time.Clock;
import java.util.List;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * WADO-RS (PS3.18 10.4) under /dicom-web: instances, metadata, frames, bulk data, rendered and thumbnail
 * resources. The tenant is the caller's (from the verified token); a study of another tenant is not found.
 * Bodies are streamed to the response as they are decrypted. Every request that reaches this controller is
 * reported once to the {@link ReadRecorder}, whatever its outcome.
 */
@RestController
@RequestMapping("/dicom-web/studies/{study}")
public class WadoController {

    private static final Logger log = LoggerFactory.getLogger(WadoController.class);
    private static final String DICOM_PART = AcceptedMediaTypes.DICOM;
    private static final int THUMBNAIL_SIZE = 128;

    private final StoredSelection selection;
    private final StoredInstances stored;
    private final PixelDataIndexes indexes;
    private final InstanceMetadata metadata;
    private final RenderedImages rendered;
    private final BulkData bulkData;
    private final ReaderResolver readers;
    private final ReadRecorder recorder;
    private final Clock clock;

    public WadoController(WadoSettings settings, ReaderResolver readers, ReadRecorder recorder, Clock clock) {
        this.selection = new StoredSelection(settings.catalog());
        this.stored = settings.stored();
        this.indexes = settings.indexes();
        this.metadata = new InstanceMetadata(settings.stored(), settings.indexes(), settings.metadataCacheBytes());
        this.rendered = new RenderedImages(settings.stored());
        this.bulkData = new BulkData(settings.stored(), settings.indexes());
        this.readers = readers;
        this.recorder = recorder;
        this.clock = clock;
    }

    // ---- PS3.18 10.4.1.1.1 instance resources: multipart/related; type="application/dicom" ----

    @GetMapping
    public void study(@PathVariable String study, @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                      HttpServletResponse response) {
        instances(new Target(ReadLevel.STUDY, study, null, null), accept, response);
    }

    @GetMapping("/series/{series}")
    public void series(@PathVariable String study, @PathVariable String series,
                       @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                       HttpServletResponse response) {
        instances(new Target(ReadLevel.SERIES, study, series, null), accept, response);
    }

    @GetMapping("/series/{series}/instances/{instance}")
    public void instance(@PathVariable String study, @PathVariable String series, @PathVariable String instance,
                         @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                         HttpServletResponse response) {
        instances(new Target(ReadLevel.INSTANCE, study, series, instance), accept, response);
    }

    // ---- PS3.18 10.4.1.1.2 metadata resources: application/dicom+json ----

    @GetMapping("/metadata")
    public void studyMetadata(@PathVariable String study,
                              @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                              HttpServletRequest request, HttpServletResponse response) {
        metadata(new Target(ReadLevel.STUDY, study, null, null), accept, request, response);
    }

    @GetMapping("/series/{series}/metadata")
    public void seriesMetadata(@PathVariable String study, @PathVariable String series,
                               @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                               HttpServletRequest request, HttpServletResponse response) {
        metadata(new Target(ReadLevel.SERIES, study, series, null), accept, request, response);
    }

    @GetMapping("/series/{series}/instances/{instance}/metadata")
    public void instanceMetadata(@PathVariable String study, @PathVariable String series,
                                 @PathVariable String instance,
                                 @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                                 HttpServletRequest request, HttpServletResponse response) {
        metadata(new Target(ReadLevel.INSTANCE, study, series, instance), accept, request, response);
    }

    // ---- PS3.18 10.4.1.1.4 frames and 10.4.1.1.5 bulk data ----

    @GetMapping("/series/{series}/instances/{instance}/frames/{frames}")
    public void frames(@PathVariable String study, @PathVariable String series, @PathVariable String instance,
                       @PathVariable String frames,
                       @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                       HttpServletResponse response) {
        Target target = new Target(ReadLevel.INSTANCE, study, series, instance);
        run(ReadResource.FRAMES, target, response, tally -> {
            AcceptedMediaTypes accepted = AcceptedMediaTypes.parse(accept);
            InstanceStoredEvent stored = one(target);
            PixelDataIndex index = locatableFrames(stored);
            List<Integer> numbers = FrameNumbers.parse(frames, index.numberOfFrames());
            writeFrames(stored, index, numbers, accepted.forFrames(index), response, tally);
        });
    }

    @GetMapping("/series/{series}/instances/{instance}/bulkdata/{tag}")
    public void bulkdata(@PathVariable String study, @PathVariable String series, @PathVariable String instance,
                         @PathVariable String tag,
                         @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                         HttpServletResponse response) {
        Target target = new Target(ReadLevel.INSTANCE, study, series, instance);
        run(ReadResource.BULKDATA, target, response, tally -> {
            InstanceStoredEvent stored = one(target);
            int parsedTag = BulkData.parseTag(tag);
            if (parsedTag == AttributeListJson.PIXEL_DATA && bulkData.hasFrameIndex(stored)) {
                PixelDataIndex index = locatableFrames(stored);
                List<Integer> all = IntStream.rangeClosed(1, index.numberOfFrames()).boxed().toList();
                writeFrames(stored, index, all, AcceptedMediaTypes.parse(accept).forFrames(index), response, tally);
                return;
            }
            byte[] value = bulkData.value(stored, parsedTag);
            tally.disclose(1, 0, value.length);
            MultipartRelatedBody body = new MultipartRelatedBody(response.getOutputStream());
            response.setContentType(body.contentType(AcceptedMediaTypes.OCTET_STREAM));
            try (OutputStream part = body.part(AcceptedMediaTypes.OCTET_STREAM, value.length)) {
                part.write(value);
            }
            body.finish();
            tally.add(1, 0, body.bytes());
        });
    }

    // ---- PS3.18 10.4.1.1.3 rendered and thumbnail ----

    @GetMapping("/series/{series}/instances/{instance}/rendered")
    public void renderedInstance(@PathVariable String study, @PathVariable String series,
                                 @PathVariable String instance, @RequestParam(required = false) String window,
                                 @RequestParam(required = false) String viewport,
                                 @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                                 HttpServletResponse response) {
        render(ReadResource.RENDERED, new Target(ReadLevel.INSTANCE, study, series, instance), "1", window,
                viewport, 0, accept, response);
    }

    @GetMapping("/series/{series}/instances/{instance}/frames/{frame}/rendered")
    public void renderedFrame(@PathVariable String study, @PathVariable String series, @PathVariable String instance,
                              @PathVariable String frame, @RequestParam(required = false) String window,
                              @RequestParam(required = false) String viewport,
                              @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                              HttpServletResponse response) {
        render(ReadResource.RENDERED, new Target(ReadLevel.INSTANCE, study, series, instance), frame, window,
                viewport, 0, accept, response);
    }

    @GetMapping("/series/{series}/instances/{instance}/thumbnail")
    public void thumbnail(@PathVariable String study, @PathVariable String series, @PathVariable String instance,
                          @RequestParam(required = false) String viewport,
                          @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                          HttpServletResponse response) {
        render(ReadResource.THUMBNAIL, new Target(ReadLevel.INSTANCE, study, series, instance), "1", null,
                viewport, THUMBNAIL_SIZE, accept, response);
    }

    // ---- the work ----

    private void instances(Target target, String accept, HttpServletResponse response) {
        run(ReadResource.INSTANCES, target, response, tally -> {
            AcceptedMediaTypes accepted = AcceptedMediaTypes.parse(accept);
            List<InstanceStoredEvent> selected = select(target);
            // Negotiate every instance before the first byte, so a 406 is still possible.
            List<InstanceEncoding> encodings = selected.stream()
                    .map(i -> accepted.forInstance(i.transferSyntax().value())).toList();
            tally.disclose(selected.size(), 0, selected.stream().mapToLong(InstanceStoredEvent::sizeBytes).sum());
            MultipartRelatedBody body = new MultipartRelatedBody(response.getOutputStream());
            response.setContentType(body.contentType(DICOM_PART));
            for (int i = 0; i < selected.size(); i++) {
                InstanceStoredEvent instance = selected.get(i);
                boolean original = encodings.get(i) == InstanceEncoding.ORIGINAL;
                String ts = original ? instance.transferSyntax().value() : TransferSyntaxes.EXPLICIT_LE;
                try (InputStream in = stored.openStream(instance);
                     OutputStream part = body.part(DICOM_PART + "; transfer-syntax=" + ts,
                             original ? instance.sizeBytes() : -1)) {
                    if (original) {
                        in.transferTo(part);
                    } else {
                        InstanceTranscoder.toExplicitLittleEndian(in, part);
                    }
                }
                tally.add(1, 0, 0);
            }
            body.finish();
            tally.add(0, 0, body.bytes());
        });
    }

    private void metadata(Target target, String accept, HttpServletRequest request, HttpServletResponse response) {
        run(ReadResource.METADATA, target, response, tally -> {
            MediaType type = AcceptedMediaTypes.parse(accept).forMetadata();
            List<InstanceStoredEvent> selected = select(target);
            String base = RenderParameters.dicomWebBase(request);
            // Cache misses parse blobs; do them in parallel (a 500-instance series on a cold cache).
            List<byte[]> objects = selected.parallelStream()
                    .map(i -> metadata.of(i, base + "/studies/" + i.study().value() + "/series/"
                            + i.series().value() + "/instances/" + i.sop().value()))
                    .toList();
            tally.disclose(objects.size(), 0, objects.stream().mapToLong(o -> o.length).sum());
            response.setContentType(type.toString());
            OutputStream out = response.getOutputStream();
            long bytes = 2;
            out.write('[');
            for (int i = 0; i < objects.size(); i++) {
                if (i > 0) {
                    out.write(',');
                    bytes++;
                }
                out.write(objects.get(i));
                bytes += objects.get(i).length;
            }
            out.write(']');
            tally.add(objects.size(), 0, bytes);
        });
    }

    /** Parameters are parsed inside run(), so a malformed one is a recorded 400 problem, not an error page. */
    private void render(ReadResource resource, Target target, String frame, String window, String viewport,
                        int defaultViewport, String accept, HttpServletResponse response) {
        run(resource, target, response, tally -> {
            MediaType type = AcceptedMediaTypes.parse(accept).forRendered();
            RenderedImages.Window parsedWindow = RenderParameters.window(window);
            int size = RenderParameters.viewport(viewport, defaultViewport);
            InstanceStoredEvent stored = one(target);
            int number = FrameNumbers.parseOne(frame);
            byte[] image = rendered.render(stored, number, parsedWindow, size, type);
            tally.disclose(1, 1, image.length);
            response.setContentType(type.toString());
            response.setContentLength(image.length);
            response.getOutputStream().write(image);
            tally.add(1, 1, image.length);
        });
    }

    private void writeFrames(InstanceStoredEvent stored, PixelDataIndex index, List<Integer> numbers,
                             FrameEncoding encoding, HttpServletResponse response, Tally tally) throws IOException {
        tally.disclose(1, numbers.size(), numbers.stream().mapToLong(index::frameLength).sum());
        int swapWidth = encoding.swapToLittleEndian() && index.pixelDataVr().equals("OW") ? 2 : 0;
        MultipartRelatedBody body = new MultipartRelatedBody(response.getOutputStream());
        response.setContentType(body.contentType(encoding.contentType().split(";")[0]));
        try (SeekableByteChannel channel = this.stored.open(stored)) {
            for (int n : numbers) {
                try (OutputStream part = body.part(encoding.contentType(), index.frameLength(n))) {
                    FrameCopier.copy(channel, index.frame(n), part, swapWidth);
                }
                tally.add(0, 1, 0);
            }
        }
        body.finish();
        tally.add(1, 0, body.bytes());
    }

    private PixelDataIndex locatableFrames(InstanceStoredEvent stored) throws IOException {
        PixelDataIndex index;
        try {
            index = indexes.of(stored);
        } catch (UnindexablePixelDataException e) {
            throw WadoException.notAcceptable("the instance has no frames that can be served individually ("
                    + e.getMessage() + "); retrieve the instance instead");
        }
        if (index.frames().isEmpty()) {
            throw WadoException.notAcceptable("the frames of this instance cannot be located without decoding; "
                    + "retrieve the instance instead");
        }
        return index;
    }

    private List<InstanceStoredEvent> select(Target t) {
        return selection.select(readers.current().tenant(), t.study(), t.series(), t.instance());
    }

    private InstanceStoredEvent one(Target t) {
        return selection.one(readers.current().tenant(), t.study(), t.series(), t.instance());
    }

    /** Runs one request, answers failures as problem+json while nothing is committed, and records it once. */
    private void run(ReadResource resource, Target target, HttpServletResponse response, Work work) {
        Reader reader = readers.current();
        Tally tally = new Tally((instances, frames, bytes) -> recorder.disclosing(new WadoRead(reader, resource,
                target.level(), target.study(), target.series(), target.instance(), instances, frames, bytes,
                ReadOutcome.SUCCESS, clock.instant())));
        ReadOutcome outcome = ReadOutcome.FAILED;
        try {
            work.run(tally);
            outcome = ReadOutcome.SUCCESS;
        } catch (WadoException e) {
            outcome = e.outcome();
            WadoProblems.write(response, e.status(), e.getMessage());
        } catch (IOException e) {
            // Typically the client went away mid-stream; nothing more can be sent.
            WadoProblems.write(response, 500, "the stored object could not be read");
        } catch (RuntimeException e) {
            // The class only: messages of parsing libraries may quote attribute values.
            log.warn("WADO-RS {} request failed: {}", resource, e.getClass().getName());
            WadoProblems.write(response, 500, "the request could not be completed");
        } finally {
            WadoRead actual = new WadoRead(reader, resource, target.level(), target.study(), target.series(),
                    target.instance(), tally.instances, tally.frames, tally.bytes, outcome, clock.instant());
            try {
                if (tally.disclosure != null) {
                    tally.disclosure.ended(actual);
                } else {
                    recorder.endedWithoutData(actual);
                }
            } catch (RuntimeException e) {
                log.error("A WADO-RS read could not be recorded: {}", e.getClass().getName());
            }
        }
    }

    /** The UIDs a path names, and the level they address. */
    private record Target(ReadLevel level, String study, String series, String instance) {
    }

    @FunctionalInterface
    private interface Work {
        void run(Tally tally) throws IOException;
    }

    /** Opens the disclosure record before the first byte of data (see {@link ReadRecorder#disclosing}). */
    @FunctionalInterface
    interface DisclosureGate {
        ReadRecorder.Disclosure open(int instances, int frames, long bytes);
    }

    /** What a request sent so far, for the read record. */
    static final class Tally {
        private final DisclosureGate gate;
        private ReadRecorder.Disclosure disclosure;
        private int instances;
        private int frames;
        private long bytes;

        Tally(DisclosureGate gate) {
            this.gate = gate;
        }

        /** Must precede the first byte of data; records the disclosure durably (once per request). */
        void disclose(int plannedInstances, int plannedFrames, long plannedBytes) {
            if (disclosure == null) {
                disclosure = gate.open(plannedInstances, plannedFrames, plannedBytes);
            }
        }

        void add(int instances, int frames, long bytes) {
            this.instances += instances;
            this.frames += frames;
            this.bytes += bytes;
        }
    }
}
