package io.custos.server.export.job;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import io.custos.deidentify.release.ExclusionReason;
import io.custos.deidentify.release.InstanceRelease;
import io.custos.deidentify.release.PixelReport;
import io.custos.deidentify.release.ReleaseDecision;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * The release decisions of one study's instances, taken on a pool of workers a few instances ahead of the
 * writer and handed out in instance order (so the files, the report and the manifest do not depend on timing).
 *
 * <p>Why: the pixel step (OCR of every frame) is CPU-bound and single-threaded per image, so one export thread
 * would leave every other core idle. At most {@code window} instances (their original bytes and parsed data
 * sets) are held at once.
 */
final class DecisionsAhead implements AutoCloseable {

    /** A decision and the data set it was taken on (null when the bytes were not a readable data set). */
    record Decided(AttributeList source, ReleaseDecision decision) {
    }

    private final List<StudyExporter.SourceInstance> instances;
    private final InstanceRelease release;
    private final ExecutorService workers;
    private final int window;
    private final Deque<Future<Decided>> ahead = new ArrayDeque<>();
    private int submitted;

    DecisionsAhead(List<StudyExporter.SourceInstance> instances, InstanceRelease release, ExecutorService workers,
                   int window) {
        this.instances = instances;
        this.release = release;
        this.workers = workers;
        this.window = Math.max(1, window);
    }

    /** The next instance's decision, in order; rethrows the worker's ExportFailure. */
    Decided next() {
        while (submitted < instances.size() && ahead.size() < window) {
            StudyExporter.SourceInstance instance = instances.get(submitted++);
            try {
                ahead.add(workers.submit(() -> decide(instance)));
            } catch (RejectedExecutionException e) {
                // The workers' queue is unbounded: they refuse work only once shut down, i.e. the archive stops.
                throw new ExportJob.Interrupted();
            }
        }
        Future<Decided> first = ahead.poll();
        if (first == null) {
            throw new IllegalStateException("no instance left");
        }
        try {
            return first.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExportJob.Interrupted();
        } catch (CancellationException e) {
            throw new ExportJob.Interrupted();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new ExportFailure(ExportFailure.EXPORT_ERROR);
        }
    }

    private Decided decide(StudyExporter.SourceInstance instance) {
        byte[] bytes;
        try {
            bytes = instance.originalBytes();
        } catch (IOException e) {
            throw new ExportFailure(ExportFailure.SOURCE_UNREADABLE);
        }
        AttributeList source = parse(bytes);
        ReleaseDecision decision = source == null
                ? new ReleaseDecision.Excluded(ExclusionReason.HEADER_NOT_DEIDENTIFIABLE, null,
                        PixelReport.of(PixelReport.Treatment.NOT_RELEASED))
                : release.decide(source);
        return new Decided(source, decision);
    }

    /** Parsed with the pixel data kept in its transfer syntax; null if the toolkit cannot read it. */
    private static AttributeList parse(byte[] bytes) {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(bytes))) {
            list.read(in);
            return list;
        } catch (Exception e) {
            // Not logged with its message: the toolkit's messages may quote values.
            return null;
        }
    }

    /** Cancels the decisions not taken yet (an interrupted or failed study). */
    @Override
    public void close() {
        ahead.forEach(f -> f.cancel(true));
        ahead.clear();
    }
}
