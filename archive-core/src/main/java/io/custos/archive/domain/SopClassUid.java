package io.custos.archive.domain;

/** SOP Class UID, checked against PS3.5 9.1 on construction. */
public record SopClassUid(String value) {
    public SopClassUid {
        DicomUid.require(value, "SOP Class UID");
    }

    @Override
    public String toString() {
        return value;
    }
}
