package io.custos.query.qido;

import static io.custos.query.dicom.DicomTags.of;

import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.SeriesInstanceUid;
import io.custos.archive.domain.SopClassUid;
import io.custos.archive.domain.SopInstanceUid;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.archive.domain.TransferSyntaxUid;
import io.custos.archive.ingest.api.IndexedAttribute;
import io.custos.query.dicom.DicomTags;
import io.custos.query.index.IndexedInstance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Two tenants' worth of instances (synthetic, no real PHI). Tenant B deliberately reuses tenant A's
 * PatientID, AccessionNumber and even one Study Instance UID, so isolation is tested where it is hardest.
 */
final class StudyIndexFixture {

    static final TenantId A = new TenantId("tenant-a");
    static final TenantId B = new TenantId("tenant-b");
    static final TenantId EMPTY = new TenantId("tenant-c");

    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    static final String MR = "1.2.840.10008.5.1.4.1.1.4";
    static final String SR = "1.2.840.10008.5.1.4.1.1.88.11";
    static final String US = "1.2.840.10008.5.1.4.1.1.6.1";
    static final String PT = "1.2.840.10008.5.1.4.1.1.128";

    static final String A1 = "2.25.1001";
    static final String A2 = "2.25.1002";
    static final String A3 = "2.25.1003";
    static final String A4 = "2.25.1004";
    static final String B1 = A1; // same study sent to both hospitals
    static final String B2 = "2.25.2002";
    static final String B3 = "2.25.2003";

    static final String A1_CT = A1 + ".1";
    static final String A1_SR = A1 + ".2";
    static final String A2_MR1 = A2 + ".1";
    static final String A2_MR2 = A2 + ".2";
    static final String A3_CT = A3 + ".1";
    static final String A4_US = A4 + ".1";
    static final String B1_CT = B1 + ".9";
    static final String B2_MR = B2 + ".1";
    static final String B3_CT = B3 + ".1";
    static final String B3_PT = B3 + ".2";

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final List<IndexedInstance> instances = new ArrayList<>();

    static List<IndexedInstance> all() {
        StudyIndexFixture f = new StudyIndexFixture();
        Study a1 = new Study(A, A1, "Doe^John", "P1", "ACC1", "20200315", "101500", "S1", "Ref^One");
        f.series(a1, A1_CT, "CT", "1", CT, 4);
        f.series(a1, A1_SR, "SR", "2", SR, 1);
        Study a2 = new Study(A, A2, "DOE^JOHN", "P1", "ACC2", "20210610", "083000", "S2", "Ref^Two");
        f.series(a2, A2_MR1, "MR", "1", MR, 3);
        f.series(a2, A2_MR2, "MR", "2", MR, 2);
        Study a3 = new Study(A, A3, "Smith^Anna=スミス^アンナ", "P2", "ACC3", "20191201", "235959", "S3", "");
        f.series(a3, A3_CT, "CT", "1", CT, 3);
        Study a4 = new Study(A, A4, "O'Neil^Pat", "P3", "", "", "", "S4", "");
        f.series(a4, A4_US, "US", "1", US, 2);
        Study b1 = new Study(B, B1, "Doe^Jane", "P1", "ACC9", "20200316", "090000", "S1", "");
        f.series(b1, B1_CT, "CT", "5", CT, 2);
        Study b2 = new Study(B, B2, "Roe^Rick", "P9", "ACC1", "20200320", "120000", "S2", "");
        f.series(b2, B2_MR, "MR", "1", MR, 5);
        Study b3 = new Study(B, B3, "Doe^John", "P1", "ACC5", "20220101", "", "S3", "");
        f.series(b3, B3_CT, "CT", "1", CT, 3);
        f.series(b3, B3_PT, "PT", "2", PT, 3);
        return List.copyOf(f.instances);
    }

    /** One CT instance, stored at {@code storedAt}, of a study outside the fixture (tests that change a study). */
    static IndexedInstance instance(TenantId tenant, String studyUid, String patientId, String accession,
                                    Instant storedAt) {
        StudyIndexFixture f = new StudyIndexFixture();
        f.series(new Study(tenant, studyUid, "Lookup^Case", patientId, accession, "20230101", "", "S9", ""),
                studyUid + "." + storedAt.getEpochSecond(), "CT", "1", CT, 1);
        IndexedInstance i = f.instances.get(0);
        return new IndexedInstance(i.tenant(), i.region(), i.study(), i.series(), i.sop(), i.sopClass(), i.ts(),
                i.sizeBytes(), storedAt, i.attributes());
    }

    record Study(TenantId tenant, String uid, String patientName, String patientId, String accession,
                 String date, String time, String studyId, String referring) {
    }

    private void series(Study s, String seriesUid, String modality, String number, String sopClass, int count) {
        for (int n = 1; n <= count; n++) {
            String sop = seriesUid + "." + n;
            List<IndexedAttribute> attrs = new ArrayList<>(List.of(
                    attr(TagFromName.SpecificCharacterSet, "ISO_IR 192"),
                    attr(TagFromName.StudyInstanceUID, s.uid()),
                    attr(TagFromName.PatientName, s.patientName()),
                    attr(TagFromName.PatientID, s.patientId()),
                    attr(TagFromName.AccessionNumber, s.accession()),
                    attr(TagFromName.StudyDate, s.date()),
                    attr(TagFromName.StudyTime, s.time()),
                    attr(TagFromName.StudyID, s.studyId()),
                    attr(TagFromName.ReferringPhysicianName, s.referring()),
                    attr(TagFromName.PatientSex, "O"),
                    attr(TagFromName.StudyDescription, "Synthetic " + modality),
                    attr(TagFromName.SeriesInstanceUID, seriesUid),
                    attr(TagFromName.Modality, modality),
                    attr(TagFromName.SeriesNumber, number),
                    attr(TagFromName.SeriesDescription, modality + " series " + number),
                    attr(TagFromName.SOPClassUID, sopClass),
                    attr(TagFromName.SOPInstanceUID, sop),
                    attr(TagFromName.InstanceNumber, Integer.toString(n)),
                    attr(TagFromName.Rows, "512"),
                    attr(TagFromName.Columns, "512"),
                    attr(TagFromName.PatientAge, "040Y"))); // not indexed: must be ignored
            instances.add(new IndexedInstance(s.tenant(), new RegionId("eu-1"), new StudyInstanceUid(s.uid()),
                    new SeriesInstanceUid(seriesUid), new SopInstanceUid(sop), new SopClassUid(sopClass),
                    new TransferSyntaxUid("1.2.840.10008.1.2.1"), 1000L + n, T0.plusSeconds(instances.size()),
                    attrs));
        }
    }

    private static IndexedAttribute attr(AttributeTag tag, String value) {
        int t = of(tag);
        return new IndexedAttribute(t, DicomTags.vr(t).orElseThrow(), value.isEmpty() ? List.of() : List.of(value));
    }
}
