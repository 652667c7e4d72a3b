package io.custos.server.atna;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.archive.access.api.AccessActor;
import io.custos.archive.access.api.AccessDeniedEvent;
import io.custos.archive.access.api.AccessKind;
import io.custos.archive.access.api.AccessOutcome;
import io.custos.archive.access.api.AssociationRejectedEvent;
import io.custos.archive.access.api.DataAccessedEvent;
import io.custos.archive.access.api.DisclosedStudy;
import io.custos.archive.access.api.FrameAccessSummarizedEvent;
import io.custos.archive.access.api.PurposeOfUse;
import io.custos.archive.access.api.QueryKey;
import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.SeriesInstanceUid;
import io.custos.archive.domain.SopClassUid;
import io.custos.archive.domain.SopInstanceUid;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.archive.domain.TransferSyntaxUid;
import io.custos.archive.ingest.api.IngestSource;
import io.custos.archive.ingest.api.RejectionReason;
import io.custos.archive.keymanagement.api.DataKeysRewrappedEvent;
import io.custos.archive.keymanagement.api.KekRotatedEvent;
import io.custos.archive.keymanagement.api.KekVersionRetiredEvent;
import io.custos.archive.keymanagement.api.KeyAdministrationRefusedEvent;
import io.custos.archive.retention.api.DeletionReason;
import io.custos.archive.retention.api.DeletionRefusal;
import io.custos.archive.retention.api.StudyDeletedEvent;
import io.custos.archive.retention.api.StudyDeletionRefusedEvent;
import io.custos.archive.retention.api.StudyShreddedEvent;
import io.custos.archive.study.api.InstanceIngestRejectedEvent;
import io.custos.archive.study.api.InstanceReceivedAgainEvent;
import io.custos.archive.study.api.InstanceStoredEvent;
import io.custos.archive.study.api.SealedAttributes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every mapped event gives a message valid against PS3.15 A.5.1.1's schema (Jing), with the A.5.3 codes, the
 * patient only as its pseudonymous reference and the study UID in clear.
 */
class AuditMessageMapperTest {

    private static final Instant AT = Instant.parse("2026-11-23T22:10:11.123456789Z");
    private static final String STUDY = "1.2.826.0.1.3680043.8.498.1";
    private static final String SOP_CLASS = "1.2.840.10008.5.1.4.1.1.2";
    private static final String PATIENT_REF = "9f".repeat(32);
    private static final TenantId TENANT = new TenantId("default");
    private static final RegionId REGION = new RegionId("local");
    private static final AccessActor ALICE = new AccessActor("alice", "clinician", "default", "127.0.0.1");

    private final AuditMessageMapper mapper = new AuditMessageMapper(new AtnaNode("custos", "archive-1", "SITE-A"));
    private final AuditMessageXml writer = new AuditMessageXml();

    @Test
    void aCStoreIsAnInstancesTransferredCreateFromTheCallingAeWithStudyAndPseudonymousPatient() {
        InstanceStoredEvent stored = new InstanceStoredEvent("default/" + STUDY, TENANT, REGION,
                new StudyInstanceUid(STUDY), new SeriesInstanceUid(STUDY + ".2"), new SopInstanceUid(STUDY + ".3"),
                new SopClassUid(SOP_CLASS), new TransferSyntaxUid("1.2.840.10008.1.2.1"), 1024, "ab".repeat(32),
                "local/default/k/x.dcm.enc", new SealedAttributes("k", new byte[] {1}),
                IngestSource.dimse("STORESCU", "CUSTOS", "127.0.0.1"), "cd".repeat(32));

        AuditXml xml = valid(mapper.stored(stored, AT, Optional.of(PATIENT_REF)));

        assertThat(xml.eventId()).isEqualTo("110104");
        assertThat(xml.action()).isEqualTo("C");
        assertThat(xml.outcome()).isEqualTo("0");
        assertThat(xml.value("/AuditMessage/EventIdentification/@EventDateTime")).isEqualTo(AT.toString());
        assertThat(xml.userWithRole("110153")).isEqualTo("STORESCU");
        assertThat(xml.value("/AuditMessage/ActiveParticipant[RoleIDCode/@csd-code='110153']/@UserIsRequestor"))
                .isEqualTo("true");
        assertThat(xml.value("/AuditMessage/ActiveParticipant[RoleIDCode/@csd-code='110153']/@NetworkAccessPointID"))
                .isEqualTo("127.0.0.1");
        assertThat(xml.userWithRole("110152")).isEqualTo("custos");
        assertThat(xml.value("/AuditMessage/ActiveParticipant[RoleIDCode/@csd-code='110152']/@AlternativeUserID"))
                .isEqualTo("AETITLES=CUSTOS");
        assertThat(xml.objectId("110180")).isEqualTo(STUDY);
        assertThat(xml.value("//ParticipantObjectIdentification[@ParticipantObjectID='" + STUDY
                + "']/ParticipantObjectDescription/SOPClass/@UID")).isEqualTo(SOP_CLASS);
        assertThat(xml.objectId("2")).isEqualTo(PATIENT_REF);
        assertThat(xml.value("//ParticipantObjectIdentification[@ParticipantObjectTypeCodeRole='1']"
                + "/@ParticipantObjectTypeCode")).isEqualTo("1");
        assertThat(xml.value("/AuditMessage/AuditSourceIdentification/@AuditEnterpriseSiteID")).isEqualTo("SITE-A");
        assertThat(xml.value("/AuditMessage/AuditSourceIdentification/@AuditSourceID")).isEqualTo("custos");
    }

