package io.custos.archive.domain;

/** Study Instance UID, checked against PS3.5 9.1 on construction. */
public record StudyInstanceUid(String value) {
    public StudyInstanceUid {
        DicomUid.require(value, "Study Instance UID");
    }

    @Override
    public String toString() {
        return value;
    }
}
