package io.custos.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.server.security.CustosJwtDecoders;
import io.custos.server.security.CustosSecurityProperties;
import io.custos.server.security.TestSigningKeys;
import io.custos.server.security.TokenMinter;
import io.custos.server.security.TokenSigningKeySource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import picocli.CommandLine;

class MintTokenCommandTest {

    private final TokenSigningKeySource keys = TestSigningKeys.generate("cli-kid");
    private final TokenMinter minter = new TokenMinter(keys, "custos-local",
            CustosSecurityProperties.Claims.defaults(), Clock.systemUTC());
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void printsATokenThatTheLocalDecoderAccepts() {
        int exit = run("--subject", "dr-a", "--role", "clinician", "--role", "tenant-admin",
                "--tenant", "acme", "--region", "local", "--region", "eu-west", "--ttl", "8h");

        assertThat(exit).isZero();
        String printed = out.toString().trim();
        assertThat(printed.lines()).hasSize(1);
        Jwt jwt = CustosJwtDecoders.local(keys, "custos-local", Duration.ofSeconds(30), Clock.systemUTC()).decode(printed);
        assertThat(jwt.getSubject()).isEqualTo("dr-a");
        assertThat(jwt.getClaimAsString("custos_tenant")).isEqualTo("acme");
        assertThat(jwt.getClaimAsStringList("custos_roles")).containsExactly("clinician", "tenant-admin");
        assertThat(jwt.getClaimAsStringList("custos_regions")).containsExactly("eu-west", "local");
        assertThat(Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt())).isEqualTo(Duration.ofHours(8));
    }

    @Test
    void defaultsToLocalRegionAndAcceptsIsoTtl() {
        int exit = run("--subject", "svc", "--role", "service", "--tenant", "acme", "--ttl", "PT30M");

        assertThat(exit).isZero();
        Jwt jwt = CustosJwtDecoders.local(keys, "custos-local", Duration.ofSeconds(30), Clock.systemUTC())
                .decode(out.toString().trim());
        assertThat(jwt.getClaimAsStringList("custos_regions")).containsExactly("local");
        assertThat(Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt())).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void ttlParsing() {
        var converter = new MintTokenCommand.TtlConverter();
        assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(converter.convert("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(converter.convert("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(converter.convert("pt1h")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void rejectsUnknownRoleBadTtlAndMissingTenantWithoutPrintingAToken() {
        assertThat(run("--subject", "a", "--role", "superuser", "--tenant", "acme")).isEqualTo(2);
        assertThat(run("--subject", "a", "--role", "clinician", "--tenant", "acme", "--ttl", "forever")).isEqualTo(2);
        assertThat(run("--subject", "a", "--role", "clinician", "--tenant", "acme", "--ttl", "400d")).isEqualTo(2);
        assertThat(run("--subject", "a", "--role", "clinician")).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("superuser").contains("forever");
    }

    private int run(String... args) {
        CommandLine commandLine = new CommandLine(new MintTokenCommand(minter));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