    @Test
    void aStudyWhosePatientCannotBeNamedAnyMoreIsSentWithoutPatient() {
        InstanceStoredEvent stored = new InstanceStoredEvent("default/" + STUDY, TENANT, REGION,
                new StudyInstanceUid(STUDY), new SeriesInstanceUid(STUDY + ".2"), new SopInstanceUid(STUDY + ".3"),
                new SopClassUid(SOP_CLASS), new TransferSyntaxUid("1.2.840.10008.1.2.1"), 1024, "ab".repeat(32),
                "r", new SealedAttributes("k", new byte[] {1}), IngestSource.stow("alice", "clinician", "10.0.0.7"),
                "cd".repeat(32));

        AuditXml xml = valid(mapper.stored(stored, AT, Optional.empty()));

        assertThat(xml.userWithRole("110153")).isEqualTo("alice");
        assertThat(xml.count("//ParticipantObjectIdentification[ParticipantObjectIDTypeCode/@csd-code='2']"))
                .isZero();
    }

    @Test
    void refusedAndRepeatedIngestAreTransfersWithTheirOutcome() {
        AuditXml rejected = valid(mapper.rejected(new InstanceIngestRejectedEvent("default/" + STUDY, TENANT, REGION,
                STUDY, STUDY + ".3", SOP_CLASS, 10, "ab".repeat(32), RejectionReason.NOT_PARSEABLE,
                IngestSource.dimse("STORESCU", "CUSTOS", "127.0.0.1")), AT));
        assertThat(rejected.eventId()).isEqualTo("110104");
        assertThat(rejected.outcome()).isEqualTo("4");
        assertThat(rejected.value("//EventOutcomeDescription")).startsWith("NOT_PARSEABLE");

        AuditXml failed = valid(mapper.rejected(new InstanceIngestRejectedEvent(null, TENANT, REGION, "not a uid",
                null, null, 10, null, RejectionReason.PROCESSING_FAILURE,
                IngestSource.stow("alice", "clinician", "127.0.0.1")), AT));
        assertThat(failed.outcome()).isEqualTo("8");
        assertThat(failed.count("//ParticipantObjectIdentification")).isZero();

        AuditXml again = valid(mapper.receivedAgain(new InstanceReceivedAgainEvent("default/" + STUDY, TENANT,
                new SopInstanceUid(STUDY + ".3"), "ab".repeat(32), IngestSource.dimse("STORESCU", "CUSTOS", null)),
                AT));
        assertThat(again.objectId("110180")).isEqualTo(STUDY);
        assertThat(again.outcome()).isEqualTo("0");
    }

    @Test
    void aQidoSearchIsAQueryCarryingOnlyTheHashedKeys() {
        DataAccessedEvent search = new DataAccessedEvent(ALICE, PurposeOfUse.TREAT, AccessKind.QIDO_SEARCH, "STUDY",
                null, null, null, 1, 0, 0, AccessOutcome.SUCCESS, List.of(new DisclosedStudy(STUDY, PATIENT_REF)),
                List.of(new QueryKey("PatientID", null, "cd".repeat(32)), new QueryKey("limit", "5", null)));

        AuditXml xml = valid(mapper.accessed(search, AT));

        assertThat(xml.eventId()).isEqualTo("110112");
        assertThat(xml.action()).isEqualTo("E");
        assertThat(xml.userWithRole("110153")).isEqualTo("alice");
        assertThat(xml.userWithRole("110152")).isEqualTo("custos");
        assertThat(xml.objectId("110181")).isEqualTo(DicomAuditCodes.STUDY_ROOT_FIND);
        assertThat(xml.value("//ParticipantObjectIdentification/@ParticipantObjectTypeCodeRole")).isEqualTo("24");
        assertThat(new String(Base64.getDecoder().decode(xml.value("//ParticipantObjectQuery")),
                StandardCharsets.UTF_8)).isEqualTo("PatientID#" + "cd".repeat(32) + "&limit=5");
    }

