package io.custos.deidentify.header;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.ClinicalTrialsAttributes;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import io.custos.deidentify.profile.Action;
import io.custos.deidentify.profile.PatientNamePolicy;
import io.custos.deidentify.profile.ProfileOption;
import io.custos.deidentify.report.Outcome;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a data set and every item of every sequence, at any depth (PS3.15 E.1.1: "whether contained in the
 * main dataset or embedded in an Item of a Sequence of Items"), building a new data set from the actions. The
 * input is never modified; attributes kept unchanged are shared with it (pixel data is not copied).
 */
final class DatasetWalker {

    private static final String PATH_SEPARATOR = ">";

    private final InstanceContext context;
    private final AttributePolicy policy;
    private final ValueActions values;

    DatasetWalker(InstanceContext context) {
        this.context = context;
        this.policy = new AttributePolicy(context);
        this.values = new ValueActions(context);
    }

    AttributeList walkTopLevel(AttributeList in) {
        return walk(in, context.outputCharacterSet().forTopLevel(in), "", true);
    }

    private AttributeList walk(AttributeList in, SpecificCharacterSet inherited, String prefix, boolean topLevel) {
        SpecificCharacterSet charset = context.outputCharacterSet().forDataSet(in, inherited);
        AttributeList out = new AttributeList();
        List<Attribute> privateCreators = new ArrayList<>();
        for (Attribute attribute : in.values()) {
            AttributeTag tag = attribute.getTag();
            String path = prefix + name(tag);
            if (tag.isGroupLength() || tag.isFileMetaInformationGroup()) {
                continue; // recomputed or regenerated on writing (PS3.15 E.1.1 step 7)
            }
            if (tag.getGroup() == 0x0000) {
                context.report().record(Outcome.REMOVED, path); // command elements do not belong in a data set
                continue;
            }
            if (tag.isPrivateCreator()) {
                privateCreators.add(attribute);
                continue;
            }
            if (tag.equals(TagFromName.SpecificCharacterSet) && context.outputCharacterSet().transcoding()) {
                out.put(context.outputCharacterSet().specificCharacterSet());
                context.report().record(Outcome.TRANSCODED, path);
                continue;
            }
            Action action = tag.isPrivate() ? privateAction(tag, in) : policy.actionFor(attribute);
            Attribute result = topLevel ? patientIdentity(attribute, charset, path) : null;
            if (result == null) {
                result = apply(action, attribute, charset, path);
            }
            if (result != null) {
                out.put(result);
            }
        }
        keepCreatorsOfKeptBlocks(privateCreators, out, prefix);
        return out;
    }

    private Attribute apply(Action action, Attribute attribute, SpecificCharacterSet charset, String path) {
        if (!(attribute instanceof SequenceAttribute sequence)) {
            return values.apply(action, attribute, charset, path);
        }
        return switch (action) {
            case REMOVE -> {
                context.report().record(Outcome.REMOVED, path);
                yield null;
            }
            case EMPTY -> {
                context.report().record(Outcome.EMPTIED, path);
                yield new SequenceAttribute(sequence.getTag());
            }
            // K, C, D and U on a sequence: its items are de-identified by the same rules (PS3.15 E.1.1).
            default -> walkSequence(sequence, charset, path);
        };
    }

    private SequenceAttribute walkSequence(SequenceAttribute in, SpecificCharacterSet charset, String path) {
        SequenceAttribute out = new SequenceAttribute(in.getTag());
        for (int i = 0; i < in.getNumberOfItems(); i++) {
            out.addItem(walk(in.getItem(i).getAttributeList(), charset, path + PATH_SEPARATOR, false));
        }
        return out;
    }

    /** Patient ID and Patient's Name of the instance become the project pseudonym (PS3.15 Z permits a dummy). */
    private Attribute patientIdentity(Attribute attribute, SpecificCharacterSet charset, String path) {
        AttributeTag tag = attribute.getTag();
        if (tag.equals(TagFromName.PatientID)) {
            return values.replaced(attribute, context.pseudonym(), Outcome.PSEUDONYMISED, charset, path);
        }
        if (tag.equals(TagFromName.PatientName) && context.profile().patientName() == PatientNamePolicy.PSEUDONYM) {
            return values.replaced(attribute, context.pseudonym(), Outcome.PSEUDONYMISED, charset, path);
        }
        return null;
    }

    /**
     * Private attributes are removed (PS3.15 Table E.1-1, "(gggg,eeee) where gggg is odd": X), unless Retain Safe
     * Private is chosen and PixelMed's list of known-safe private attributes (by creator and element, after
     * PS3.15 E.3.10) names it.
     */
    private Action privateAction(AttributeTag tag, AttributeList in) {
        boolean safe = context.profile().has(ProfileOption.RETAIN_SAFE_PRIVATE)
                && tag.getElement() >= 0x1000
                && ClinicalTrialsAttributes.isSafePrivateAttribute(tag, in);
        return safe ? Action.KEEP : Action.REMOVE;
    }

    private void keepCreatorsOfKeptBlocks(List<Attribute> creators, AttributeList out, String prefix) {
        for (Attribute creator : creators) {
            int group = creator.getTag().getGroup();
            int block = creator.getTag().getElement();
            boolean used = out.keySet().stream()
                    .anyMatch(t -> t.getGroup() == group && t.getElement() >> 8 == block);
            if (used) {
                out.put(context.outputCharacterSet().kept(creator, prefix + name(creator.getTag())));
                context.report().record(Outcome.KEPT, prefix + name(creator.getTag()));
            } else {
                context.report().record(Outcome.REMOVED, prefix + name(creator.getTag()));
            }
        }
    }

    private static String name(AttributeTag tag) {
        String keyword = tag.isPrivate() ? null : DicomDictionary.StandardDictionary.getNameFromTag(tag);
        return keyword != null ? keyword : String.format("(%04X,%04X)", tag.getGroup(), tag.getElement());
    }
}
