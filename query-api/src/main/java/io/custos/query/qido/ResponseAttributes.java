package io.custos.query.qido;

import static io.custos.query.dicom.DicomTags.of;

import com.pixelmed.dicom.TagFromName;
import io.custos.query.dicom.DicomAttribute;
import io.custos.query.dicom.DicomDataset;
import io.custos.query.index.IndexLevel;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the attributes of each result (PS3.18 10.6.3.3): the level defaults of Tables 10.6.3-3 (study),
 * 10.6.3-4 (series) and 10.6.3-5 (instance) that the index keeps, every attribute used as a matching key,
 * and those asked for with includefield. TimezoneOffsetFromUTC, RetrieveURL and RequestAttributesSequence
 * are not indexed, so they are not returned.
 */
final class ResponseAttributes {

    /** Not among PixelMed's TagFromName constants (2022 build), so looked up in its dictionary by keyword. */
    static final int INSTANCE_AVAILABILITY = io.custos.query.dicom.DicomTags.resolve("InstanceAvailability")
            .orElseThrow();
    static final int NUMBER_OF_STUDY_RELATED_SERIES = of(TagFromName.NumberOfStudyRelatedSeries);
    static final int NUMBER_OF_STUDY_RELATED_INSTANCES = of(TagFromName.NumberOfStudyRelatedInstances);
    static final int NUMBER_OF_SERIES_RELATED_INSTANCES = of(TagFromName.NumberOfSeriesRelatedInstances);

    private static final Map<IndexLevel, Set<Integer>> DEFAULTS = Map.of(
            IndexLevel.STUDY, Set.of(
                    of(TagFromName.SpecificCharacterSet), of(TagFromName.StudyDate), of(TagFromName.StudyTime),
                    of(TagFromName.AccessionNumber), INSTANCE_AVAILABILITY, of(TagFromName.ReferringPhysicianName),
                    of(TagFromName.PatientName), of(TagFromName.PatientID), of(TagFromName.PatientBirthDate),
                    of(TagFromName.PatientSex), of(TagFromName.StudyInstanceUID), of(TagFromName.StudyID),
                    of(TagFromName.ModalitiesInStudy), NUMBER_OF_STUDY_RELATED_SERIES,
                    NUMBER_OF_STUDY_RELATED_INSTANCES),
            IndexLevel.SERIES, Set.of(
                    of(TagFromName.SpecificCharacterSet), of(TagFromName.Modality), of(TagFromName.SeriesDescription),
                    of(TagFromName.SeriesInstanceUID), of(TagFromName.SeriesNumber),
                    NUMBER_OF_SERIES_RELATED_INSTANCES, of(TagFromName.PerformedProcedureStepStartDate),
                    of(TagFromName.PerformedProcedureStepStartTime)),
            IndexLevel.INSTANCE, Set.of(
                    of(TagFromName.SpecificCharacterSet), of(TagFromName.SOPClassUID), of(TagFromName.SOPInstanceUID),
                    INSTANCE_AVAILABILITY, of(TagFromName.InstanceNumber), of(TagFromName.Rows),
                    of(TagFromName.Columns), of(TagFromName.BitsAllocated), of(TagFromName.NumberOfFrames)));

    private ResponseAttributes() {
    }

    /** The tags a result of this query carries. */
    static Set<Integer> selected(QidoQuery query) {
        Set<Integer> tags = new HashSet<>();
        for (IndexLevel level : query.resource().returnedLevels()) {
            tags.addAll(DEFAULTS.get(level));
            if (query.includeAll()) {
                tags.addAll(level.tags());
            }
        }
        if (query.includeAll()) {
            if (query.resource().returnedLevels().contains(IndexLevel.STUDY)) {
                tags.add(of(TagFromName.ModalitiesInStudy));
            }
        }
        tags.addAll(query.includeFields());
        query.matchers().forEach(m -> tags.add(m.tag()));
        return tags;
    }

    /**
     * The result dataset: the selected attributes present in {@code full}; matching keys absent from the
     * index are returned empty, as C-FIND does for a requested key without a value.
     */
    static DicomDataset shape(DicomDataset full, QidoQuery query) {
        Set<Integer> selected = selected(query);
        DicomDataset shaped = full.with(DicomAttribute.of(INSTANCE_AVAILABILITY, "CS", "ONLINE")).select(selected);
        for (AttributeMatcher m : query.matchers()) {
            if (shaped.get(m.tag()).isEmpty()) {
                shaped = shaped.with(new DicomAttribute(m.tag(),
                        io.custos.query.dicom.DicomTags.vr(m.tag()).orElse("UN"), java.util.List.of()));
            }
        }
        return shaped;
    }
}
