package io.custos.deidentify.pixel;

import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import net.sourceforge.tess4j.ITessAPI;
import net.sourceforge.tess4j.ITessAPI.TessBaseAPI;
import net.sourceforge.tess4j.ITessAPI.TessPageIterator;
import net.sourceforge.tess4j.ITessAPI.TessResultIterator;
import net.sourceforge.tess4j.TessAPI;
import com.sun.jna.Native;

/**
 * Tesseract 5 (Debian's {@code tesseract-ocr}, {@code libtesseract.so.5}) through tess4j's JNA binding of the C
 * API. A Tesseract handle is not thread-safe: each thread gets its own (created on first use, about 100 ms, and
 * kept for the thread's life, so use a bounded pool of workers); {@link #close()} ends all of them.
 *
 * <p>Page segmentation is "sparse text" (PSM 11): burned-in annotations are scattered words and short lines in
 * corners and bands, not paragraphs. Words come with boxes and confidences from the result iterator.
 *
 * <p>Tesseract runs single-threaded inside each worker: Debian's libtesseract is built with OpenMP, whose parallel
 * regions (up to 10 threads each, in the LSTM recogniser, one set per worker) contend with the export's own workers
 * and everything else on the machine. Measured on 2 loaded cores (bench/README.md, "De-identification: pixel
 * path"): an image with text took 1.3 s with OpenMP and 0.36 s without. Tesseract's documentation gives the same
 * advice for several instances: {@code OMP_THREAD_LIMIT=1}. That limit can only come from the environment, read by
 * libgomp when it is loaded (its {@code num_threads(10)} clauses override {@code omp_set_num_threads}), so it is
 * set in the process environment (C {@code setenv}, not overwriting an operator's own value) just before
 * libtesseract is loaded.
 *
 * <p>The tessdata directory comes from the system property {@value #TESSDATA_PROPERTY}, else the environment
 * variable {@code TESSDATA_PREFIX}, else Debian's and other common locations.
 */
public final class TesseractOcr implements OcrEngine, AutoCloseable {

    public static final String TESSDATA_PROPERTY = "custos.tessdata";
    private static final List<Path> KNOWN_TESSDATA = List.of(Path.of("/usr/share/tesseract-ocr/5/tessdata"),
            Path.of("/usr/share/tesseract-ocr/4.00/tessdata"), Path.of("/usr/share/tessdata"),
            Path.of("/usr/local/share/tessdata"));

    private final Path tessdata;
    private final String language;
    private final Set<TessBaseAPI> handles = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<TessBaseAPI> perThread = ThreadLocal.withInitial(this::newHandle);
    private volatile boolean closed;
    /**
     * Reads hold it shared for their native calls; {@link #close} takes it exclusively, so it waits for reads in
     * progress instead of freeing a handle under one (a use-after-free in libtesseract: the JVM dies).
     */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();

    private TesseractOcr(Path tessdata, String language) {
        this.tessdata = tessdata;
        this.language = language;
    }

    /**
     * English from the tessdata found on this system; fails fast (IllegalStateException naming what is missing)
     * when tessdata or the native library is not there.
     */
    public static TesseractOcr fromSystem() {
        return of(findTessdata(), "eng");
    }

    /** {@code language}.traineddata from {@code tessdata}; fails fast like {@link #fromSystem()}. */
    public static TesseractOcr of(Path tessdata, String language) {
        Objects.requireNonNull(tessdata, "tessdata");
        Objects.requireNonNull(language, "language");
        if (!Files.isRegularFile(tessdata.resolve(language + ".traineddata"))) {
            throw new IllegalStateException("no " + language + ".traineddata in " + tessdata
                    + " (Debian: apt-get install tesseract-ocr-" + language + "; or set -D" + TESSDATA_PROPERTY + ")");
        }
        TesseractOcr ocr = new TesseractOcr(tessdata, language);
        ocr.perThread.get(); // loads libtesseract and the model now, not in the first export worker
        return ocr;
    }

