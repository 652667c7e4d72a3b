package io.custos.server.export.job;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.archive.retrieve.StoredInstances;
import io.custos.archive.study.api.InstanceStoredEvent;
import io.custos.server.audit.PatientRefs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** What the export job reads of a study in the archive: its stored instances and its patient's audit reference. */
interface StudySources {

    /** The study's instances in the order they were stored, each read (decrypted) only when asked. */
    List<StudyExporter.SourceInstance> instances(TenantId tenant, StudyInstanceUid study);

    /**
     * The study's patient as the audit trail keys patients (from its first stored instance: Issuer of Patient ID
     * and Patient ID), so the export shows up in the patient's accounting of disclosures; null without one.
     */
    String patientRef(TenantId tenant, StudyInstanceUid study);

    /** From the system of record: the study's events and its encrypted blobs. */
    static StudySources stored(StoredInstances stored, PatientRefs refs) {
        return new StudySources() {
            @Override
            public List<StudyExporter.SourceInstance> instances(TenantId tenant, StudyInstanceUid study) {
                List<StudyExporter.SourceInstance> sources = new ArrayList<>();
                for (InstanceStoredEvent instance : stored.ofStudy(tenant, study)) {
                    sources.add(() -> stored.originalBytes(instance));
                }
                return sources;
            }

            @Override
            public String patientRef(TenantId tenant, StudyInstanceUid study) {
                List<InstanceStoredEvent> instances = stored.ofStudy(tenant, study);
                if (instances.isEmpty()) {
                    return null;
                }
                AttributeList header = new AttributeList();
                try (DicomInputStream in = new DicomInputStream(stored.openStream(instances.get(0)))) {
                    header.read(in, TagFromName.PixelData);
                } catch (IOException | DicomException e) {
                    throw new ExportFailure(ExportFailure.SOURCE_UNREADABLE);
                }
                String patientId = Attribute.getSingleStringValueOrEmptyString(header, TagFromName.PatientID).strip();
                return patientId.isEmpty() ? null : refs.of(tenant, patientId,
                        Attribute.getSingleStringValueOrEmptyString(header, TagFromName.IssuerOfPatientID));
            }
        };
    }
}
