package io.custos.deidentify.header;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SpecificCharacterSet;
import java.util.List;

/**
 * A CT instance full of synthetic PHI, built in the test: person names in Latin and Japanese (ISO 2022 IR 87 or
 * UTF-8), IDs, dates, an address, institution and device identity, descriptors that repeat the patient's name,
 * ID and birth date, sequences nested four deep, private blocks (one safe, one not, one private sequence), an
 * SR content tree with TEXT, PNAME and DATE items, a graphic annotation and an overlay. Every string here is
 * invented. Tests never print these values.
 */
final class PhiFixture {

    /** Patient-level values every instance of the fixture patient carries. */
    record Patient(String id, String name, String family, String given, String birthDate, String isoBirthDate,
            String ideographic) {
    }

    static final Patient SAKURAI = new Patient("PID-884213", "Sakurai^Hanako=桜井^花子=さくらい^はなこ",
            "Sakurai", "Hanako", "19620418", "1962-04-18", "桜井");
    static final Patient DOE = new Patient("PID-551020", "Doe-Smith^Johanna", "Doe-Smith", "Johanna", "19710102",
            "02/01/1971", "");

    /** Identifying strings of the fixture, each of which must be absent from any de-identified output. */
    static final List<String> PHI = List.of(
            "Sakurai", "Hanako", "桜井", "花子", "さくらい", "はなこ", "Doe-Smith", "Johanna",
            "PID-884213", "PID-551020", "ST-MARY-HOSP", "OTHER-ID-4471", "ACC99887766", "ST4455",
            "Elm Street", "555-0199", "Springfield", "Radiology East", "House^Gregory", "Gregory", "Ratched",
            "Cuddy", "Wilson", "CTSCAN-ROOM7", "SN-77341", "19620418", "1962-04-18", "19710102", "02/01/1971",
            "RP-12345", "Bundesallee");

    static final String STUDY_UID = "1.2.826.0.1.3680043.10.1137.1";
    static final String SERIES_UID = "1.2.826.0.1.3680043.10.1137.1.2";
    static final String FRAME_OF_REFERENCE_UID = "1.2.826.0.1.3680043.10.1137.1.3";
    static final String PRIOR_INSTANCE_UID = "1.2.826.0.1.3680043.10.1137.1.2.99";

    private PhiFixture() {
    }