    @Test
    void aWadoRetrieveIsATransferReadFromTheArchiveToTheUser() {
        DataAccessedEvent read = new DataAccessedEvent(ALICE, PurposeOfUse.TREAT, AccessKind.WADO_INSTANCES, "STUDY",
                STUDY, null, null, 3, 0, 4096, AccessOutcome.SUCCESS,
                List.of(new DisclosedStudy(STUDY, PATIENT_REF)), List.of());

        AuditXml xml = valid(mapper.accessed(read, AT));

        assertThat(xml.eventId()).isEqualTo("110104");
        assertThat(xml.action()).isEqualTo("R");
        assertThat(xml.userWithRole("110153")).isEqualTo("custos");
        assertThat(xml.userWithRole("110152")).isEqualTo("alice");
        assertThat(xml.value("/AuditMessage/ActiveParticipant[RoleIDCode/@csd-code='110152']/@UserIsRequestor"))
                .isEqualTo("true");
        assertThat(xml.objectId("110180")).isEqualTo(STUDY);
        assertThat(xml.value("//ParticipantObjectDescription/SOPClass/@NumberOfInstances")).isEqualTo("3");
        assertThat(xml.objectId("2")).isEqualTo(PATIENT_REF);

        AuditXml missing = valid(mapper.accessed(new DataAccessedEvent(ALICE, PurposeOfUse.TREAT,
                AccessKind.WADO_METADATA, "STUDY", "1.2.3.999", null, null, 0, 0, 0, AccessOutcome.NOT_FOUND,
                List.of(new DisclosedStudy("1.2.3.999", null)), List.of()), AT));
        assertThat(missing.outcome()).isEqualTo("4");
        assertThat(missing.count("//ParticipantObjectIdentification[ParticipantObjectIDTypeCode/@csd-code='2']"))
                .isZero();

        AuditXml frames = valid(mapper.framesRead(new FrameAccessSummarizedEvent("w1", ALICE, PurposeOfUse.TREAT,
                new DisclosedStudy(STUDY, PATIENT_REF), AT, AT.plusSeconds(60), 4, 9, 1000, 1), AT));
        assertThat(frames.eventId()).isEqualTo("110104");
        assertThat(frames.outcome()).isEqualTo("4");
    }

    @Test
    void anAuditorsReportIsAuditLogUsed() {
        AccessActor audrey = new AccessActor("audrey", "auditor", "default", "127.0.0.1");
        AuditXml xml = valid(mapper.accessed(new DataAccessedEvent(audrey, PurposeOfUse.HCOMPL,
                AccessKind.AUDIT_REPORT, null, null, null, null, 0, 0, 0, AccessOutcome.SUCCESS, List.of(),
                List.of(new QueryKey("report", "DENIALS", null))), AT));
        assertThat(xml.eventId()).isEqualTo("110101");
        assertThat(xml.objectId("12")).isEqualTo("urn:custos:audit-trail:default");
        assertThat(xml.value("//ParticipantObjectName")).isEqualTo("Security Audit Log");
    }

    @Test
    void denialsAreAuthenticationFailuresOrSecurityAlerts() {
        AuditXml unauthenticated = valid(mapper.denied(new AccessDeniedEvent(null, null, null, "127.0.0.1", "GET",
                "/dicom-web/studies", 401, "MISSING_TOKEN"), AT));
        assertThat(unauthenticated.eventId()).isEqualTo("110114");
        assertThat(unauthenticated.value("//EventTypeCode/@csd-code")).isEqualTo("110122");
        assertThat(unauthenticated.outcome()).isEqualTo("4");
        assertThat(unauthenticated.value("/AuditMessage/ActiveParticipant[1]/@UserID")).isEqualTo("unknown");

        AuditXml forbidden = valid(mapper.denied(new AccessDeniedEvent("rob", "default", "researcher", "127.0.0.1",
                "GET", "/dicom-web/studies/" + STUDY, 403, "ROLE_NOT_ALLOWED"), AT));
        assertThat(forbidden.eventId()).isEqualTo("110113");
        assertThat(forbidden.value("//EventTypeCode/@csd-code")).isEqualTo("110132");
        assertThat(forbidden.objectId("12")).isEqualTo("/dicom-web/studies/" + STUDY);

        AuditXml association = valid(mapper.associationRejected(new AssociationRejectedEvent("INTRUDER", "CUSTOS",
                "127.0.0.1", "calling AE title not recognized"), AT));
        assertThat(association.eventId()).isEqualTo("110113");
        assertThat(association.value("//EventTypeCode/@csd-code")).isEqualTo("110126");
        assertThat(association.value("/AuditMessage/ActiveParticipant[1]/@UserID")).isEqualTo("INTRUDER");
    }

