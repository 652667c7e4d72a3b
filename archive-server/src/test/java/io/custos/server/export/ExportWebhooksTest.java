package io.custos.server.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportWebhooksTest {

    private static final String SECRET = "a webhook secret of at least 32 bytes";

    @Test
    void readsTheSecretFromTheNamedVariableOrFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, SECRET + "\n");
        ExportWebhooks webhooks = ExportWebhooks.of(properties(Map.of(
                "a", new ExportWebhookProperties.Webhook(URI.create("https://r.example/h"), "HOOK_A", null, TIMEOUT),
                "b", new ExportWebhookProperties.Webhook(URI.create("http://127.0.0.1:9/h"), null, file, TIMEOUT))),
                Map.of("HOOK_A", SECRET)::get);
        assertThat(webhooks.forTenant("a").orElseThrow().secret()).isEqualTo(SECRET.getBytes(StandardCharsets.UTF_8));
        assertThat(webhooks.forTenant("b").orElseThrow().secret()).isEqualTo(SECRET.getBytes(StandardCharsets.UTF_8));
        assertThat(webhooks.forTenant("c")).isEmpty();
    }

    @Test
    void refusesToStartWithANonHttpUrlOrWithoutAGoodSecret() {
        assertThatThrownBy(() -> ExportWebhooks.of(properties(Map.of("a", new ExportWebhookProperties.Webhook(
                URI.create("file:///etc/passwd"), "HOOK_A", null, TIMEOUT))), Map.of("HOOK_A", SECRET)::get))
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> ExportWebhooks.of(properties(Map.of("a", new ExportWebhookProperties.Webhook(
                URI.create("https://r.example/h"), null, null, TIMEOUT))), Map.<String, String>of()::get))
                .hasMessageContaining("secret-env or secret-file");
        assertThatThrownBy(() -> ExportWebhooks.of(properties(Map.of("a", new ExportWebhookProperties.Webhook(
                URI.create("https://r.example/h"), "HOOK_A", null, TIMEOUT))), Map.<String, String>of()::get))
                .hasMessageContaining("not set");
        assertThatThrownBy(() -> ExportWebhooks.of(properties(Map.of("a", new ExportWebhookProperties.Webhook(
                URI.create("https://r.example/h"), "HOOK_A", null, TIMEOUT))), Map.of("HOOK_A", "short")::get))
                .hasMessageContaining("at least 32 bytes").hasMessageNotContaining("short");
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private static ExportWebhookProperties properties(Map<String, ExportWebhookProperties.Webhook> hooks) {
        Map<String, ExportWebhookProperties.Tenant> tenants = new java.util.HashMap<>();
        hooks.forEach((t, h) -> tenants.put(t,
                new ExportWebhookProperties.Tenant(new ExportWebhookProperties.Exports(h))));
        return new ExportWebhookProperties(tenants);
    }
}
