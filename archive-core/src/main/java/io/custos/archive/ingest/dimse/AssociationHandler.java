package io.custos.archive.ingest.dimse;

import com.pixelmed.dicom.DicomException;
import com.pixelmed.network.AReleaseException;
import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import com.pixelmed.network.CEchoRequestCommandMessage;
import com.pixelmed.network.CEchoResponseCommandMessage;
import com.pixelmed.network.CStoreRequestCommandMessage;
import com.pixelmed.network.CStoreResponseCommandMessage;
import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.MessageServiceElementCommand;
import io.custos.archive.domain.DicomUid;
import io.custos.archive.ingest.api.IngestOutcome;
import io.custos.archive.ingest.api.IngestRequest;
import io.custos.archive.ingest.api.IngestSource;
import io.custos.archive.ingest.api.InstanceIngest;
import io.custos.archive.ingest.api.RejectionReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Socket;

/**
 * Serves one accepted association: C-ECHO (PS3.4 A.4, PS3.7 9.1.5) and C-STORE (PS3.4 B.2.3, PS3.7 9.1.1).
 * The C-STORE-RSP is sent only after {@link InstanceIngest#ingest} has returned, and its status is the
 * outcome's: 0000 for Stored/AlreadyStored, the reason's status for Rejected, 0110 processing failure when
 * ingest throws. Logs carry AE titles, sizes and statuses, never UIDs or other values.
 */
