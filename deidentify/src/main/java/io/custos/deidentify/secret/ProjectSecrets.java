package io.custos.deidentify.secret;

import io.custos.keys.KeyScope;
import io.custos.keys.LookupHashKeys;
import java.util.Objects;

/**
 * Derives a project's secret from the tenant's lookup-hash key in the {@code keys} module: the secret is
 * HMAC-SHA256(tenant lookup key, "custos-deid-project-secret-v1" || project id). The tenant key never leaves
 * its key service (local keystore or Vault Transit); one call per export yields the project secret, which is
 * then used locally for the many keyed values of each instance. Different projects (or tenants) get unrelated
 * secrets; the derivation's own label keeps it apart from the audit lookup hashes made with the same key.
 */
public final class ProjectSecrets {

    private static final String LABEL = "custos-deid-project-secret-v1";

    private final LookupHashKeys keys;

    public ProjectSecrets(LookupHashKeys keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    public ProjectSecret secretFor(KeyScope scope, ProjectId project) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(project, "project");
        byte[] derived = keys.hmacSha256(scope, Messages.of(LABEL, project.value()));
        return ProjectSecret.of(project, derived);
    }
}
