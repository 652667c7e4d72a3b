package io.custos.archive.access.api;

/** A C-ECHO (Verification, PS3.4 Annex A) was answered for a peer of a tenant. */
public record VerificationReceivedEvent(String tenant, String callingAe, String calledAe, String sourceAddress) {
}
