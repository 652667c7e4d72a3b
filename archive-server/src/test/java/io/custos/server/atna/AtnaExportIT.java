package io.custos.server.atna;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import io.custos.archive.access.api.AccessDeniedEvent;
import io.custos.archive.ingest.dimse.DicomServer;
import io.custos.archive.ingest.testing.Corpus;
import io.custos.archive.ingest.testing.Dcmtk;
import io.custos.server.atna.RsyslogReceiver.Received;
import io.custos.server.security.Role;
import io.custos.server.testsupport.DicomWebClient;
import io.custos.server.testsupport.RunningArchive;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ATNA export end to end: a whole archive sends its audit messages over TLS (RFC 5425) to Debian's rsyslogd
 * on loopback. A C-STORE by dcmtk's storescu, a WADO-RS read, a QIDO-RS search, a request without token and
 * one with a forbidden role each arrive as an RFC 5424 message whose XML is valid against PS3.15 A.5.1.1's
 * schema and carries the A.5.3 codes, the study UID and the patient only as its pseudonymous reference. The
 * UDP transport (RFC 5426) is checked against the same rsyslogd.
 */
class AtnaExportIT {

    private static final String FILE = "test_files/CT_small.dcm";

    private static RsyslogReceiver rsyslog;
    private static RunningArchive archive;
    private static DicomWebClient web;
    private static String study;
    private static String patientId;
    private static String patientName;

