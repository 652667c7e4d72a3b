package io.custos.deidentify.header;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.SequenceAttribute;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

/** Writing de-identified instances as Part 10 bytes and reading them back, for the tests. */
final class Part10 {

    private Part10() {
    }

    static byte[] written(DeidentifiedInstance instance) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        instance.writePart10(bytes);
        return bytes.toByteArray();
    }

    static AttributeList read(byte[] part10) throws Exception {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        list.read(new DicomInputStream(new ByteArrayInputStream(part10)));
        return list;
    }

    static AttributeList item(AttributeList list, String keyword) {
        Attribute attribute = list.get(PhiFixture.tag(keyword));
        if (!(attribute instanceof SequenceAttribute)) {
            throw new AssertionError(keyword + " is not a sequence in the output");
        }
        return ((SequenceAttribute) attribute).getItem(0).getAttributeList();
    }

    static String value(AttributeList list, AttributeTag tag) {
        Attribute attribute = list.get(tag);
        return attribute == null ? null : attribute.getSingleStringValueOrEmptyString();
    }
}
