package io.custos.archive.ingest.dimse;

import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.network.PresentationContext;
import com.pixelmed.network.PresentationContextSelectionPolicy;
import io.custos.archive.ingest.dicom.SupportedTransferSyntaxes;

import java.util.LinkedList;
import java.util.List;

/**
 * Presentation context negotiation (PS3.8 9.3.3.2, PS3.7 D.3.3): Verification with the uncompressed
 * little-endian syntaxes, every storage SOP class PixelMed knows with any transfer syntax the parser accepts
 * ({@link SupportedTransferSyntaxes}, deflate included). Among the syntaxes proposed in one context the
 * requestor's first acceptable choice wins: the archive keeps what the sender sent, so it has no reason to
 * make a sender transcode. Anything else gets result 3 (abstract syntax not supported) or 4 (transfer
 * syntaxes not supported).
 */
final class StoragePresentationContextPolicy implements PresentationContextSelectionPolicy {

    private static final byte ACCEPTANCE = 0;
    private static final byte ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    private static final byte TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;
    private static final List<String> VERIFICATION_SYNTAXES =
            List.of(TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian);

    @Override
    public LinkedList applyPresentationContextSelectionPolicy(LinkedList presentationContexts, int associationNumber,
                                                              int debugLevel) {
        return applyPresentationContextSelectionPolicy(presentationContexts, associationNumber);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public LinkedList applyPresentationContextSelectionPolicy(LinkedList presentationContexts, int associationNumber) {
        for (Object o : presentationContexts) {
            PresentationContext pc = (PresentationContext) o;
            String abstractSyntax = pc.getAbstractSyntaxUID();
            List<String> proposed = List.copyOf((List<String>) pc.getTransferSyntaxUIDs());
            String chosen = null;
            byte result;
            if (SOPClass.isVerification(abstractSyntax)) {
                chosen = proposed.stream().filter(VERIFICATION_SYNTAXES::contains).findFirst().orElse(null);
                result = chosen == null ? TRANSFER_SYNTAXES_NOT_SUPPORTED : ACCEPTANCE;
            } else if (SOPClass.isStorage(abstractSyntax)) {
                chosen = proposed.stream().filter(SupportedTransferSyntaxes::isSupported).findFirst().orElse(null);
                result = chosen == null ? TRANSFER_SYNTAXES_NOT_SUPPORTED : ACCEPTANCE;
            } else {
                result = ABSTRACT_SYNTAX_NOT_SUPPORTED;
            }
            pc.newTransferSyntaxUIDs();
            // PS3.8 9.3.3.2: the transfer syntax of a rejected context is not significant; keep one so the AC is well formed.
            String answer = chosen != null ? chosen : (proposed.isEmpty() ? TransferSyntax.ImplicitVRLittleEndian : proposed.get(0));
            pc.addTransferSyntaxUID(answer);
            pc.setResultReason(result);
        }
        return presentationContexts;
    }
}