    @BeforeAll
    static void start() throws Exception {
        AttributeList list = new AttributeList();
        list.read(Corpus.file(FILE).toString(), TagFromName.PixelData);
        study = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.StudyInstanceUID);
        patientId = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PatientID);
        patientName = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PatientName);
        rsyslog = RsyslogReceiver.start(AtnaExportIT.class);
        archive = RunningArchive.start(AtnaExportIT.class,
                "--custos.atna.enabled=true",
                "--custos.atna.transport=tls",
                "--custos.atna.host=127.0.0.1",
                "--custos.atna.port=" + rsyslog.tlsPort(),
                "--custos.atna.tls.trust-store=" + rsyslog.trustStore(),
                "--custos.atna.tls.trust-store-password=" + RsyslogReceiver.TRUST_STORE_PASSWORD,
                "--custos.atna.enterprise-site-id=IT-SITE",
                "--custos.atna.hostname=custos-it");
        web = new DicomWebClient(archive.context());
    }

    @AfterAll
    static void stop() {
        try {
            if (archive != null) {
                archive.close();
            }
        } finally {
            if (rsyslog != null) {
                rsyslog.close();
            }
        }
    }

    @Test
    void ingestReadQueryAndDenialsArriveOverTlsAsValidAuditMessages() throws Exception {
        int port = archive.context().getBean(DicomServer.class).port();
        Dcmtk.Result stored = Dcmtk.run("storescu", "-aet", "STORESCU", "-aec", "CUSTOS", "127.0.0.1",
                Integer.toString(port), Corpus.file(FILE).toString());
        assertThat(stored.exitCode()).as(stored.output()).isZero();

        AuditXml transfer = message(m -> m.contains("\"110104\"") && m.contains("EventActionCode=\"C\"")
                && m.contains(study), "C-STORE transfer");
        assertThat(transfer.userWithRole("110153")).isEqualTo("STORESCU");
        assertThat(transfer.value("/AuditMessage/ActiveParticipant[RoleIDCode/@csd-code='110152']"
                + "/@AlternativeUserID")).isEqualTo("AETITLES=CUSTOS");
        assertThat(transfer.objectId("110180")).isEqualTo(study);
        String patientRef = transfer.objectId("2");
        assertThat(patientRef).matches("[0-9a-f]{64}");
        assertThat(transfer.value("/AuditMessage/AuditSourceIdentification/@AuditEnterpriseSiteID"))
                .isEqualTo("IT-SITE");

        String clinician = web.token("default", Role.CLINICIAN);
        assertThat(web.get(clinician, "/studies/" + study + "/metadata").statusCode()).isEqualTo(200);
        AuditXml read = message(m -> m.contains("\"110104\"") && m.contains("EventActionCode=\"R\"")
                && m.contains(study), "WADO-RS retrieval");
        assertThat(read.userWithRole("110152")).isEqualTo("e2e-clinician");
        assertThat(read.userWithRole("110153")).isEqualTo("custos");
        assertThat(read.objectId("2")).isEqualTo(patientRef);

        assertThat(web.get(clinician, "/studies?PatientID=" + patientId).statusCode()).isEqualTo(200);
        AuditXml query = message(m -> m.contains("\"110112\"") && m.contains("e2e-clinician"), "QIDO-RS query");
        String recordedQuery = new String(Base64.getDecoder().decode(query.value("//ParticipantObjectQuery")),
                StandardCharsets.UTF_8);
        assertThat(recordedQuery).startsWith("PatientID#").doesNotContain(patientId);

        assertThat(web.get(null, "/studies").statusCode()).isEqualTo(401);
        AuditXml unauthenticated = message(m -> m.contains("\"110114\""), "failed authentication");
        assertThat(unauthenticated.outcome()).isEqualTo("4");
        assertThat(web.get(web.token("default", Role.RESEARCHER), "/studies/" + study + "/metadata").statusCode())
                .isEqualTo(403);
        AuditXml forbidden = message(m -> m.contains("\"110132\"") && m.contains(study + "/metadata"),
                "security alert");
        assertThat(forbidden.objectId("12")).isEqualTo("/dicom-web/studies/" + study + "/metadata");
        assertThat(forbidden.value("/AuditMessage/ActiveParticipant[1]/@UserID")).isEqualTo("e2e-researcher");

        // No PHI in clear: neither the patient's ID nor name appears in anything the repository received.
        assertThat(rsyslog.messages()).isNotEmpty().noneMatch(m -> m.contains(patientId) || m.contains(patientName));
    }

    @Test
    void udpCarriesOneMessagePerDatagramToTheSameReceiver() throws Exception {
        AtnaNode node = new AtnaNode("custos-udp", "custos-it", null);
        String marker = "/dicom-web/studies/udp-" + System.nanoTime();
        AuditMessage denial = new AuditMessageMapper(node).denied(new AccessDeniedEvent("udp-user", "default",
                "researcher", "127.0.0.1", "GET", marker, 403, "ROLE_NOT_ALLOWED"), Instant.now());
        byte[] syslog = new SyslogMessageFormat(node.hostname(), node.appName(), "1")
                .format(denial.event().at(), new AuditMessageXml().write(denial));
        try (UdpSyslogTransport udp = new UdpSyslogTransport(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), rsyslog.udpPort()), 2048)) {
            assertThat(udp.send(syslog)).isTrue();
        }
        AuditXml received = message(m -> m.contains(marker), "UDP message");
        assertThat(received.eventId()).isEqualTo("110113");
        assertThat(received.objectId("12")).isEqualTo(marker);
    }

    /** Waits for the message, checks its RFC 5424 envelope and its XML against the schema, and returns it. */
    private static AuditXml message(java.util.function.Predicate<String> wanted, String what) throws Exception {
        Received r = Received.parse(rsyslog.await(wanted, what));
        assertThat(r.pri()).isEqualTo("85");
        assertThat(r.version()).isEqualTo("1");
        assertThat(OffsetDateTime.parse(r.timestamp()).getOffset().getTotalSeconds()).isZero();
        assertThat(r.hostname()).isEqualTo("custos-it");
        assertThat(r.appName()).startsWith("custos");
        assertThat(r.procId()).matches("[0-9]+");
        assertThat(r.msgId()).isEqualTo("IHE+RFC-3881");
        assertThat(r.structuredData()).isEqualTo("-");
        byte[] xml = r.msg().getBytes(StandardCharsets.UTF_8);
        assertThat(AuditMessageSchema.errors(xml)).as(r.msg()).isEmpty();
        return new AuditXml(xml);
    }

}
