package io.custos.query.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Time buckets of the audit partitions, in UTC: {@code yyyymmdd} for days, {@code yyyymm} for months. */
final class AuditBuckets {

    private AuditBuckets() {
    }

    static int of(AuditTable.Bucket bucket, Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return bucket == AuditTable.Bucket.DAY
                ? day.getYear() * 10000 + day.getMonthValue() * 100 + day.getDayOfMonth()
                : day.getYear() * 100 + day.getMonthValue();
    }

    /** The buckets covering [from, to] (inclusive days), newest first: reports list the latest entries first. */
    static List<Integer> covering(AuditTable.Bucket bucket, LocalDate from, LocalDate to) {
        List<Integer> buckets = new ArrayList<>();
        if (bucket == AuditTable.Bucket.DAY) {
            for (LocalDate d = to; !d.isBefore(from); d = d.minusDays(1)) {
                buckets.add(of(bucket, d.atStartOfDay(ZoneOffset.UTC).toInstant()));
            }
        } else {
            for (YearMonth m = YearMonth.from(to); !m.isBefore(YearMonth.from(from)); m = m.minusMonths(1)) {
                buckets.add(m.getYear() * 100 + m.getMonthValue());
            }
        }
        return buckets;
    }
}
