package io.custos.deidentify.dates;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.deidentify.pseudonym.PatientKey;
import io.custos.deidentify.secret.ProjectId;
import io.custos.deidentify.secret.ProjectSecret;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DateShifterTest {

    static DateShifter shifter(String project) {
        return new DateShifter(ProjectSecret.of(new ProjectId(project),
                ("date shift secret of project " + project + " >= 32 bytes").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shiftIsNonZeroWithinTheDocumentedRangeAndStablePerPatient() {
        DateShifter shifter = shifter("alpha");
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            PatientKey patient = PatientKey.of("", "P" + i, "");
            int days = shifter.shiftFor(patient).days();
            assertThat(days).isNotZero().isBetween(-DateShifter.MAX_DAYS, DateShifter.MAX_DAYS);
            assertThat(shifter("alpha").shiftFor(PatientKey.of("", "P" + i, "")).days()).isEqualTo(days);
            seen.add(days);
        }
        assertThat(seen).as("shifts spread over the range").hasSizeGreaterThan(400);
        assertThat(seen.stream().anyMatch(d -> d < 0) && seen.stream().anyMatch(d -> d > 0)).isTrue();
    }

    @Test
    void anotherProjectShiftsTheSamePatientDifferently() {
        int differing = 0;
        for (int i = 0; i < 50; i++) {
            PatientKey patient = PatientKey.of("", "P" + i, "");
            if (shifter("alpha").shiftFor(patient).days() != shifter("beta").shiftFor(patient).days()) {
                differing++;
            }
        }
        assertThat(differing).isGreaterThan(45);
    }

    @Test
    void issuerAndStudyFallbackAreDistinctKeys() {
        DateShifter shifter = shifter("alpha");
        assertThat(PatientKey.of("", "", "1.2.3").hashedParts()).containsExactly("study", "1.2.3");
        assertThat(PatientKey.of("A", "1", "1.2.3").hashedParts()).containsExactly("patient", "A", "1");
        assertThat(shifter.shiftFor(PatientKey.of("", "", "1.2.3")))
                .isEqualTo(shifter.shiftFor(PatientKey.of("", "", "1.2.3")));
        assertThat(PatientKey.of("A", "1", "").toString()).doesNotContain("1");
    }

    @Test
    void datesAndDateTimesMoveByWholeDaysKeepingTimeAndOffset() {
        DateShift shift = new DateShift(-40);
        assertThat(TemporalValues.shiftDate("20240315", shift)).contains("20240204");
        assertThat(TemporalValues.shiftDate("2024.03.15", shift)).contains("20240204");
        assertThat(TemporalValues.shiftDate("20240301", new DateShift(-1))).contains("20240229");
        assertThat(TemporalValues.shiftDateTime("20240315101733.250000+0100", shift))
                .contains("20240204101733.250000+0100");
        assertThat(TemporalValues.shiftDateTime("20240315", shift)).contains("20240204");
        assertThat(TemporalValues.shiftDateTime("2024", shift)).isEmpty();
        assertThat(TemporalValues.shiftDate("20241345", shift)).isEmpty();
        assertThat(TemporalValues.shiftDate("yesterday", shift)).isEmpty();
    }
}
