package io.custos.archive.access.api;

/** A DICOM association was refused (PS3.8 9.3.4): unknown called AE, calling AE not allowed, or overload. */
public record AssociationRejectedEvent(String callingAe, String calledAe, String sourceAddress, String reason) {
}
