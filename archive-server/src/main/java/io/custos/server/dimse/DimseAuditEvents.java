package io.custos.server.dimse;

import io.custos.archive.access.api.AssociationRejectedEvent;
import io.custos.archive.access.api.VerificationReceivedEvent;
import io.custos.archive.domain.TenantId;
import io.custos.archive.ingest.api.IngestSource;
import io.custos.archive.ingest.api.RejectionReason;
import io.custos.archive.ingest.dimse.AssociationRejection;
import io.custos.archive.ingest.dimse.DimseAuditListener;
import io.custos.archive.study.api.InstanceIngestRejectedEvent;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what the DICOM edge refuses or answers before ingest is involved: rejected associations, C-ECHOs,
 * and objects refused while being received. The listener contract forbids throwing, so a failure to record
 * is logged (without values) and never breaks the association.
 */
final class DimseAuditEvents implements DimseAuditListener {

    private static final Logger log = LoggerFactory.getLogger(DimseAuditEvents.class);

    private final EventGateway events;

    DimseAuditEvents(EventGateway events) {
        this.events = events;
    }

    @Override
    public void associationRejected(String callingAe, String calledAe, String address, AssociationRejection reason) {
        publish(new AssociationRejectedEvent(callingAe, calledAe, address, reason.name()));
    }

    @Override
    public void echoed(String callingAe, String calledAe, String address, TenantId tenant) {
        publish(new VerificationReceivedEvent(tenant.value(), callingAe, calledAe, address));
    }

    @Override
    public void storeRefusedAtEdge(String callingAe, String calledAe, String address, TenantId tenant,
                                   RejectionReason reason) {
        // Nothing of the object was kept, so there is neither a digest nor a size to record.
        publish(new InstanceIngestRejectedEvent(null, tenant, null, null, null, null, -1, null, reason,
                IngestSource.dimse(callingAe, calledAe, address)));
    }

    private void publish(Object event) {
        try {
            events.publish(event);
        } catch (RuntimeException e) {
            log.error("Could not record a DIMSE audit event ({}): {}", event.getClass().getSimpleName(),
                    e.getClass().getSimpleName());
        }
    }
}
