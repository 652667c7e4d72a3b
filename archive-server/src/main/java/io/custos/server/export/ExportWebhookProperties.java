package io.custos.server.export;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The tenants' export completion webhooks (optional, per tenant):
 *
 * <pre>
 * custos.tenants.&lt;tenant&gt;.exports.webhook.url: https://research.example/hooks/custos
 * custos.tenants.&lt;tenant&gt;.exports.webhook.secret-env: CUSTOS_WEBHOOK_SECRET_LUNG   # the secret's variable, or
 * custos.tenants.&lt;tenant&gt;.exports.webhook.secret-file: /run/secrets/custos-webhook  # a file holding it
 * custos.tenants.&lt;tenant&gt;.exports.webhook.timeout: 10s
 * </pre>
 *
 * The HMAC secret itself is never a property: the properties name where it is (an environment variable or a
 * file, e.g. a mounted secret), so it is in no configuration file and no repository.
 */
@ConfigurationProperties(prefix = "custos")
record ExportWebhookProperties(Map<String, Tenant> tenants) {

    ExportWebhookProperties {
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
    }

    record Tenant(Exports exports) {
    }

    record Exports(Webhook webhook) {
    }

    /**
     * @param url        where completions and failures are POSTed; http or https only
     * @param secretEnv  the environment variable holding the HMAC secret
     * @param secretFile the file holding the HMAC secret (used when {@code secretEnv} is not set)
     * @param timeout    connect and response timeout of one delivery attempt
     */
    record Webhook(URI url, String secretEnv, Path secretFile, @DefaultValue("10s") Duration timeout) {
        @Override
        public String toString() {
            return "Webhook[" + url + "]";
        }
    }
}
