package io.custos.deidentify.pixel;

import com.pixelmed.dicom.AttributeList;
import io.custos.deidentify.header.DeidentifiedInstance;
import io.custos.deidentify.header.Deidentifier;
import io.custos.deidentify.profile.DeidentificationProfile;
import io.custos.deidentify.secret.ProjectId;
import io.custos.deidentify.secret.ProjectSecret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One real Tesseract for the test JVM, and fresh readings of released images. */
final class Ocr {

    static final TesseractOcr ENGINE = TesseractOcr.fromSystem();
    static final Deidentifier HEADER = new Deidentifier(DeidentificationProfile.of(),
            ProjectSecret.of(new ProjectId("pixel-tests"),
                    "a project secret of at least 32 bytes".getBytes(StandardCharsets.UTF_8)));

    private Ocr() {
    }

    static DeidentifiedInstance deidentified(AttributeList source) {
        return HEADER.deidentify(source);
    }

    /** Every word OCR reads in every frame of {@code dataset}, both readings, lower case. */
    static List<String> words(AttributeList dataset, String transferSyntax) throws Exception {
        Frames frames = Frames.decode(dataset, transferSyntax);
        List<String> words = new ArrayList<>();
        for (int f = 0; f < frames.count(); f++) {
            GrayFrame gray = GrayFrame.of(frames.frame(f), frames.window());
            for (GrayFrame reading : gray.readings()) {
                ENGINE.read(reading.pixels(), reading.width(), reading.height())
                        .forEach(w -> words.add(w.text().toLowerCase(Locale.ROOT)));
            }
        }
        return words;
    }

    /** Which of {@code phi} some word contains (alphanumerics only, case ignored); names the index, not the text. */
    static List<String> phiFound(List<String> words, List<String> phi) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < phi.size(); i++) {
            String needle = phi.get(i).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
            for (String word : words) {
                if (word.replaceAll("[^\\p{L}\\p{N}]", "").contains(needle)) {
                    found.add("PHI #" + i);
                    break;
                }
            }
        }
        return found;
    }
}