final class AssociationHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AssociationHandler.class);
    private static final int SUCCESS = 0x0000;

    private final DicomServerConfig config;
    private final InstanceIngest ingest;
    private final DimseAuditListener audit;
    private final StoragePresentationContextPolicy presentationPolicy = new StoragePresentationContextPolicy();

    AssociationHandler(DicomServerConfig config, InstanceIngest ingest, DimseAuditListener audit) {
        this.config = config;
        this.ingest = ingest;
        this.audit = audit;
    }

    /** Reads the request, applies the AE policy, then serves the association until release or abort. */
    void serve(Socket socket, ServerStopSignal stop) throws IOException {
        String address = socket.getInetAddress().getHostAddress();
        AssociationRequestPeek.Request request = AssociationRequestPeek.read(socket.getInputStream());
        AePolicy.Decision decision = config.aePolicy().decide(request.calledAe(), request.callingAe());
        if (!decision.isAccepted()) {
            reject(socket, request.callingAe(), request.calledAe(), address, decision.rejection());
            return;
        }
        Association association;
        try {
            association = AssociationFactory.createNewAssociation(new ReplayingSocket(socket, request.pdu()),
                    request.calledAe(), config.maxPduLength(), AssociationFactory.getDefaultReceiveBufferSize(),
                    AssociationFactory.getDefaultSendBufferSize(), presentationPolicy);
        } catch (DicomNetworkException e) {
            LOG.info("association from {} to {} not established: {}", request.callingAe(), request.calledAe(),
                    e.getClass().getSimpleName());
            return;
        }
        Peer peer = new Peer(request.callingAe(), request.calledAe(), address, decision.accepted());
        LOG.debug("association accepted from {} to {}", peer.callingAe(), peer.calledAe());
        try {
            while (!stop.isStopping()) {
                DimseMessageCollector message = new DimseMessageCollector(config.maxObjectBytes());
                association.setReceivedDataHandler(message);
                association.waitForPDataPDUsUntilHandlerReportsDone();
                respond(association, message, peer);
            }
            // Stopping: PS3.8 7.3 lets either side release, but the acceptor may only abort (A-ABORT).
            association.abort();
        } catch (AReleaseException e) {
            LOG.debug("association from {} released", peer.callingAe());
        } catch (DicomNetworkException | DicomException e) {
            LOG.info("association from {} ended abnormally: {}", peer.callingAe(), e.getClass().getSimpleName());
        }
    }

    private void respond(Association association, DimseMessageCollector message, Peer peer)
            throws DicomNetworkException, DicomException, IOException {
        int command = message.commandField();
        if (command == MessageServiceElementCommand.C_ECHO_RQ) {
            CEchoRequestCommandMessage rq = new CEchoRequestCommandMessage(message.commandList());
            byte[] rsp = new CEchoResponseCommandMessage(rq.getAffectedSOPClassUID(), rq.getMessageID(), SUCCESS).getBytes();
            association.send(message.presentationContextId(), rsp, null);
            audit.echoed(peer.callingAe(), peer.calledAe(), peer.address(), peer.called().tenant());
        } else if (command == MessageServiceElementCommand.C_STORE_RQ) {
            CStoreRequestCommandMessage rq = new CStoreRequestCommandMessage(message.commandList());
            int status = store(association, message, rq, peer);
            byte[] rsp = new CStoreResponseCommandMessage(rq.getAffectedSOPClassUID(), rq.getAffectedSOPInstanceUID(),
                    rq.getMessageID(), status).getBytes();
            association.send(message.presentationContextId(), rsp, null);
            // Every outcome is an event already; a log line per stored instance only costs the ingest path time.
            if (status != SUCCESS) {
                LOG.info("C-STORE from {} to {}: {} bytes, status {}", peer.callingAe(), peer.calledAe(),
                        message.dataSetLength(), String.format("%04X", status));
            } else if (LOG.isDebugEnabled()) {
                LOG.debug("C-STORE from {} to {}: {} bytes, status 0000", peer.callingAe(), peer.calledAe(),
                        message.dataSetLength());
            }
        } else {
            // Only Verification and Storage contexts are accepted, so nothing else can be answered; PS3.8 7.3.
            LOG.info("unsupported DIMSE command from {}; aborting", peer.callingAe());
            association.abort();
            throw new DicomNetworkException("unsupported DIMSE command");
        }
    }

    private int store(Association association, DimseMessageCollector message, CStoreRequestCommandMessage rq, Peer peer)
            throws DicomNetworkException {
        if (message.tooLarge()) {
            audit.storeRefusedAtEdge(peer.callingAe(), peer.calledAe(), peer.address(), peer.called().tenant(),
                    RejectionReason.TOO_LARGE);
            return RejectionReason.TOO_LARGE.dicomStatus();
        }
        String sopClass = rq.getAffectedSOPClassUID();
        String sopInstance = rq.getAffectedSOPInstanceUID();
        if (!DicomUid.isValid(sopClass) || !DicomUid.isValid(sopInstance)) {
            audit.storeRefusedAtEdge(peer.callingAe(), peer.calledAe(), peer.address(), peer.called().tenant(),
                    RejectionReason.INVALID_UID);
            return RejectionReason.INVALID_UID.dicomStatus();
        }
        String transferSyntax = association.getTransferSyntaxForPresentationContextID(message.presentationContextId());
        IngestRequest request = new IngestRequest(peer.called().tenant(), peer.called().region(),
                IngestSource.dimse(peer.callingAe(), peer.calledAe(), peer.address()));
        try {
            byte[] part10 = Part10Assembler.assemble(sopClass, sopInstance, transferSyntax, peer.callingAe(),
                    message.dataSet(), message.dataSetLength());
            IngestOutcome outcome = ingest.ingest(request, part10);
            return statusOf(outcome);
        } catch (DicomException | IOException | RuntimeException e) {
            LOG.warn("C-STORE from {} failed in processing: {}", peer.callingAe(), e.getClass().getSimpleName());
            return RejectionReason.PROCESSING_FAILURE.dicomStatus();
        }
    }

    static int statusOf(IngestOutcome outcome) {
        if (outcome instanceof IngestOutcome.Stored || outcome instanceof IngestOutcome.AlreadyStored) {
            return SUCCESS;
        }
        if (outcome instanceof IngestOutcome.Rejected rejected && rejected.reason() != null) {
            return rejected.reason().dicomStatus();
        }
        return RejectionReason.PROCESSING_FAILURE.dicomStatus();
    }

    private void reject(Socket socket, String callingAe, String calledAe, String address, AssociationRejection reason)
            throws IOException {
        AssociationRequestPeek.writeReject(socket.getOutputStream(), reason);
        LOG.info("association from {} to {} rejected: {}", callingAe, calledAe, reason);
        audit.associationRejected(callingAe, calledAe, address, reason);
    }

    /** Answers a request that arrived while all association slots were taken (PS3.8 9.3.4, local-limit-exceeded). */
    void rejectOverLimit(Socket socket) throws IOException {
        String address = socket.getInetAddress().getHostAddress();
        AssociationRequestPeek.Request request = AssociationRequestPeek.read(socket.getInputStream());
        reject(socket, request.callingAe(), request.calledAe(), address, AssociationRejection.LOCAL_LIMIT_EXCEEDED);
    }

    private record Peer(String callingAe, String calledAe, String address, AePolicy.CalledAe called) {
    }

    /** Lets a running association learn that the server is stopping between messages. */
    interface ServerStopSignal {
        boolean isStopping();
    }
}
