package io.custos.query.index;

import static io.custos.query.dicom.DicomTags.of;

import com.pixelmed.dicom.TagFromName;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The query/retrieve levels of the study index and the attributes each one stores. An attribute lives at
 * exactly one level, so it is written once (study attributes on the study row, and so on).
 */
public enum IndexLevel {
    STUDY(
            of(TagFromName.SpecificCharacterSet), of(TagFromName.StudyDate), of(TagFromName.StudyTime),
            of(TagFromName.AccessionNumber), of(TagFromName.ReferringPhysicianName), of(TagFromName.PatientName),
            of(TagFromName.PatientID), of(TagFromName.IssuerOfPatientID), of(TagFromName.PatientBirthDate),
            of(TagFromName.PatientSex), of(TagFromName.StudyID), of(TagFromName.StudyDescription),
            of(TagFromName.StudyInstanceUID), of(TagFromName.InstitutionName)),
    SERIES(
            of(TagFromName.Modality), of(TagFromName.SeriesDescription), of(TagFromName.SeriesNumber),
            of(TagFromName.SeriesInstanceUID), of(TagFromName.PerformedProcedureStepStartDate),
            of(TagFromName.PerformedProcedureStepStartTime), of(TagFromName.BodyPartExamined),
            of(TagFromName.SeriesDate), of(TagFromName.SeriesTime)),
    INSTANCE(
            of(TagFromName.SOPClassUID), of(TagFromName.SOPInstanceUID), of(TagFromName.InstanceNumber),
            of(TagFromName.Rows), of(TagFromName.Columns), of(TagFromName.BitsAllocated),
            of(TagFromName.NumberOfFrames), of(TagFromName.ContentDate), of(TagFromName.ContentTime));

    private final Set<Integer> tags;

    IndexLevel(Integer... tags) {
        this.tags = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(tags)));
    }

    /** Tags stored at this level. */
    public Set<Integer> tags() {
        return tags;
    }

    /** The level that stores a tag; empty for tags the index does not keep. */
    public static Optional<IndexLevel> storing(int tag) {
        for (IndexLevel level : values()) {
            if (level.tags.contains(tag)) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }
}