    @Test
    void controlCharactersFromTheNetworkCannotBreakTheXml() {
        AuditXml xml = valid(mapper.associationRejected(new AssociationRejectedEvent("EVIL\u0001\u0000AE", "CUSTOS",
                "127.0.0.1", "calling AE title not recognized"), AT));
        assertThat(xml.value("/AuditMessage/ActiveParticipant[1]/@UserID")).isEqualTo("EVIL\uFFFD\uFFFDAE");
        valid(mapper.denied(new AccessDeniedEvent("<script>&", null, null, null, "GET", null, 403, null), AT));
    }

    @Test
    void deletionAndShreddingAreInstancesAccessedDelete() {
        AuditXml deleted = valid(mapper.deleted(new StudyDeletedEvent("default/" + STUDY, TENANT, REGION,
                new StudyInstanceUid(STUDY), DeletionReason.RETENTION_EXPIRED, LocalDate.of(2026, 1, 1), 2, 100,
                List.of("a", "b"), PATIENT_REF, new AccessActor("ada", "tenant-admin", "default", "127.0.0.1")), AT));
        assertThat(deleted.eventId()).isEqualTo("110103");
        assertThat(deleted.action()).isEqualTo("D");
        assertThat(deleted.objectId("110180")).isEqualTo(STUDY);
        assertThat(deleted.objectId("2")).isEqualTo(PATIENT_REF);

        AuditXml refused = valid(mapper.deletionRefused(new StudyDeletionRefusedEvent("default/" + STUDY, TENANT,
                REGION, new StudyInstanceUid(STUDY), DeletionRefusal.RETENTION_PERIOD, LocalDate.of(2030, 1, 1),
                List.of(), DeletionReason.RETENTION_EXPIRED, ALICE), AT));
        assertThat(refused.outcome()).isEqualTo("4");

        AuditXml shredded = valid(mapper.shredded(new StudyShreddedEvent("default/" + STUDY, TENANT, REGION,
                new StudyInstanceUid(STUDY), List.of("k"), 2), AT));
        assertThat(shredded.action()).isEqualTo("D");
        assertThat(shredded.value("//ParticipantObjectIdentification/@ParticipantObjectDataLifeCycle"))
                .isEqualTo("15");
    }

    @Test
    void keyAdministrationIsASecurityConfigurationAlert() {
        AccessActor admin = new AccessActor("kim", "tenant-admin", "default", "127.0.0.1");
        for (AuditMessage m : List.of(
                mapper.kekRotated(new KekRotatedEvent("default", "local", "default/local", 1, 2, 5, admin), AT),
                mapper.kekRetired(new KekVersionRetiredEvent("default", "local", "default/local", 1, 2, admin), AT),
                mapper.dataKeysRewrapped(new DataKeysRewrappedEvent("default", "local", "default/local", 2, 5, 0, 0,
                        admin), AT))) {
            AuditXml xml = valid(m);
            assertThat(xml.eventId()).isEqualTo("110113");
            assertThat(xml.value("//EventTypeCode/@csd-code")).isEqualTo("110129");
            assertThat(xml.objectId("12")).isEqualTo("default/local");
        }
        AuditXml refused = valid(mapper.keyAdministrationRefused(new KeyAdministrationRefusedEvent("default", "local",
                "retire", "versions in use", admin), AT));
        assertThat(refused.value("//EventTypeCode/@csd-code")).isEqualTo("110132");
        assertThat(refused.outcome()).isEqualTo("4");
    }

    @Test
    void theSchemaRejectsAMessageThatBreaksIt() {
        byte[] broken = writer.write(mapper.shredded(new StudyShreddedEvent("default/" + STUDY, TENANT, REGION,
                new StudyInstanceUid(STUDY), List.of("k"), 2), AT));
        String text = new String(broken, StandardCharsets.UTF_8).replace("EventOutcomeIndicator=\"0\"",
                "EventOutcomeIndicator=\"3\"");
        assertThat(AuditMessageSchema.errors(text.getBytes(StandardCharsets.UTF_8))).isNotEmpty();
    }

    private AuditXml valid(AuditMessage message) {
        byte[] xml = writer.write(message);
        assertThat(AuditMessageSchema.errors(xml)).as(new String(xml, StandardCharsets.UTF_8)).isEmpty();
        return new AuditXml(xml);
    }
}
