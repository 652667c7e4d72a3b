package io.custos.query.audit;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One auditor question: a table, the tenant (from the auditor's token), the table's key (patient hash,
 * subject or study UID; null for denials and exports) and an inclusive range of UTC days.
 */
public record AuditQuestion(AuditTable table, String tenant, String key, LocalDate from, LocalDate to) {

    /**
     * Tenant of denials that carry none (no token, an invalid or expired one, a refused DIMSE association):
     * they belong to no tenant, so they are kept apart and reported separately. Not a valid tenant name.
     */
    public static final String UNATTRIBUTED = "-";

    /** Longest range one question may span; longer reports are several questions. */
    public static final long MAX_DAYS = 366;

    public AuditQuestion {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if ((table.keyColumn() == null) != (key == null)) {
            throw new IllegalArgumentException("key must be given exactly for tables that have one");
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("'to' is before 'from'");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw new IllegalArgumentException("the range may span at most " + MAX_DAYS + " days");
        }
    }
}
