package io.custos.server.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The configured webhooks by tenant, with their secrets read once at startup. A webhook without a readable
 * secret of at least {@value #MIN_SECRET_BYTES} bytes, or with a URL that is not http(s), stops the start: a
 * misconfigured receiver is found by the operator, not by the first export.
 */
final class ExportWebhooks {

    static final int MIN_SECRET_BYTES = 32;

    /** Where one tenant's notifications go, and the key that signs them. */
    record Target(URI url, byte[] secret, Duration timeout) {
        @Override
        public String toString() {
            return "Target[" + url + "]";
        }
    }

    private final Map<String, Target> byTenant;

    ExportWebhooks(Map<String, Target> byTenant) {
        this.byTenant = Map.copyOf(byTenant);
    }

    static ExportWebhooks of(ExportWebhookProperties properties, Function<String, String> environment) {
        Map<String, Target> targets = new HashMap<>();
        properties.tenants().forEach((tenant, settings) -> {
            if (settings == null || settings.exports() == null || settings.exports().webhook() == null
                    || settings.exports().webhook().url() == null) {
                return;
            }
            ExportWebhookProperties.Webhook webhook = settings.exports().webhook();
            String where = "custos.tenants." + tenant + ".exports.webhook";
            String scheme = webhook.url().getScheme() == null ? "" : webhook.url().getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || webhook.url().getHost() == null) {
                throw new IllegalStateException(where + ".url must be an absolute http or https URL");
            }
            targets.put(tenant, new Target(webhook.url(), secret(webhook, where, environment), webhook.timeout()));
        });
        return new ExportWebhooks(targets);
    }

    private static byte[] secret(ExportWebhookProperties.Webhook webhook, String where,
                                 Function<String, String> environment) {
        String value;
        if (webhook.secretEnv() != null && !webhook.secretEnv().isBlank()) {
            value = environment.apply(webhook.secretEnv());
            if (value == null) {
                throw new IllegalStateException(where + ".secret-env names a variable that is not set");
            }
        } else if (webhook.secretFile() != null) {
            try {
                value = Files.readString(webhook.secretFile(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(where + ".secret-file cannot be read", e);
            }
        } else {
            throw new IllegalStateException(where + " needs secret-env or secret-file (the HMAC secret)");
        }
        byte[] secret = value.strip().getBytes(StandardCharsets.UTF_8);
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException(where + ": the HMAC secret must be at least " + MIN_SECRET_BYTES
                    + " bytes");
        }
        return secret;
    }

    Optional<Target> forTenant(String tenant) {
        return Optional.ofNullable(byTenant.get(tenant));
    }

    boolean isEmpty() {
        return byTenant.isEmpty();
    }
}