    /** One CT instance of {@code patient}; {@code charset} is e.g. {@code "ISO 2022 IR 87"} or {@code "ISO_IR 192"}. */
    static AttributeList instance(Patient patient, String charset, int instanceNumber) throws DicomException {
        AttributeList list = new AttributeList();
        put(list, "SpecificCharacterSet", charset.startsWith("ISO 2022") ? new String[] {"", charset} : new String[] {charset});
        SpecificCharacterSet cs = new SpecificCharacterSet(list);
        put(list, cs, "SOPClassUID", SOPClass.CTImageStorage);
        put(list, cs, "SOPInstanceUID", SERIES_UID + "." + instanceNumber);
        put(list, cs, "StudyInstanceUID", STUDY_UID);
        put(list, cs, "SeriesInstanceUID", SERIES_UID);
        put(list, cs, "FrameOfReferenceUID", FRAME_OF_REFERENCE_UID);
        put(list, cs, "Modality", "CT");
        put(list, cs, "InstanceNumber", Integer.toString(instanceNumber));
        put(list, cs, "PatientName", patient.name());
        put(list, cs, "PatientID", patient.id());
        put(list, cs, "IssuerOfPatientID", "ST-MARY-HOSP");
        put(list, cs, "OtherPatientIDs", "OTHER-ID-4471");
        put(list, cs, "PatientBirthDate", patient.birthDate());
        put(list, cs, "PatientSex", "F");
        put(list, cs, "PatientAge", "061Y");
        put(list, cs, "PatientWeight", "62.5");
        put(list, cs, "PatientAddress", "12 Elm Street, Springfield");
        put(list, cs, "PatientTelephoneNumbers", "555-0199");
        put(list, cs, "AccessionNumber", "ACC99887766");
        put(list, cs, "StudyID", "ST4455");
        put(list, cs, "StudyDate", "20240315");
        put(list, cs, "StudyTime", "101500");
        put(list, cs, "SeriesDate", "20240315");
        put(list, cs, "SeriesTime", "101733");
        put(list, cs, "AcquisitionDateTime", "20240315101733.250000+0100");
        put(list, cs, "ContentDate", "20240316");
        put(list, cs, "ContentTime", "083000");
        put(list, cs, "InstitutionName", "Springfield General Hospital");
        put(list, cs, "InstitutionAddress", "1 Bundesallee, Springfield");
        put(list, cs, "InstitutionalDepartmentName", "Radiology East");
        put(list, cs, "ReferringPhysicianName", "House^Gregory");
        put(list, cs, "PerformingPhysicianName", "Cuddy^Lisa");
        put(list, cs, "OperatorsName", "Ratched^Mildred");
        put(list, cs, "StationName", "CTSCAN-ROOM7");
        put(list, cs, "DeviceSerialNumber", "SN-77341");
        put(list, cs, "Manufacturer", "ACME Medical");
        put(list, cs, "ManufacturerModelName", "Scanmaster 9");
        put(list, cs, "SoftwareVersions", "4.2.1");
        put(list, cs, "BodyPartExamined", "CHEST");
        put(list, cs, "SliceThickness", "1.25");
        put(list, cs, "KVP", "120");
        put(list, cs, "ConvolutionKernel", "B45f");
        put(list, cs, "StudyDescription", "CT CHEST " + patient.family() + " " + patient.given() + " "
                + patient.isoBirthDate() + " " + patient.ideographic());
        put(list, cs, "SeriesDescription", "AXIAL LUNG " + patient.id() + " " + patient.given());
        put(list, cs, "ProtocolName", "LUNG NODULE " + patient.family().toUpperCase(java.util.Locale.ROOT));
        put(list, cs, "ImageComments", "Nodule clinic visit, called " + patient.given() + " on 555-0199");
        put(list, cs, "BurnedInAnnotation", "NO");
        imagePixels(list, cs);
        referencedSeries(list, cs, patient);
        privateBlocks(list, cs, patient);
        contentTree(list, cs, patient);
        graphicAnnotation(list, cs, patient);
        overlay(list, cs, patient);
        return list;
    }

    private static void imagePixels(AttributeList list, SpecificCharacterSet cs) throws DicomException {
        put(list, cs, "SamplesPerPixel", "1");
        put(list, cs, "PhotometricInterpretation", "MONOCHROME2");
        put(list, cs, "Rows", "4");
        put(list, cs, "Columns", "4");
        put(list, cs, "BitsAllocated", "16");
        put(list, cs, "BitsStored", "12");
        put(list, cs, "HighBit", "11");
        put(list, cs, "PixelRepresentation", "0");
        put(list, cs, "ImagePositionPatient", "-100", "-120", "35.5");
        put(list, cs, "ImageOrientationPatient", "1", "0", "0", "0", "1", "0");
        put(list, cs, "PixelSpacing", "0.7", "0.7");
        OtherWordAttribute pixels = new OtherWordAttribute(tag("PixelData"));
        short[] values = new short[16];
        for (int i = 0; i < values.length; i++) {
            values[i] = (short) (i * 200);
        }
        pixels.setValues(values);
        list.put(pixels);
    }

