package io.custos.server.cli;

import io.custos.server.security.Role;
import io.custos.server.security.TokenMinter;
import io.custos.server.security.TokenRequest;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code custos token}: mints a bearer token from the embedded issuer and prints only the token on
 * stdout, so it can be captured ({@code TOKEN=$(custos token ...)}). Nothing is logged.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Mint a bearer token (ES256) from the local issuer and print it to stdout.")
public final class MintTokenCommand implements Callable<Integer> {

    private final TokenMinter minter;

    @Spec
    private CommandSpec spec;

    @Option(names = "--subject", required = true, description = "Token subject (user or service id).")
    private String subject;

    @Option(names = "--role", required = true, converter = RoleConverter.class,
            description = "Role, repeatable: clinician, researcher, data-steward, auditor, tenant-admin, service.")
    private List<Role> roles = new ArrayList<>();

    @Option(names = "--tenant", required = true, description = "Tenant id.")
    private String tenant;

    @Option(names = "--region", description = "Allowed region id, repeatable (default: local).")
    private List<String> regions = new ArrayList<>();

    @Option(names = "--ttl", defaultValue = "8h", converter = TtlConverter.class,
            description = "Lifetime: 30m, 8h, 2d, 90s or ISO-8601 (PT8H); default 8h, at most 30d.")
    private Duration ttl;

    public MintTokenCommand(TokenMinter minter) {
        this.minter = Objects.requireNonNull(minter, "minter");
    }

    @Override
    public Integer call() {
        TokenRequest request;
        try {
            request = new TokenRequest(subject, EnumSet.copyOf(roles), tenant,
                    regions.isEmpty() ? Set.of("local") : new LinkedHashSet<>(regions), ttl);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        spec.commandLine().getOut().println(minter.mint(request));
        spec.commandLine().getOut().flush();
        return 0;
    }

    static final class RoleConverter implements ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            return Role.fromClaim(value.trim().toLowerCase(Locale.ROOT))
                    .orElseThrow(() -> new TypeConversionException("unknown role '" + value
                            + "'; expected one of clinician, researcher, data-steward, auditor, tenant-admin, service"));
        }
    }

    /** Accepts simple suffixes (s, m, h, d) as typed by people, and ISO-8601 durations as written by scripts. */
    static final class TtlConverter implements ITypeConverter<Duration> {
        private static final Pattern SIMPLE = Pattern.compile("(\\d+)([smhd])");

        @Override
        public Duration convert(String value) {
            String text = value.trim().toLowerCase(Locale.ROOT);
            Matcher m = SIMPLE.matcher(text);
            try {
                if (m.matches()) {
                    long amount = Long.parseLong(m.group(1));
                    return switch (m.group(2)) {
                        case "s" -> Duration.ofSeconds(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "h" -> Duration.ofHours(amount);
                        default -> Duration.ofDays(amount);
                    };
                }
                return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
                throw new TypeConversionException("invalid ttl '" + value + "'; use e.g. 30m, 8h, 2d or PT8H");
            }
        }
    }
}
