package io.custos.archive.ingest.api;

import java.util.Objects;

/**
 * The actor behind an ingest: for DIMSE the calling AE title (and the called AE it addressed), for STOW-RS
 * the token subject and role. The source address is the peer's IP address.
 */
public record IngestSource(IngestChannel channel, String actor, String role, String sourceAddress, String calledAe) {
    public IngestSource {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(actor, "actor");
    }

    public static IngestSource dimse(String callingAe, String calledAe, String sourceAddress) {
        return new IngestSource(IngestChannel.DIMSE, callingAe, "modality", sourceAddress, calledAe);
    }

    public static IngestSource stow(String subject, String role, String sourceAddress) {
        return new IngestSource(IngestChannel.STOW_RS, subject, role, sourceAddress, null);
    }
}