    /** ReferencedSeriesSequence > ReferencedInstanceSequence > ContributingEquipmentSequence > OperatorIdentificationSequence. */
    private static void referencedSeries(AttributeList list, SpecificCharacterSet cs, Patient patient)
            throws DicomException {
        AttributeList operator = new AttributeList();
        put(operator, cs, "PersonName", "Wilson^James");
        put(operator, cs, "PersonAddress", "12 Elm Street, Springfield");
        put(operator, cs, "InstitutionName", "Springfield General Hospital");
        AttributeList equipment = new AttributeList();
        put(equipment, cs, "Manufacturer", "ACME Medical");
        put(equipment, cs, "InstitutionName", "Springfield General Hospital");
        put(equipment, cs, "StationName", "CTSCAN-ROOM7");
        put(equipment, cs, "OperatorsName", "Ratched^Mildred");
        put(equipment, cs, "ContributionDateTime", "20240315120000");
        put(equipment, cs, "ContributionDescription", "reprocessed for " + patient.name().split("=")[0]);
        put(equipment, cs, "PatientID", patient.id());
        equipment.put(sequence("OperatorIdentificationSequence", operator));
        AttributeList instance = new AttributeList();
        put(instance, cs, "ReferencedSOPClassUID", SOPClass.CTImageStorage);
        put(instance, cs, "ReferencedSOPInstanceUID", PRIOR_INSTANCE_UID);
        put(instance, cs, "AcquisitionDate", "20240315");
        instance.put(sequence("ContributingEquipmentSequence", equipment));
        AttributeList series = new AttributeList();
        put(series, cs, "SeriesInstanceUID", SERIES_UID);
        series.put(sequence("ReferencedInstanceSequence", instance));
        list.put(sequence("ReferencedSeriesSequence", series));

        AttributeList study = new AttributeList();
        put(study, cs, "ReferencedSOPClassUID", "1.2.840.10008.3.1.2.3.1");
        put(study, cs, "ReferencedSOPInstanceUID", STUDY_UID);
        list.put(sequence("ReferencedStudySequence", study));
        AttributeList other = new AttributeList();
        put(other, cs, "PatientID", "OTHER-ID-4471");
        put(other, cs, "IssuerOfPatientID", "ST-MARY-HOSP");
        list.put(sequence("OtherPatientIDsSequence", other));
    }

    /** GEMS_ACQU_01 (0019,xx23) is on PixelMed's safe list; the rest is not. */
    private static void privateBlocks(AttributeList list, SpecificCharacterSet cs, Patient patient)
            throws DicomException {
        putExplicit(list, cs, 0x0019, 0x0010, "LO", "GEMS_ACQU_01");
        putExplicit(list, cs, 0x0019, 0x1023, "DS", "1.5");
        putExplicit(list, cs, 0x0019, 0x1050, "LO", "RP-12345 " + patient.id());
        putExplicit(list, cs, 0x0009, 0x0010, "LO", "ACME PHI 1");
        putExplicit(list, cs, 0x0009, 0x1001, "PN", patient.name());
        putExplicit(list, cs, 0x0009, 0x1002, "LO", patient.id());
        putExplicit(list, cs, 0x0029, 0x0010, "LO", "ACME SEQ");
        AttributeList item = new AttributeList();
        put(item, cs, "PatientName", patient.name());
        put(item, cs, "PatientBirthDate", patient.birthDate());
        SequenceAttribute privateSequence = new SequenceAttribute(new AttributeTag(0x0029, 0x1001));
        privateSequence.addItem(item);
        list.put(privateSequence);
    }

    /** An SR-style content tree: CONTAINER > (TEXT, PNAME, DATE, UIDREF, CONTAINER > TEXT). */
    private static void contentTree(AttributeList list, SpecificCharacterSet cs, Patient patient)
            throws DicomException {
        AttributeList text = contentItem(cs, "TEXT", "121071", "Finding");
        put(text, cs, "TextValue", "Findings discussed with " + patient.given() + " " + patient.family()
                + " on 2024-03-15, MRN " + patient.id() + ": solid nodule 6 mm right upper lobe " + patient.ideographic());
        AttributeList person = contentItem(cs, "PNAME", "121008", "Person Observer Name");
        put(person, cs, "PersonName", "House^Gregory");
        AttributeList date = contentItem(cs, "DATE", "111060", "Study Date");
        put(date, cs, "Date", "20240316");
        AttributeList uid = contentItem(cs, "UIDREF", "121232", "Source series for segmentation");
        put(uid, cs, "UID", SERIES_UID);
        AttributeList nestedText = contentItem(cs, "TEXT", "121073", "Impression");
        put(nestedText, cs, "TextValue", "Compare with prior of " + patient.given() + " "
                + patient.family() + " " + patient.birthDate() + "; stable nodule");
        AttributeList nested = contentItem(cs, "CONTAINER", "111033", "Impression Description");
        put(nested, cs, "ContinuityOfContent", "SEPARATE");
        nested.put(sequence("ContentSequence", nestedText));
        list.put(sequence("ContentSequence", text, person, date, uid, nested));
    }

