package io.custos.deidentify.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The capabilities of the module stand on each other one way: profile, secret and report on nothing of ours;
 * uid, dates and pseudonym on secret; header on all of them. release (an export's per-instance decision) on header and its
 * pixel port; pixel implements that port. The module uses keys only (no archive, query or
 * server classes) and no framework: it is a plain library.
 */
class PackageRulesTest {

    private static JavaClasses deidentify;

    @BeforeAll
    static void importClasses() {
        deidentify = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.custos.deidentify");
    }

    @Test
    void everyCapabilityIsImported() {
        for (String capability : new String[] {"profile", "secret", "uid", "dates", "pseudonym", "report", "header", "release", "pixel"}) {
            assertThat(deidentify.containPackage("io.custos.deidentify." + capability)).as(capability).isTrue();
        }
    }

    @Test
    void onlyHeaderAndTheReleaseStepsDependOnHeader() {
        noClasses().that().resideOutsideOfPackages("io.custos.deidentify.header..", "io.custos.deidentify.release..",
                        "io.custos.deidentify.pixel..")
                .should().dependOnClassesThat().resideInAPackage("io.custos.deidentify.header..").check(deidentify);
    }

    @Test
    void theHeaderStepKnowsNothingOfReleases() {
        noClasses().that().resideInAnyPackage("io.custos.deidentify.header..", "io.custos.deidentify.profile..",
                        "io.custos.deidentify.report..")
                .should().dependOnClassesThat().resideInAnyPackage("io.custos.deidentify.release..",
                        "io.custos.deidentify.pixel..")
                .check(deidentify);
    }

    @Test
    void keyedServicesDependOnlyOnTheSecret() {
        noClasses().that().resideInAnyPackage("io.custos.deidentify.uid..", "io.custos.deidentify.dates..",
                "io.custos.deidentify.pseudonym..", "io.custos.deidentify.secret..")
                .should().dependOnClassesThat().resideInAnyPackage("io.custos.deidentify.profile..",
                        "io.custos.deidentify.report..", "com.pixelmed..")
                .check(deidentify);
    }

    @Test
    void aPlainLibraryOnTopOfKeys() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.custos.archive..", "io.custos.query..",
                "io.custos.server..", "org.springframework..", "org.axonframework..", "com.datastax..")
                .check(deidentify);
    }
}
