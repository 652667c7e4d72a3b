package io.custos.server.atna;

import java.util.Objects;

/**
 * A coded value of the audit message schema (PS3.15 A.5.1.1 {@code CodedValueType}): code, coding scheme and
 * meaning. The values this archive sends are listed in {@link DicomAuditCodes}.
 */
public record AuditCode(String code, String codeSystemName, String originalText) {
    public AuditCode {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(codeSystemName, "codeSystemName");
        Objects.requireNonNull(originalText, "originalText");
    }

    static AuditCode dcm(String code, String meaning) {
        return new AuditCode(code, "DCM", meaning);
    }

    static AuditCode rfc3881(String code, String meaning) {
        return new AuditCode(code, "RFC-3881", meaning);
    }
}
