package io.custos.deidentify.pseudonym;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.deidentify.secret.ProjectId;
import io.custos.deidentify.secret.ProjectSecret;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PseudonymsTest {

    static Pseudonyms pseudonyms(String project, String key) {
        return new Pseudonyms(ProjectSecret.of(new ProjectId(project), key.getBytes(StandardCharsets.UTF_8)));
    }

    private final Pseudonyms alpha = pseudonyms("alpha", "alpha project secret, thirty-two bytes long");

    @Test
    void stableAcrossExportsOfTheSameProject() {
        PatientKey patient = PatientKey.of("HOSP", "PID-884213", "1.2.3");
        assertThat(alpha.pseudonymFor(patient))
                .isEqualTo(pseudonyms("alpha", "alpha project secret, thirty-two bytes long").pseudonymFor(
                        PatientKey.of("HOSP", "PID-884213", "9.9.9")))
                .matches("PSN[0-9A-F]{24}")
                .doesNotContain("884213");
    }

    @Test
    void unlinkableAcrossProjects() {
        Pseudonyms beta = pseudonyms("beta", "beta project secret, also thirty-two bytes");
        Set<String> alphaNames = new HashSet<>();
        Set<String> betaNames = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            PatientKey patient = PatientKey.of("HOSP", "PID-" + i, "");
            alphaNames.add(alpha.pseudonymFor(patient));
            betaNames.add(beta.pseudonymFor(patient));
        }
        assertThat(alphaNames).hasSize(1000);
        assertThat(betaNames).hasSize(1000).doesNotContainAnyElementsOf(alphaNames);
    }

    @Test
    void issuerQualifiesThePatientId() {
        assertThat(alpha.pseudonymFor(PatientKey.of("HOSP-A", "42", "")))
                .isNotEqualTo(alpha.pseudonymFor(PatientKey.of("HOSP-B", "42", "")));
    }
}
