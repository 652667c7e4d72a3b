package io.custos.server.keys;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.vault.authentication.AppRoleAuthentication;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions;
import org.springframework.vault.authentication.ClientAuthentication;
import org.springframework.vault.authentication.LifecycleAwareSessionManager;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultClients;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.web.client.RestTemplate;

/**
 * Builds the Spring Vault client from {@code custos.keys.vault.*}: token authentication when a token is set,
 * otherwise AppRole. The session manager renews the login token before it expires and logs in again after.
 */
final class VaultClientFactory {

    private VaultClientFactory() {
    }

    static VaultTemplate create(KeysProperties.Vault vault) {
        if (vault.uri() == null) {
            throw new IllegalStateException("custos.keys.provider=vault needs custos.keys.vault.uri");
        }
        VaultEndpoint endpoint = VaultEndpoint.from(vault.uri());
        SimpleClientHttpRequestFactory http = new SimpleClientHttpRequestFactory();
        RestTemplate rest = VaultClients.createRestTemplate(endpoint, http);
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("custos-vault-session-");
        scheduler.setDaemon(true);
        scheduler.initialize();
        LifecycleAwareSessionManager sessions = new LifecycleAwareSessionManager(authentication(vault, rest),
                scheduler, rest);
        return new VaultTemplate(endpoint, http, sessions);
    }

    private static ClientAuthentication authentication(KeysProperties.Vault vault, RestTemplate rest) {
        if (vault.token() != null && !vault.token().isBlank()) {
            return new TokenAuthentication(vault.token());
        }
        KeysProperties.AppRole appRole = vault.appRole();
        if (appRole.roleId() == null || appRole.roleId().isBlank()
                || appRole.secretId() == null || appRole.secretId().isBlank()) {
            throw new IllegalStateException("custos.keys.provider=vault needs custos.keys.vault.token or "
                    + "custos.keys.vault.app-role.role-id and .secret-id");
        }
        return new AppRoleAuthentication(AppRoleAuthenticationOptions.builder()
                .path(appRole.path())
                .roleId(AppRoleAuthenticationOptions.RoleId.provided(appRole.roleId()))
                .secretId(AppRoleAuthenticationOptions.SecretId.provided(appRole.secretId()))
                .build(), rest);
    }
}
