package io.custos.server.auditpage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The auditor page served at {@code /auditor/} (docs/audit.md, "The auditor page").
 *
 * @param enabled serve the page (its files are public, they hold no data; every report it asks for carries
 *                the auditor's bearer token)
 */
@ConfigurationProperties("custos.auditor-page")
public record AuditorPageProperties(@DefaultValue("true") boolean enabled) {
}
