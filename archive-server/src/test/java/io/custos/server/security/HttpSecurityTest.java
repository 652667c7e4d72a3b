package io.custos.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The security baseline over real HTTP: a random-port Tomcat, a probe controller standing in for the
 * DICOMweb endpoints, and a recorder capturing what would become audit events.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = HttpSecurityTest.TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HttpSecurityTest {

    static final TokenSigningKeySource KEYS = TestSigningKeys.generate("test-kid");
    private static final String PROBLEM_JSON = "application/problem+json";

    @LocalServerPort
    int port;

    @Autowired
    CapturingRecorder recorder;

    @Autowired
    TokenMinter minter;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void clearDenials() {
        recorder.denials.clear();
    }

    @Test
    void clinicianWithValidTokenReadsAndSeesTenantFromToken() throws Exception {
        HttpResponse<String> response = get("/dicom-web/studies", token("dr-a", "acme", Set.of("local"), Role.CLINICIAN));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("dr-a@acme|dr-a@acme");
        assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(recorder.denials).isEmpty();
    }

    @Test
    void serviceMayStore() throws Exception {
        HttpResponse<String> response = post("/dicom-web/studies", token("ai-runner", "acme", Set.of("local"), Role.SERVICE));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(recorder.denials).isEmpty();
    }

    @Test
    void noTokenIs401ProblemAndRecordedWithoutQueryString() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/dicom-web/studies?PatientName=DOE%5EJOHN")).GET());

        assertProblem(response, 401, DenialReason.NO_TOKEN);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"custos\"");
        AccessDenial denial = singleDenial();
        assertThat(denial.reason()).isEqualTo("NO_TOKEN");
        assertThat(denial.status()).isEqualTo(401);
        assertThat(denial.method()).isEqualTo("GET");
        assertThat(denial.path()).isEqualTo("/dicom-web/studies");
        assertThat(denial.subject()).isNull();
        assertThat(denial.tenant()).isNull();
        assertThat(denial.role()).isNull();
        assertThat(denial.sourceAddress()).isNotBlank();
        assertThat(denial.at()).isNotNull();
    }

    @Test
    void tamperedSignatureIs401InvalidToken() throws Exception {
        String token = token("dr-a", "acme", Set.of("local"), Role.CLINICIAN);
        int sigStart = token.lastIndexOf('.') + 1;
        int i = sigStart + 10;
        String tampered = token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);

        HttpResponse<String> response = get("/dicom-web/studies", tampered);

        assertProblem(response, 401, DenialReason.INVALID_TOKEN);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer realm=\"custos\", error=\"invalid_token\"");
        assertThat(response.body()).doesNotContain(tampered).doesNotContain(tampered.substring(sigStart));
        assertThat(singleDenial().reason()).isEqualTo("INVALID_TOKEN");
    }

    @Test
    void malformedTokenIs401InvalidToken() throws Exception {
        HttpResponse<String> response = get("/dicom-web/studies", "not-a-jwt");

        assertProblem(response, 401, DenialReason.INVALID_TOKEN);
        assertThat(response.body()).doesNotContain("not-a-jwt");
        assertThat(singleDenial().reason()).isEqualTo("INVALID_TOKEN");
    }

    @Test
    void unsignedTokenIs401InvalidToken() throws Exception {
        String unsigned = new PlainJWT(claims("dr-a").claim("custos_tenant", "acme").build()).serialize();

        HttpResponse<String> response = get("/dicom-web/studies", unsigned);

        assertProblem(response, 401, DenialReason.INVALID_TOKEN);
        assertThat(singleDenial().reason()).isEqualTo("INVALID_TOKEN");
    }

    @Test
    void expiredTokenIs401Expired() throws Exception {
        Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        String expired = new TokenMinter(KEYS, "custos-local", CustosSecurityProperties.Claims.defaults(), twoHoursAgo)
                .mint(new TokenRequest("dr-a", Set.of(Role.CLINICIAN), "acme", Set.of("local"), Duration.ofHours(1)));

        HttpResponse<String> response = get("/dicom-web/studies", expired);

        assertProblem(response, 401, DenialReason.EXPIRED);
        AccessDenial denial = singleDenial();
        assertThat(denial.reason()).isEqualTo("EXPIRED");
        assertThat(denial.subject()).isNull();
    }

    @Test
    void tokenSignedByAnotherKeyIs401() throws Exception {
        String foreign = new TokenMinter(TestSigningKeys.generate("test-kid"), "custos-local",
                CustosSecurityProperties.Claims.defaults(), Clock.systemUTC())
                .mint(new TokenRequest("mallory", Set.of(Role.TENANT_ADMIN), "acme", Set.of("local"), Duration.ofHours(1)));

        HttpResponse<String> response = get("/dicom-web/studies", foreign);

        assertProblem(response, 401, DenialReason.INVALID_TOKEN);
        assertThat(singleDenial().subject()).isNull();
    }

    @Test
    void tokenFromAnotherIssuerIs401() throws Exception {
        String other = new TokenMinter(KEYS, "evil-issuer", CustosSecurityProperties.Claims.defaults(), Clock.systemUTC())
                .mint(new TokenRequest("dr-a", Set.of(Role.CLINICIAN), "acme", Set.of("local"), Duration.ofHours(1)));

        HttpResponse<String> response = get("/dicom-web/studies", other);

        assertProblem(response, 401, DenialReason.INVALID_TOKEN);
        assertThat(response.body()).contains("iss");
    }

    @Test
    void researcherMayNotReadDicomWeb() throws Exception {
        HttpResponse<String> response = get("/dicom-web/studies/1.2.3/series",
                token("res-1", "acme", Set.of("local"), Role.RESEARCHER));

        assertProblem(response, 403, DenialReason.WRONG_ROLE);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("insufficient_scope");
        AccessDenial denial = singleDenial();
        assertThat(denial.reason()).isEqualTo("WRONG_ROLE");
        assertThat(denial.status()).isEqualTo(403);
        assertThat(denial.subject()).isEqualTo("res-1");
        assertThat(denial.tenant()).isEqualTo("acme");
        assertThat(denial.role()).isEqualTo("researcher");
        assertThat(denial.path()).isEqualTo("/dicom-web/studies/1.2.3/series");
    }

    @Test
    void auditorMayNotReadDicomWebAndClinicianMayNotUseUnlistedEndpoints() throws Exception {
        assertProblem(get("/dicom-web/studies", token("aud", "acme", Set.of("local"), Role.AUDITOR)), 403, DenialReason.WRONG_ROLE);
        assertProblem(get("/unlisted", token("adm", "acme", Set.of("local"), Role.TENANT_ADMIN)), 403, DenialReason.WRONG_ROLE);
        assertThat(recorder.denials).extracting(AccessDenial::reason).containsExactly("WRONG_ROLE", "WRONG_ROLE");
    }

    @Test
    void researcherMayNotStore() throws Exception {
        HttpResponse<String> response = post("/dicom-web/studies", token("res-1", "acme", Set.of("local"), Role.RESEARCHER));

        assertProblem(response, 403, DenialReason.WRONG_ROLE);
        assertThat(singleDenial().method()).isEqualTo("POST");
    }

    @Test
    void tokenForAnotherRegionIs403WrongRegion() throws Exception {
        HttpResponse<String> response = get("/dicom-web/studies", token("dr-a", "acme", Set.of("eu-west"), Role.CLINICIAN));

        assertProblem(response, 403, DenialReason.WRONG_REGION);
        AccessDenial denial = singleDenial();
        assertThat(denial.reason()).isEqualTo("WRONG_REGION");
        assertThat(denial.subject()).isEqualTo("dr-a");
    }

    @Test
    void tenantThatDoesNotAllowTheServersRegionIs403WrongRegionEvenWithATokenNamingIt() throws Exception {
        HttpResponse<String> response = get("/dicom-web/studies", token("dr-e", "eu-only", Set.of("local"), Role.CLINICIAN));

        assertProblem(response, 403, DenialReason.WRONG_REGION);
        AccessDenial denial = singleDenial();
        assertThat(denial.reason()).isEqualTo("WRONG_REGION");
        assertThat(denial.tenant()).isEqualTo("eu-only");
    }

    @Test
    void tokenWithoutTenantIs403NoTenant() throws Exception {
        String token = sign(claims("dr-a")
                .claim("custos_roles", List.of("clinician"))
                .claim("custos_regions", List.of("local"))
                .build());

        HttpResponse<String> response = get("/dicom-web/studies", token);

        assertProblem(response, 403, DenialReason.NO_TENANT);
        AccessDenial denial = singleDenial();
        assertThat(denial.reason()).isEqualTo("NO_TENANT");
        assertThat(denial.subject()).isEqualTo("dr-a");
        assertThat(denial.tenant()).isNull();
    }

    @Test
    void deniedRequestsLeaveNoTokenOrQueryInTheLogs(CapturedOutput output) throws Exception {
        String valid = token("res-1", "acme", Set.of("local"), Role.RESEARCHER);
        String tampered = valid.substring(0, valid.length() - 20) + "AAAAAAAAAAAAAAAAAAAA";
        get("/dicom-web/studies?PatientName=SECRET%5EPATIENT", valid);
        get("/dicom-web/studies?PatientName=SECRET%5EPATIENT", tampered);

        assertThat(recorder.denials).extracting(AccessDenial::reason).containsExactly("WRONG_ROLE", "INVALID_TOKEN");
        assertThat(recorder.denials).allSatisfy(d -> assertThat(d.path()).isEqualTo("/dicom-web/studies"));
        assertThat(output.getAll()).doesNotContain(valid.substring(valid.lastIndexOf('.')))
                .doesNotContain(valid.substring(0, valid.indexOf('.')))
                .doesNotContain("SECRET");
    }

    @Test
    void aFailingRecorderStillDenies() throws Exception {
        recorder.failNext = true;

        HttpResponse<String> response = get("/dicom-web/studies", "not-a-jwt");

        assertProblem(response, 401, DenialReason.INVALID_TOKEN);
    }

    private void assertProblem(HttpResponse<String> response, int status, DenialReason reason) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith(PROBLEM_JSON);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
        assertThat(response.body())
                .contains("\"type\":\"" + ProblemResponses.type(reason) + "\"")
                .contains("\"title\":\"" + ProblemResponses.title(reason) + "\"")
                .contains("\"status\":" + status)
                .contains("\"detail\":\"")
                .contains("\"reason\":\"" + reason.name() + "\"");
    }

    private AccessDenial singleDenial() {
        assertThat(recorder.denials).hasSize(1);
        return recorder.denials.get(0);
    }

    private String token(String subject, String tenant, Set<String> regions, Role role) {
        return minter.mint(new TokenRequest(subject, Set.of(role), tenant, regions, Duration.ofMinutes(10)));
    }

    private static JWTClaimsSet.Builder claims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer("custos-local").subject(subject)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)));
    }

    private static String sign(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(KEYS.keyId()).build(), claims);
        jwt.sign(new ECDSASigner((ECPrivateKey) KEYS.keyPair().getPrivate()));
        return jwt.serialize();
    }

    private HttpResponse<String> get(String path, String bearer) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + bearer).GET());
    }

    private HttpResponse<String> post(String path, String bearer) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofString("")));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** Nested so that component scans of the real application never pick it up. */
    @SpringBootConfiguration
    @EnableAutoConfiguration(excludeName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.XADataSourceAutoConfiguration",
            "org.axonframework.springboot.autoconfig.AxonAutoConfiguration",
            "org.axonframework.springboot.autoconfig.AxonServerAutoConfiguration",
            "org.axonframework.springboot.autoconfig.AxonServerBusAutoConfiguration",
            "org.axonframework.springboot.autoconfig.AxonServerActuatorAutoConfiguration",
            "org.axonframework.springboot.autoconfig.AxonTimeoutAutoConfiguration",
            "org.axonframework.springboot.autoconfig.AxonDbSchedulerAutoConfiguration",
            "org.axonframework.springboot.autoconfig.AxonJobRunrAutoConfiguration",
            "org.axonframework.springboot.autoconfig.AxonTracingAutoConfiguration",
            "org.axonframework.springboot.autoconfig.AvroSerializerAutoConfiguration",
            "org.axonframework.springboot.autoconfig.EventProcessingAutoConfiguration",
            "org.axonframework.springboot.autoconfig.InfraConfiguration",
            "org.axonframework.springboot.autoconfig.InterceptorAutoConfiguration",
            "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration",
            "org.axonframework.springboot.autoconfig.JpaAutoConfiguration",
            "org.axonframework.springboot.autoconfig.JpaEventStoreAutoConfiguration",
            "org.axonframework.springboot.autoconfig.legacyjpa.JpaJavaxAutoConfiguration",
            "org.axonframework.springboot.autoconfig.legacyjpa.JpaJavaxEventStoreAutoConfiguration",
            "org.axonframework.springboot.autoconfig.MetricsAutoConfiguration",
            "org.axonframework.springboot.autoconfig.MicrometerMetricsAutoConfiguration",
            "org.axonframework.springboot.autoconfig.NoOpTransactionAutoConfiguration",
            "org.axonframework.springboot.autoconfig.ObjectMapperAutoConfiguration",
            "org.axonframework.springboot.autoconfig.CBORMapperAutoConfiguration",
            "org.axonframework.springboot.autoconfig.OpenTelemetryAutoConfiguration",
            "org.axonframework.springboot.autoconfig.SecurityAutoConfiguration",
            "org.axonframework.springboot.autoconfig.TransactionAutoConfiguration",
            "org.axonframework.springboot.autoconfig.UpdateCheckerAutoConfiguration",
            "org.axonframework.springboot.autoconfig.XStreamAutoConfiguration"})
    @Import({SecurityConfiguration.class, ProbeController.class})
    static class TestApp {

        @Bean
        TokenSigningKeySource testSigningKeys() {
            return KEYS;
        }

        /** Tenant {@code eu-only} allows only eu-west; every other tenant only this server's region. */
        @Bean
        io.custos.archive.residency.ResidencyPolicy residencyPolicy() {
            return new io.custos.archive.residency.ResidencyPolicy(
                    java.util.Map.of(new io.custos.archive.domain.TenantId("eu-only"),
                            Set.of(new io.custos.archive.domain.RegionId("eu-west"))),
                    Set.of(new io.custos.archive.domain.RegionId("local")));
        }

        @Bean
        CapturingRecorder capturingRecorder() {
            return new CapturingRecorder();
        }
    }

    static final class CapturingRecorder implements AccessDenialRecorder {
        final List<AccessDenial> denials = new CopyOnWriteArrayList<>();
        volatile boolean failNext;

        @Override
        public void denied(AccessDenial denial) {
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("audit store unavailable: " + denial);
            }
            denials.add(denial);
        }
    }

    /** Stands in for DICOMweb: shows the principal both through injection and through CurrentPrincipal. */
    @RestController
    static class ProbeController {
        private final CurrentPrincipal current;

        ProbeController(CurrentPrincipal current) {
            this.current = current;
        }

        @GetMapping({"/dicom-web/studies", "/dicom-web/studies/{study}/series", "/unlisted"})
        String read(@AuthenticationPrincipal CustosPrincipal principal) {
            CustosPrincipal fromHelper = current.get();
            return principal.subject() + "@" + principal.tenant() + "|" + fromHelper.subject() + "@" + fromHelper.tenant();
        }

        @PostMapping("/dicom-web/studies")
        String store() {
            return "stored";
        }
    }
}
