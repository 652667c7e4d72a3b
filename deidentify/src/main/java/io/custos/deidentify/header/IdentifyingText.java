package io.custos.deidentify.header;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.ValueRepresentation;
import io.custos.deidentify.profile.DeidentificationProfile;
import io.custos.deidentify.profile.ProfileOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The "clean" of PS3.15 E.3.4/E.3.5 for free text (descriptors, SR TEXT values, graphic annotation text):
 * replace with a value of similar meaning without identifying information. Custos keeps the text and removes
 * from it (1) every identifying value found in the same object: each word of every person name anywhere in
 * it, in every character set (PN components split at ^, = and spaces), and whole values of the patient,
 * order, visit and (unless retained by option) institution and device identifiers; (2) anything that looks
 * like a date (yyyy-mm-dd, dd/mm/yyyy and the like) or an identifier (five or more digits in a row).
 * Latin-script words match whole words, case-insensitively; other scripts (e.g. Japanese, which has no word
 * breaks) match anywhere. What remains is "CT HEAD W/O CONTRAST" from "CT HEAD W/O CONTRAST Yamada 19620418".
 */
final class IdentifyingText {

    private static final List<AttributeTag> IDENTIFIERS = List.of(
            TagFromName.PatientID, TagFromName.OtherPatientIDs, TagFromName.IssuerOfPatientID,
            TagFromName.AccessionNumber, TagFromName.AdmissionID, TagFromName.PatientAddress,
            TagFromName.PatientTelephoneNumbers, TagFromName.MedicalRecordLocator, TagFromName.RequestedProcedureID,
            TagFromName.PerformedProcedureStepID,
            TagFromName.PlacerOrderNumberImagingServiceRequest, TagFromName.FillerOrderNumberImagingServiceRequest,
            TagFromName.StudyID, TagFromName.ServiceEpisodeID, TagFromName.ClinicalTrialSubjectID);
    private static final List<AttributeTag> INSTITUTION = List.of(
            TagFromName.InstitutionName, TagFromName.InstitutionAddress, TagFromName.InstitutionalDepartmentName);
    private static final List<AttributeTag> DEVICE = List.of(
            TagFromName.StationName, TagFromName.DeviceSerialNumber);
    private static final List<Pattern> LOOKS_IDENTIFYING = List.of(
            Pattern.compile("\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}"),
            Pattern.compile("\\d{1,2}[-/.]\\d{1,2}[-/.]\\d{2,4}"),
            Pattern.compile("\\d{5,}"));
    private static final Pattern SPACES = Pattern.compile("\\s{2,}");

    private final AttributeList dataset;
    private final DeidentificationProfile profile;
    /** Compiled on the first {@link #clean}: most instances (no option that cleans, no free text) never need it. */
    private List<Pattern> patterns;

    private IdentifyingText(AttributeList dataset, DeidentificationProfile profile) {
        this.dataset = dataset;
        this.profile = profile;
    }

    /** The identifying text of {@code dataset}, collected when first needed; one per instance, one thread. */
    static IdentifyingText of(AttributeList dataset, DeidentificationProfile profile) {
        return new IdentifyingText(dataset, profile);
    }

    private static List<Pattern> patterns(AttributeList dataset, DeidentificationProfile profile) {
        Set<String> words = new LinkedHashSet<>();
        Set<String> phrases = new LinkedHashSet<>();
        collectNames(dataset, words);
        collectValues(dataset, IDENTIFIERS, phrases);
        if (!profile.has(ProfileOption.RETAIN_INSTITUTION_IDENTITY)) {
            collectValues(dataset, INSTITUTION, phrases);
        }
        if (!profile.has(ProfileOption.RETAIN_DEVICE_IDENTITY)) {
            collectValues(dataset, DEVICE, phrases);
        }
        List<Pattern> patterns = new ArrayList<>();
        // Longest first, so a whole phrase goes before a word inside it.
        phrases.addAll(words);
        phrases.stream().sorted((a, b) -> b.length() - a.length()).map(IdentifyingText::pattern).forEach(patterns::add);
        patterns.addAll(LOOKS_IDENTIFYING);
        return List.copyOf(patterns);
    }

    /**
     * Every identifying value of {@code dataset} as collected for cleaning, whatever the retain options: each word
     * of every person name, and the whole values of the identifiers, institution and device attributes.
     */
    static Set<String> allValues(AttributeList dataset) {
        Set<String> values = new LinkedHashSet<>();
        collectNames(dataset, values);
        collectValues(dataset, IDENTIFIERS, values);
        collectValues(dataset, INSTITUTION, values);
        collectValues(dataset, DEVICE, values);
        return values;
    }

    /** The text without identifying words, spaces collapsed; may be empty. */
    String clean(String text) {
        if (patterns == null) {
            patterns = patterns(dataset, profile);
        }
        String result = text;
        for (Pattern pattern : patterns) {
            result = pattern.matcher(result).replaceAll(" ");
        }
        return SPACES.matcher(result).replaceAll(" ").strip();
    }

    private static Pattern pattern(String value) {
        String quoted = Pattern.quote(value);
        boolean latin = value.chars().allMatch(c -> c < 0x250);
        return latin
                ? Pattern.compile("(?<![\\p{L}\\p{N}])" + quoted + "(?![\\p{L}\\p{N}])",
                        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
                : Pattern.compile(quoted, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private static void collectNames(AttributeList list, Set<String> words) {
        for (Attribute attribute : list.values()) {
            if (attribute instanceof SequenceAttribute sequence) {
                for (int i = 0; i < sequence.getNumberOfItems(); i++) {
                    SequenceItem item = sequence.getItem(i);
                    collectNames(item.getAttributeList(), words);
                }
            } else if (ValueRepresentation.isPersonNameVR(attribute.getVR())) {
                for (String value : values(attribute)) {
                    for (String word : value.split("[\\^=\\s]+")) {
                        if (word.length() >= 2 || (!word.isEmpty() && word.charAt(0) >= 0x2E80)) {
                            words.add(word);
                        }
                    }
                }
            }
        }
    }

    private static void collectValues(AttributeList list, List<AttributeTag> tags, Set<String> phrases) {
        for (AttributeTag tag : tags) {
            Attribute attribute = list.get(tag);
            if (attribute != null) {
                for (String value : values(attribute)) {
                    if (value.strip().length() >= 2) {
                        phrases.add(value.strip());
                    }
                }
            }
        }
    }

    private static List<String> values(Attribute attribute) {
        try {
            String[] values = attribute.getStringValues();
            return values == null ? List.of() : List.of(values);
        } catch (DicomException e) {
            return List.of();
        }
    }
}
