package io.custos.server.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Module dependencies point one way: keys ← archive-core ← query-api ← archive-server, with deidentify
 * beside archive-core (it may use keys only). Maven already refuses cycles between modules; these rules
 * also catch a package of one module that reaches into another through a transitive dependency.
 */
class ModuleDependencyRulesTest {

    static final String KEYS = "io.custos.keys..";
    static final String CORE = "io.custos.archive..";
    static final String DEID = "io.custos.deidentify..";
    static final String QUERY = "io.custos.query..";
    static final String SERVER = "io.custos.server..";

    static final ArchRule KEYS_DEPEND_ON_NOTHING_OF_OURS = noClasses().that().resideInAPackage(KEYS)
            .should().dependOnClassesThat().resideInAnyPackage(CORE, DEID, QUERY, SERVER);
    static final ArchRule CORE_DEPENDS_ONLY_ON_KEYS = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage(DEID, QUERY, SERVER);
    static final ArchRule DEID_DEPENDS_ONLY_ON_KEYS = noClasses().that().resideInAPackage(DEID)
            .should().dependOnClassesThat().resideInAnyPackage(CORE, QUERY, SERVER);
    static final ArchRule QUERY_NEVER_REACHES_THE_SERVER = noClasses().that().resideInAPackage(QUERY)
            .should().dependOnClassesThat().resideInAPackage(SERVER);
    static final ArchRule DOMAIN_IS_PLAIN_JAVA = noClasses().that()
            .resideInAnyPackage("io.custos.archive.domain..", "io.custos.archive..model..", "io.custos.archive..api..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.datastax..");

    private static JavaClasses custos;

    @BeforeAll
    static void importClasses() {
        custos = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.custos");
    }

    @Test
    void allModulesAreOnTheClassPath() {
        assertThat(custos.containPackage("io.custos.keys")).isTrue();
        assertThat(custos.containPackage("io.custos.archive.ingest.api")).isTrue();
        assertThat(custos.containPackage("io.custos.server.ingest")).isTrue();
    }

    @Test
    void keysDependOnNothingOfOurs() {
        KEYS_DEPEND_ON_NOTHING_OF_OURS.check(custos);
    }

    @Test
    void archiveCoreDependsOnlyOnKeys() {
        CORE_DEPENDS_ONLY_ON_KEYS.check(custos);
    }

    @Test
    void deidentifyDependsOnlyOnKeys() {
        DEID_DEPENDS_ONLY_ON_KEYS.check(custos);
    }

    @Test
    void queryApiNeverReachesTheServer() {
        QUERY_NEVER_REACHES_THE_SERVER.check(custos);
    }

    @Test
    void domainModelAndMessagesAreFreeOfSpringAndCassandra() {
        DOMAIN_IS_PLAIN_JAVA.check(custos);
    }

    @Test
    void aDependencyPointingTheWrongWayIsCaught() {
        // The server's own classes depend on archive-core; seen as if they lived in keys, they must violate.
        JavaClasses server = new ClassFileImporter().importPackages("io.custos.server.ingest");
        ArchRule serverCodeMayNotUseCore = noClasses().that().resideInAPackage(SERVER)
                .should().dependOnClassesThat().resideInAnyPackage(CORE);
        assertThat(serverCodeMayNotUseCore.evaluate(server).hasViolation()).isTrue();
    }
}
