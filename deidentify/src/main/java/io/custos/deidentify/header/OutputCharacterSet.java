package io.custos.deidentify.header;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.ValueRepresentation;

/**
 * The character set the output is written in. PixelMed decodes the ISO 2022 code extensions (PS3.5 6.1.2.5:
 * Japanese, Korean, ...) but cannot encode them: a multi-byte character written back becomes "?". When the source
 * uses ISO 2022 anywhere (its own Specific Character Set or an item's), the whole output is therefore written in
 * UTF-8 (ISO_IR 192): the same text, another encoding, every text value re-encoded and every Specific Character
 * Set replaced. Any other source keeps its character set.
 */
final class OutputCharacterSet {

    static final String UTF_8 = "ISO_IR 192";

    private final boolean transcode;
    private final SpecificCharacterSet utf8;

    private OutputCharacterSet(boolean transcode) {
        this.transcode = transcode;
        this.utf8 = new SpecificCharacterSet(new String[] {UTF_8});
    }

    static OutputCharacterSet of(AttributeList source) {
        return new OutputCharacterSet(usesIso2022(source));
    }

    /** The character set replacement values of a data set are written in. */
    SpecificCharacterSet forDataSet(AttributeList in, SpecificCharacterSet inherited) {
        if (transcode) {
            return utf8;
        }
        // An item may declare its own character set (PS3.5 7.5.3); its text is written in it.
        return in.get(TagFromName.SpecificCharacterSet) == null ? inherited : new SpecificCharacterSet(in);
    }

    SpecificCharacterSet forTopLevel(AttributeList source) {
        return transcode ? utf8 : new SpecificCharacterSet(source);
    }

    boolean transcoding() {
        return transcode;
    }

    /** The Specific Character Set attribute of the output, when transcoding. */
    Attribute specificCharacterSet() {
        try {
            CodeStringAttribute attribute = new CodeStringAttribute(TagFromName.SpecificCharacterSet);
            attribute.addValue(UTF_8);
            return attribute;
        } catch (DicomException e) {
            throw new DeidentificationException("cannot write SpecificCharacterSet", e);
        }
    }

    /** A kept attribute as it must be written: re-encoded when transcoding and its VR is character-set dependent. */
    Attribute kept(Attribute attribute, String path) {
        if (!transcode || !ValueRepresentation.isAffectedBySpecificCharacterSet(attribute.getVR())) {
            return attribute;
        }
        return Replacements.withValues(attribute, Replacements.values(attribute, path), utf8, path);
    }

    private static boolean usesIso2022(AttributeList list) {
        Attribute charset = list.get(TagFromName.SpecificCharacterSet);
        if (charset != null && charset.getDelimitedStringValuesOrEmptyString().contains("ISO 2022")) {
            return true;
        }
        for (Attribute attribute : list.values()) {
            if (attribute instanceof SequenceAttribute sequence) {
                for (int i = 0; i < sequence.getNumberOfItems(); i++) {
                    if (usesIso2022(sequence.getItem(i).getAttributeList())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
