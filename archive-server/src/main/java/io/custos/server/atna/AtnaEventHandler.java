package io.custos.server.atna;

import io.custos.archive.access.api.AccessDeniedEvent;
import io.custos.archive.access.api.AssociationRejectedEvent;
import io.custos.archive.access.api.DataAccessedEvent;
import io.custos.archive.access.api.FrameAccessSummarizedEvent;
import io.custos.archive.keymanagement.api.DataKeysRewrappedEvent;
import io.custos.archive.keymanagement.api.KekRotatedEvent;
import io.custos.archive.keymanagement.api.KekVersionRetiredEvent;
import io.custos.archive.keymanagement.api.KeyAdministrationRefusedEvent;
import io.custos.archive.retention.api.StudyDeletedEvent;
import io.custos.archive.retention.api.StudyDeletionRefusedEvent;
import io.custos.archive.retention.api.StudyShreddedEvent;
import io.custos.archive.study.api.InstanceIngestRejectedEvent;
import io.custos.archive.study.api.InstanceReceivedAgainEvent;
import io.custos.archive.study.api.InstanceStoredEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;

/**
 * Sends the audit message of each event to the audit record repository. It runs in its own tracking processor
 * ({@value #PROCESSING_GROUP}) with its own token: ingest and reads never wait for it, a repository that is
 * down only delays the messages, and after a restart sending resumes after the last event sent. A failed send
 * throws; the processor then retries the event with growing back-off (Axon's tracking processor: 1 s doubling
 * to 60 s), so nothing is skipped. Delivery is at least once: an event whose send succeeded just before a
 * crash, but whose token was not yet stored, is sent again.
 */
@ProcessingGroup(AtnaEventHandler.PROCESSING_GROUP)
public class AtnaEventHandler {

    public static final String PROCESSING_GROUP = "atna-export";

    private final AuditMessageMapper mapper;
    private final AuditMessageXml xml;
    private final SyslogMessageFormat syslog;
    private final SyslogTransport transport;
    private final StoredInstancePatients patients;

    public AtnaEventHandler(AuditMessageMapper mapper, AuditMessageXml xml, SyslogMessageFormat syslog,
                            SyslogTransport transport, StoredInstancePatients patients) {
        this.mapper = mapper;
        this.xml = xml;
        this.syslog = syslog;
        this.transport = transport;
        this.patients = patients;
    }

    @EventHandler
    public void on(InstanceStoredEvent e, @Timestamp Instant at) {
        send(mapper.stored(e, at, patients.patientRef(e)));
    }

    @EventHandler
    public void on(InstanceReceivedAgainEvent e, @Timestamp Instant at) {
        send(mapper.receivedAgain(e, at));
    }

    @EventHandler
    public void on(InstanceIngestRejectedEvent e, @Timestamp Instant at) {
        send(mapper.rejected(e, at));
    }

    @EventHandler
    public void on(DataAccessedEvent e, @Timestamp Instant at) {
        send(mapper.accessed(e, at));
    }

    @EventHandler
    public void on(FrameAccessSummarizedEvent e, @Timestamp Instant at) {
        send(mapper.framesRead(e, at));
    }

    @EventHandler
    public void on(AccessDeniedEvent e, @Timestamp Instant at) {
        send(mapper.denied(e, at));
    }

    @EventHandler
    public void on(AssociationRejectedEvent e, @Timestamp Instant at) {
        send(mapper.associationRejected(e, at));
    }

    @EventHandler
    public void on(StudyDeletedEvent e, @Timestamp Instant at) {
        send(mapper.deleted(e, at));
    }

    @EventHandler
    public void on(StudyDeletionRefusedEvent e, @Timestamp Instant at) {
        send(mapper.deletionRefused(e, at));
    }

    @EventHandler
    public void on(StudyShreddedEvent e, @Timestamp Instant at) {
        send(mapper.shredded(e, at));
    }

    @EventHandler
    public void on(KekRotatedEvent e, @Timestamp Instant at) {
        send(mapper.kekRotated(e, at));
    }

    @EventHandler
    public void on(KekVersionRetiredEvent e, @Timestamp Instant at) {
        send(mapper.kekRetired(e, at));
    }

    @EventHandler
    public void on(DataKeysRewrappedEvent e, @Timestamp Instant at) {
        send(mapper.dataKeysRewrapped(e, at));
    }

    @EventHandler
    public void on(KeyAdministrationRefusedEvent e, @Timestamp Instant at) {
        send(mapper.keyAdministrationRefused(e, at));
    }

    private void send(AuditMessage message) {
        try {
            transport.send(syslog.format(message.event().at(), xml.write(message)));
        } catch (IOException e) {
            // No message content in the exception: the cause names only the connection.
            throw new UncheckedIOException("cannot send an ATNA audit message", e);
        }
    }
}