    private static AttributeList contentItem(SpecificCharacterSet cs, String valueType, String code, String meaning)
            throws DicomException {
        AttributeList item = new AttributeList();
        put(item, cs, "RelationshipType", "CONTAINS");
        put(item, cs, "ValueType", valueType);
        AttributeList concept = new AttributeList();
        put(concept, cs, "CodeValue", code);
        put(concept, cs, "CodingSchemeDesignator", "DCM");
        put(concept, cs, "CodeMeaning", meaning);
        item.put(sequence("ConceptNameCodeSequence", concept));
        return item;
    }

    private static void graphicAnnotation(AttributeList list, SpecificCharacterSet cs, Patient patient)
            throws DicomException {
        AttributeList textObject = new AttributeList();
        put(textObject, cs, "UnformattedTextValue", patient.family() + " " + patient.given() + " L lung lesion");
        put(textObject, cs, "BoundingBoxAnnotationUnits", "PIXEL");
        put(textObject, cs, "BoundingBoxTopLeftHandCorner", "1", "1");
        put(textObject, cs, "BoundingBoxBottomRightHandCorner", "3", "2");
        put(textObject, cs, "BoundingBoxTextHorizontalJustification", "LEFT");
        AttributeList annotation = new AttributeList();
        put(annotation, cs, "GraphicLayer", "ANNOTATIONS");
        annotation.put(sequence("TextObjectSequence", textObject));
        list.put(sequence("GraphicAnnotationSequence", annotation));
    }

    private static void overlay(AttributeList list, SpecificCharacterSet cs, Patient patient) throws DicomException {
        putExplicit(list, cs, 0x6000, 0x0010, "US", "4");
        putExplicit(list, cs, 0x6000, 0x0011, "US", "4");
        putExplicit(list, cs, 0x6000, 0x0022, "LO", patient.family() + " " + patient.given());
        putExplicit(list, cs, 0x6000, 0x0040, "CS", "G");
        putExplicit(list, cs, 0x6000, 0x0050, "SS", "1", "1");
        putExplicit(list, cs, 0x6000, 0x0100, "US", "1");
        putExplicit(list, cs, 0x6000, 0x0102, "US", "0");
        putExplicit(list, cs, 0x6000, 0x4000, "LT", "Overlay drawn for " + patient.family());
        OtherWordAttribute data = new OtherWordAttribute(new AttributeTag(0x6000, 0x3000));
        data.setValues(new short[] {(short) 0xFFFF});
        list.put(data);
    }

    static SequenceAttribute sequence(String keyword, AttributeList... items) {
        SequenceAttribute sequence = new SequenceAttribute(tag(keyword));
        for (AttributeList item : items) {
            sequence.addItem(item);
        }
        return sequence;
    }

    static void put(AttributeList list, SpecificCharacterSet cs, String keyword, String... values)
            throws DicomException {
        AttributeTag tag = tag(keyword);
        Attribute attribute = AttributeFactory.newAttribute(tag, DicomDictionary.StandardDictionary.getValueRepresentationFromTag(tag), cs);
        for (String value : values) {
            attribute.addValue(value);
        }
        list.put(attribute);
    }

    private static void put(AttributeList list, String keyword, String[] values) throws DicomException {
        put(list, null, keyword, values);
    }

    private static void putExplicit(AttributeList list, SpecificCharacterSet cs, int group, int element,
            String vr, String... values) throws DicomException {
        Attribute attribute = AttributeFactory.newAttribute(new AttributeTag(group, element), vr.getBytes(), cs);
        for (String value : values) {
            attribute.addValue(value);
        }
        list.put(attribute);
    }

    static AttributeTag tag(String keyword) {
        AttributeTag tag = DicomDictionary.StandardDictionary.getTagFromName(keyword);
        if (tag == null) {
            throw new IllegalArgumentException("no such keyword " + keyword);
        }
        return tag;
    }
}
