package io.custos.server.atna;

import io.custos.server.atna.AuditMessage.ActiveParticipant;
import io.custos.server.atna.AuditMessage.AuditSource;
import java.util.List;
import java.util.Objects;

/**
 * This archive as it appears in its own audit messages: the application name (UserID of its participant and
 * AuditSourceID), the host name (its network access point, and the syslog HOSTNAME) and the enterprise site.
 */
public record AtnaNode(String appName, String hostname, String enterpriseSiteId) {
    public AtnaNode {
        Objects.requireNonNull(appName, "appName");
        Objects.requireNonNull(hostname, "hostname");
    }

    /** A.5.1.2.1 type 4: application server process. */
    AuditSource source() {
        return new AuditSource(enterpriseSiteId, appName, "4");
    }

    /** The archive's participant; for DIMSE its AE title goes in AlternativeUserID (A.5.2.1 "AETITLES="). */
    ActiveParticipant participant(String calledAe, boolean requestor, List<AuditCode> roles) {
        return new ActiveParticipant(appName, calledAe == null ? null : "AETITLES=" + calledAe, requestor, hostname,
                false, roles);
    }
}
