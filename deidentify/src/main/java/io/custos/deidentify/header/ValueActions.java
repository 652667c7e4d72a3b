package io.custos.deidentify.header;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.SpecificCharacterSet;
import io.custos.deidentify.dates.DateShift;
import io.custos.deidentify.dates.TemporalValues;
import io.custos.deidentify.profile.Action;
import io.custos.deidentify.report.Outcome;
import io.custos.deidentify.uid.UidRemapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Applies a PS3.15 action to one non-sequence attribute and records the outcome. Returns the attribute to put
 * into the output, or {@code null} when it is removed.
 */
final class ValueActions {

    private static final Set<String> TEXT = Set.of("AE", "AS", "CS", "LO", "LT", "PN", "SH", "ST", "UC", "UR", "UT");

    private final InstanceContext context;

    ValueActions(InstanceContext context) {
        this.context = context;
    }

    Attribute apply(Action action, Attribute attribute, SpecificCharacterSet charset, String path) {
        return switch (action) {
            case REMOVE -> removed(path);
            case EMPTY -> recorded(Outcome.EMPTIED, path, Replacements.empty(attribute, charset, path));
            case KEEP -> recorded(Outcome.KEPT, path, context.outputCharacterSet().kept(attribute, path));
            case DUMMY -> dummy(attribute, charset, path);
            case CLEAN -> clean(attribute, charset, path);
            case REMAP_UID -> "UI".equals(attribute.getVRAsString())
                    ? remapUids(attribute, charset, path) : removed(path);
        };
    }

    /** Replaces each UID not defined by the standard with its project UID (PS3.15 action U). */
    Attribute remapUids(Attribute attribute, SpecificCharacterSet charset, String path) {
        List<String> remapped = new ArrayList<>();
        for (String uid : Replacements.values(attribute, path)) {
            remapped.add(UidRemapper.isDefinedByStandard(uid) ? uid : context.uids().remap(uid));
        }
        return recorded(Outcome.REMAPPED, path, Replacements.withValues(attribute, remapped, charset, path));
    }

    /** A value that is replaced by a fixed one: the patient's pseudonym in Patient ID and Patient's Name. */
    Attribute replaced(Attribute attribute, String value, Outcome outcome, SpecificCharacterSet charset, String path) {
        return recorded(outcome, path, Replacements.withValues(attribute, List.of(value), charset, path));
    }

    private Attribute dummy(Attribute attribute, SpecificCharacterSet charset, String path) {
        String vr = attribute.getVRAsString();
        String value = switch (vr) {
            case "DA" -> Replacements.DUMMY_DATE;
            case "TM" -> Replacements.DUMMY_TIME;
            case "DT" -> Replacements.DUMMY_DATE_TIME;
            case "IS", "DS" -> "0";
            default -> TEXT.contains(vr) ? Replacements.DUMMY_TEXT : null;
        };
        if ("UI".equals(vr)) {
            return remapUids(attribute, charset, path);
        }
        if (value == null) {
            // Binary and numeric values have no dummy of "similar" form worth inventing: emptied.
            return recorded(Outcome.EMPTIED, path, Replacements.empty(attribute, charset, path));
        }
        return replaced(attribute, value, Outcome.DUMMIED, charset, path);
    }

    private Attribute clean(Attribute attribute, SpecificCharacterSet charset, String path) {
        String vr = attribute.getVRAsString();
        if (vr.equals("DA") || vr.equals("DT")) {
            return shifted(attribute, charset, path);
        }
        if (vr.equals("UN")) {
            // Text or dates of unknown encoding (e.g. read with VR UN) cannot be cleaned or shifted: removed.
            return removed(path);
        }
        if (vr.equals("TM")) {
            // A whole-day shift leaves times of day as they were (PS3.15 E.3.6 with a per-patient day shift).
            return recorded(Outcome.KEPT, path, context.outputCharacterSet().kept(attribute, path));
        }
        if (vr.equals("PN")) {
            return dummy(attribute, charset, path);
        }
        if (!TEXT.contains(vr)) {
            return recorded(Outcome.KEPT, path, context.outputCharacterSet().kept(attribute, path));
        }
        List<String> cleaned = new ArrayList<>();
        for (String value : Replacements.values(attribute, path)) {
            cleaned.add(context.identifyingText().clean(value));
        }
        return recorded(Outcome.CLEANED, path, Replacements.withValues(attribute, cleaned, charset, path));
    }

    private Attribute shifted(Attribute attribute, SpecificCharacterSet charset, String path) {
        Optional<DateShift> shift = context.dateShift();
        if (shift.isEmpty()) {
            return dummy(attribute, charset, path);
        }
        boolean dateTime = attribute.getVRAsString().equals("DT");
        List<String> values = new ArrayList<>();
        for (String value : Replacements.values(attribute, path)) {
            Optional<String> moved = dateTime
                    ? TemporalValues.shiftDateTime(value, shift.get())
                    : TemporalValues.shiftDate(value, shift.get());
            if (moved.isEmpty()) {
                // Not a full date: it cannot be shifted faithfully, and kept it would leak; removed instead.
                return removed(path);
            }
            values.add(moved.get());
        }
        return recorded(Outcome.SHIFTED, path, Replacements.withValues(attribute, values, charset, path));
    }

    private Attribute removed(String path) {
        context.report().record(Outcome.REMOVED, path);
        return null;
    }

    private Attribute recorded(Outcome outcome, String path, Attribute attribute) {
        context.report().record(outcome, path);
        return attribute;
    }
}
