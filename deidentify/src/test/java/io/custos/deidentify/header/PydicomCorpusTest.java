package io.custos.deidentify.header;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.ValueRepresentation;
import io.custos.deidentify.profile.DeidentificationProfile;
import io.custos.deidentify.profile.ProfileOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real files of many transfer syntaxes and character sets: Debian's python3-pydicom test corpus (installed by
 * scripts/install-prerequisites.sh, as for the archive-server tests). After de-identification and writing as
 * Part 10, no patient name, patient ID or other person name of the source appears in the output bytes.
 */
class PydicomCorpusTest {

    static final Path PYDICOM = Path.of("/usr/lib/python3/dist-packages/pydicom/data");

    static Stream<Path> corpus() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("test_files", "charset_files")) {
            try (Stream<Path> listing = Files.list(PYDICOM.resolve(dir))) {
                listing.filter(p -> p.getFileName().toString().endsWith(".dcm")).sorted().forEach(files::add);
            }
        }
        return files.stream();
    }

    @Test
    void theCorpusIsInstalled() throws IOException {
        assertThat(corpus().count()).as("pydicom test files (apt-get install python3-pydicom)").isGreaterThan(60);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void noPersonNameOrPatientIdOfTheSourceSurvives(Path file) throws Exception {
        AttributeList source = new AttributeList();
        source.setDecompressPixelData(false);
        try {
            source.read(file.toFile());
        } catch (IOException | DicomException e) {
            // Truncated and malformed corpus files: de-identify what was read, as an export would refuse them later.
            assertThat(source).as("nothing readable in " + file.getFileName()).isNotEmpty();
        }
        Set<String> identifying = identifyingValues(source);

        for (DeidentificationProfile profile : List.of(DeidentificationProfile.of(), DeidentificationProfile.of(
                ProfileOption.CLEAN_DESCRIPTORS, ProfileOption.CLEAN_STRUCTURED_CONTENT, ProfileOption.CLEAN_GRAPHICS,
                ProfileOption.RETAIN_SAFE_PRIVATE, ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES))) {
            DeidentifiedInstance out = new Deidentifier(profile, DeidentifierPhiTest.SECRET).deidentify(source);
            byte[] bytes = bytes(out);
            assertThat(PhiBytes.findings(bytes, List.copyOf(identifying), false))
                    .as("source person names or patient ID in the output of " + file.getFileName()).isEmpty();
            assertThat(out.dataset().get(TagFromName.PatientIdentityRemoved).getSingleStringValueOrEmptyString())
                    .isEqualTo("YES");
        }
    }

    /**
     * Part 10 where the source has a SOP Class UID (File Meta Information needs it); the bare data set otherwise
     * (several charset_files hold only a few attributes).
     */
    private static byte[] bytes(DeidentifiedInstance out) throws Exception {
        if (out.dataset().get(TagFromName.SOPClassUID) != null) {
            return Part10.written(out);
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        out.dataset().write(bytes, out.transferSyntaxUid(), false, true);
        return bytes.toByteArray();
    }

    /**
     * Patient ID, and each component (family, given, ..., in each component group) of every person name anywhere
     * in the source, as written, four characters or more (or ideographic). Matched with their case: the corpus'
     * placeholder names ("Test", "operator") are also ordinary words and code values ("TEST" as a coding scheme
     * designator) that are not PHI where they occur in the output.
     */
    private static Set<String> identifyingValues(AttributeList list) throws DicomException {
        Set<String> values = new LinkedHashSet<>();
        Attribute id = list.get(TagFromName.PatientID);
        if (id != null && id.getSingleStringValueOrEmptyString().strip().length() >= 2) {
            values.add(id.getSingleStringValueOrEmptyString().strip());
        }
        collectNames(list, values);
        return values;
    }

    private static void collectNames(AttributeList list, Set<String> values) throws DicomException {
        for (Attribute attribute : list.values()) {
            if (attribute instanceof SequenceAttribute sequence) {
                for (int i = 0; i < sequence.getNumberOfItems(); i++) {
                    collectNames(sequence.getItem(i).getAttributeList(), values);
                }
            } else if (ValueRepresentation.isPersonNameVR(attribute.getVR()) && attribute.getStringValues() != null) {
                for (String name : attribute.getStringValues()) {
                    for (String word : name.split("[\\^=]+")) {
                        word = word.strip();
                        if (word.length() >= 4 || (!word.isEmpty() && word.charAt(0) >= 0x2E80)) {
                            values.add(word);
                        }
                    }
                }
            }
        }
    }
}
