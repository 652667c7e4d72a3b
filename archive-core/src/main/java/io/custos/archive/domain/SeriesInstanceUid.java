package io.custos.archive.domain;

/** Series Instance UID, checked against PS3.5 9.1 on construction. */
public record SeriesInstanceUid(String value) {
    public SeriesInstanceUid {
        DicomUid.require(value, "Series Instance UID");
    }

    @Override
    public String toString() {
        return value;
    }
}
