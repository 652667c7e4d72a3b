package io.custos.archive.domain;

/** SOP Instance UID, checked against PS3.5 9.1 on construction. */
public record SopInstanceUid(String value) {
    public SopInstanceUid {
        DicomUid.require(value, "SOP Instance UID");
    }

    @Override
    public String toString() {
        return value;
    }
}
