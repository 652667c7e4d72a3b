package io.custos.deidentify.header;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import io.custos.deidentify.profile.Action;
import io.custos.deidentify.profile.AttributeRule;
import io.custos.deidentify.profile.DeidentificationProfile;
import io.custos.deidentify.profile.ProfileOption;
import java.util.Optional;
import java.util.Set;

/**
 * Decides the action for a standard (even-group) attribute: the Table E.1-1 row where there is one, else by
 * value representation (PS3.15 E.1.1 Note 4 and 5), keeping only what is known to be safe: sequences are
 * walked; numbers, code strings (CS) and binary data kept; UIDs remapped (kept with Retain UIDs; UIDs the
 * standard defines always kept); dates and times treated as the temporal option says (dummy without one);
 * free text kept only when on the safe list, emptied otherwise, as are person names; UN and anything else removed.
 */
final class AttributePolicy {

    /** SR TEXT content item value (PS3.3 C.17.3): cleaned with Clean Structured Content, else a dummy. */
    static final AttributeTag TEXT_VALUE = tag("TextValue");
    /** Text of a graphic annotation's text object (PS3.3 C.10.5): cleaned with Clean Graphics, else a dummy. */
    static final AttributeTag UNFORMATTED_TEXT_VALUE = tag("UnformattedTextValue");

    private static final Set<String> KEPT_BY_VR = Set.of(
            "CS", "US", "SS", "UL", "SL", "FL", "FD", "DS", "IS", "SV", "UV", "AT",
            "OB", "OW", "OF", "OD", "OL", "OV", "OX", "XS", "XO");
    private static final Set<String> TEXT = Set.of("AE", "AS", "LO", "LT", "SH", "ST", "UC", "UR", "UT");

    private final InstanceContext context;

    AttributePolicy(InstanceContext context) {
        this.context = context;
    }

    Action actionFor(Attribute attribute) {
        AttributeTag tag = attribute.getTag();
        DeidentificationProfile profile = context.profile();
        if (tag.equals(TEXT_VALUE)) {
            return profile.has(ProfileOption.CLEAN_STRUCTURED_CONTENT) ? Action.CLEAN : Action.DUMMY;
        }
        if (tag.equals(UNFORMATTED_TEXT_VALUE)) {
            return profile.has(ProfileOption.CLEAN_GRAPHICS) ? Action.CLEAN : Action.DUMMY;
        }
        if (tag.isOverlayGroup() || tag.isCurveGroup()) {
            // Overlay bitmaps (60xx) and curves (50xx) can carry burned-in identification that only the pixel
            // path could check; the whole group goes, with or without Clean Graphics (PS3.15 E.3.3).
            return Action.REMOVE;
        }
        Optional<AttributeRule> rule = context.table().ruleFor(tag.getGroup(), tag.getElement());
        return rule.map(r -> r.actionFor(profile)).orElseGet(() -> unlisted(attribute));
    }

    private Action unlisted(Attribute attribute) {
        String vr = attribute.getVRAsString();
        DeidentificationProfile profile = context.profile();
        if (vr.equals("SQ") || KEPT_BY_VR.contains(vr)) {
            return Action.KEEP;
        }
        if (vr.equals("UI")) {
            return profile.has(ProfileOption.RETAIN_UIDS) ? Action.KEEP : Action.REMAP_UID;
        }
        if (vr.equals("DA") || vr.equals("DT") || vr.equals("TM")) {
            if (profile.has(ProfileOption.RETAIN_LONGITUDINAL_FULL_DATES)) {
                return Action.KEEP;
            }
            // Without a temporal option an unlisted date gets a fixed dummy rather than removal: several are Type 1
            // (e.g. Verification DateTime in SR), and a dummy keeps the IOD valid while saying nothing.
            return profile.has(ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES) ? Action.CLEAN : Action.DUMMY;
        }
        if (TEXT.contains(vr) || vr.equals("PN")) {
            // Not known to be safe: emptied rather than removed, which says nothing and keeps Type 2 attributes
            // (e.g. Content Description of a presentation state) present as their IOD wants.
            return TEXT.contains(vr) && context.safeAttributes().contains(attribute.getTag()) ? Action.KEEP : Action.EMPTY;
        }
        // UN and anything unknown: its encoding is not known, so it goes.
        return Action.REMOVE;
    }

    private static AttributeTag tag(String keyword) {
        return DicomDictionary.StandardDictionary.getTagFromName(keyword);
    }
}
