package io.custos.archive.domain;

/** Transfer Syntax UID, checked against PS3.5 9.1 on construction. */
public record TransferSyntaxUid(String value) {
    public TransferSyntaxUid {
        DicomUid.require(value, "Transfer Syntax UID");
    }

    @Override
    public String toString() {
        return value;
    }
}
