package io.custos.archive.ingest.dicom;

import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.TagFromName;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The attributes extracted at the edge for QIDO-RS: the study, series and instance return keys of
 * PS3.18 Table 10.6.1-5 (plus a few matching keys of Table 10.6.1-4 such as Rows/Columns/Number of Frames).
 * Sequences (e.g. Issuer of Accession Number Sequence) are deliberately left out: QIDO filters on flat values.
 * The query side reuses this list so what is indexed and what can be asked for never drift apart.
 */
public final class IndexedTags {

    /** Query/retrieve level (PS3.4 C.6) an attribute belongs to. */
    public enum Level { STUDY, SERIES, INSTANCE }

    /** One indexed attribute: its PixelMed tag, level and dictionary keyword. */
    public record IndexedTag(AttributeTag tag, Level level, String keyword) {
        /** The tag as (group << 16) | element, as used in {@link io.custos.archive.ingest.api.IndexedAttribute}. */
        public int value() {
            return IndexedTags.toInt(tag);
        }
    }

    public static final List<IndexedTag> STUDY = level(Level.STUDY,
            TagFromName.SpecificCharacterSet,
            TagFromName.StudyDate,
            TagFromName.StudyTime,
            TagFromName.AccessionNumber,
            TagFromName.ReferringPhysicianName,
            TagFromName.PatientName,
            TagFromName.PatientID,
            TagFromName.IssuerOfPatientID,
            TagFromName.PatientBirthDate,
            TagFromName.PatientSex,
            TagFromName.StudyID,
            TagFromName.StudyDescription,
            TagFromName.StudyInstanceUID,
            TagFromName.InstitutionName);

    public static final List<IndexedTag> SERIES = level(Level.SERIES,
            TagFromName.Modality,
            TagFromName.SeriesDescription,
            TagFromName.SeriesNumber,
            TagFromName.SeriesInstanceUID,
            TagFromName.PerformedProcedureStepStartDate,
            TagFromName.PerformedProcedureStepStartTime,
            TagFromName.BodyPartExamined,
            TagFromName.SeriesDate,
            TagFromName.SeriesTime);

    public static final List<IndexedTag> INSTANCE = level(Level.INSTANCE,
            TagFromName.SOPClassUID,
            TagFromName.SOPInstanceUID,
            TagFromName.InstanceNumber,
            TagFromName.Rows,
            TagFromName.Columns,
            TagFromName.BitsAllocated,
            TagFromName.NumberOfFrames,
            TagFromName.ContentDate,
            TagFromName.ContentTime);

    /** Study, then series, then instance attributes. */
    public static final List<IndexedTag> ALL = concat(STUDY, SERIES, INSTANCE);

    private static final Map<Integer, IndexedTag> BY_VALUE =
            ALL.stream().collect(Collectors.toUnmodifiableMap(IndexedTag::value, Function.identity()));

    private IndexedTags() {
    }

    /** The indexed tag with this (group << 16) | element value, or null when it is not indexed. */
    public static IndexedTag byValue(int tag) {
        return BY_VALUE.get(tag);
    }

    public static int toInt(AttributeTag tag) {
        return (tag.getGroup() << 16) | tag.getElement();
    }

    private static List<IndexedTag> level(Level level, AttributeTag... tags) {
        List<IndexedTag> out = new ArrayList<>(tags.length);
        for (AttributeTag tag : tags) {
            out.add(new IndexedTag(tag, level, DicomDictionary.StandardDictionary.getNameFromTag(tag)));
        }
        return Collections.unmodifiableList(out);
    }

    @SafeVarargs
    private static List<IndexedTag> concat(List<IndexedTag>... lists) {
        List<IndexedTag> out = new ArrayList<>();
        for (List<IndexedTag> list : lists) {
            out.addAll(list);
        }
        return Collections.unmodifiableList(out);
    }
}
