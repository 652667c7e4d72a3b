package io.custos.server.security;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the {@link AccessDenial} for a refused request and hands it to the audit port. */
final class DenialAuditor {

    private static final Logger LOG = LoggerFactory.getLogger(DenialAuditor.class);

    private final AccessDenialRecorder recorder;
    private final Clock clock;

    DenialAuditor(AccessDenialRecorder recorder, Clock clock) {
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param authentication the verified token, or null when there is none (401 cases: we never record
     *                       claims from a token we did not accept)
     */
    void record(HttpServletRequest request, CustosAuthentication authentication, DenialReason reason) {
        AccessDenial denial = new AccessDenial(
                clock.instant(),
                authentication == null ? null : authentication.subject(),
                authentication == null ? null : authentication.tenant(),
                authentication == null ? null : authentication.rolesForAudit(),
                request.getRemoteAddr(),
                request.getMethod(),
                // getRequestURI excludes the query string, which may carry PHI (e.g. QIDO PatientName=...).
                request.getRequestURI(),
                reason.status(),
                reason.name());
        try {
            recorder.denied(denial);
        } catch (RuntimeException e) {
            // The request stays refused either way. Only the exception type is logged: messages of a
            // failing audit store could quote the record.
            LOG.error("Recording an access denial failed ({}); reason={} status={}",
                    e.getClass().getName(), reason, reason.status());
        }
    }
}