    static Path findTessdata() {
        String property = System.getProperty(TESSDATA_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv("TESSDATA_PREFIX");
        if (env != null && !env.isBlank() && Files.isDirectory(Path.of(env))) {
            return Path.of(env);
        }
        for (Path candidate : KNOWN_TESSDATA) {
            if (Files.isRegularFile(candidate.resolve("eng.traineddata"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no tessdata with eng.traineddata found (looked in " + KNOWN_TESSDATA
                + "); Debian: apt-get install tesseract-ocr tesseract-ocr-eng, or set -D" + TESSDATA_PROPERTY);
    }

    public Path tessdata() {
        return tessdata;
    }

    /**
     * tess4j's interface mapping, loaded once. Not its direct mapping (TessAPI1): that binds every function at
     * load and fails on Debian 12's Tesseract 5.3, which lacks TessPAGERendererCreate; the interface mapping
     * looks functions up when first called. JNA finds Debian's versioned libtesseract.so.5 through the ld
     * cache, so the unversioned symlink of libtesseract-dev is not needed.
     */
    private static final class Library {
        static final TessAPI API = load();

        private static TessAPI load() {
            try {
                com.sun.jna.NativeLibrary.getInstance("c").getFunction("setenv")
                        .invokeInt(new Object[] {"OMP_THREAD_LIMIT", "1", 0});
            } catch (UnsatisfiedLinkError e) {
                // No C library by that name (not Linux): Tesseract keeps its default threading.
            }
            return Native.load("tesseract", TessAPI.class);
        }
    }

    private static TessAPI api() {
        return Library.API;
    }

    private TessBaseAPI newHandle() {
        if (closed) {
            throw new IllegalStateException("TesseractOcr is closed");
        }
        TessBaseAPI api;
        try {
            api = api().TessBaseAPICreate();
        } catch (LinkageError e) {
            throw new IllegalStateException("libtesseract cannot be loaded (Debian: apt-get install tesseract-ocr; "
                    + "or point -Djna.library.path at it): " + e.getMessage());
        }
        if (api().TessBaseAPIInit3(api, tessdata.toString(), language) != 0) {
            api().TessBaseAPIDelete(api);
            throw new IllegalStateException("Tesseract cannot load " + language + " from " + tessdata);
        }
        api().TessBaseAPISetPageSegMode(api, ITessAPI.TessPageSegMode.PSM_SPARSE_TEXT);
        // Its warnings ("Invalid resolution", "Empty page") would go to stderr for every image.
        api().TessBaseAPISetVariable(api, "debug_file", "/dev/null");
        handles.add(api);
        return api;
    }

    @Override
    public List<OcrWord> read(byte[] gray, int width, int height) {
        if (gray.length < width * height) {
            throw new IllegalArgumentException("image smaller than " + width + "x" + height);
        }
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("TesseractOcr is closed");
            }
            return recognise(perThread.get(), gray, width, height);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private static List<OcrWord> recognise(TessBaseAPI api, byte[] gray, int width, int height) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(width * height);
        buffer.put(gray, 0, width * height).flip();
        api().TessBaseAPISetImage(api, buffer, width, height, 1, width);
        api().TessBaseAPISetSourceResolution(api, 300);
        try {
            if (api().TessBaseAPIRecognize(api, null) != 0) {
                throw new OcrException("Tesseract could not recognise a " + width + "x" + height + " image");
            }
            return words(api);
        } finally {
            api().TessBaseAPIClear(api);
            // SetImage copies the buffer (baseapi.h); kept reachable to the end all the same.
            java.lang.ref.Reference.reachabilityFence(buffer);
        }
    }

    private static List<OcrWord> words(TessBaseAPI api) {
        List<OcrWord> words = new ArrayList<>();
        TessResultIterator iterator = api().TessBaseAPIGetIterator(api);
        if (iterator == null) {
            return words;
        }
        try {
            TessPageIterator page = api().TessResultIteratorGetPageIterator(iterator);
            IntBuffer left = IntBuffer.allocate(1);
            IntBuffer top = IntBuffer.allocate(1);
            IntBuffer right = IntBuffer.allocate(1);
            IntBuffer bottom = IntBuffer.allocate(1);
            int line = -1;
            do {
                if (api().TessPageIteratorIsAtBeginningOf(page, ITessAPI.TessPageIteratorLevel.RIL_TEXTLINE)
                        == ITessAPI.TRUE) {
                    line++;
                }
                Pointer text = api().TessResultIteratorGetUTF8Text(iterator, ITessAPI.TessPageIteratorLevel.RIL_WORD);
                if (text == null) {
                    continue;
                }
                String word = text.getString(0, StandardCharsets.UTF_8.name());
                api().TessDeleteText(text);
                float confidence = api().TessResultIteratorConfidence(iterator,
                        ITessAPI.TessPageIteratorLevel.RIL_WORD);
                if (api().TessPageIteratorBoundingBox(page, ITessAPI.TessPageIteratorLevel.RIL_WORD, left, top,
                        right, bottom) == ITessAPI.TRUE && !word.isBlank()) {
                    words.add(new OcrWord(word.strip(), confidence, left.get(0), top.get(0),
                            right.get(0) - left.get(0), bottom.get(0) - top.get(0), Math.max(line, 0)));
                }
            } while (api().TessResultIteratorNext(iterator, ITessAPI.TessPageIteratorLevel.RIL_WORD) == ITessAPI.TRUE);
        } finally {
            api().TessResultIteratorDelete(iterator);
        }
        return words;
    }

    /** Ends every thread's Tesseract handle; reads after this fail. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            closed = true;
            for (TessBaseAPI api : handles) {
                api().TessBaseAPIEnd(api);
                api().TessBaseAPIDelete(api);
            }
            handles.clear();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
