package io.custos.server.keys;

import io.custos.keys.BlobCipher;
import io.custos.keys.FieldCipher;
import io.custos.keys.KekRotation;
import io.custos.keys.KeyEncryptionKeys;
import io.custos.keys.KeyedHash;
import io.custos.keys.StudyKeys;
import io.custos.keys.jdbc.JdbcWrappedKeyRepository;
import io.custos.keys.local.LocalKeystore;
import io.custos.keys.vault.VaultTransitKeyEncryptionKeys;
import io.custos.server.config.CustosProperties;
import io.custos.server.security.TokenSigningKeySource;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.vault.core.VaultTemplate;

/**
 * The key hierarchy: KEKs from the provider chosen by {@code custos.keys.provider} (the local keystore under
 * {@code <data-dir>/keys} by default, or Vault Transit), per-study data keys wrapped in PostgreSQL next to the
 * events. The local keystore also holds the lookup-hash keys and the token-signing key, whatever the provider.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KeysProperties.class)
class KeysConfiguration {

    @Bean
    LocalKeystore localKeystore(CustosProperties properties) {
        return LocalKeystore.open(properties.dataDir().resolve("keys"), System.getenv());
    }

    /** Primary: the local keystore is a KeyEncryptionKeys too, but only this bean decides which one wraps. */
    @Bean
    @Primary
    KeyEncryptionKeys keyEncryptionKeys(KeysProperties properties, LocalKeystore keystore,
                                        ObjectProvider<VaultTemplate> vault) {
        return switch (properties.provider()) {
            case LOCAL -> keystore;
            case VAULT -> new VaultTransitKeyEncryptionKeys(vault.getObject(), properties.vault().mount(),
                    properties.vault().keyPrefix());
        };
    }

    @Bean
    JdbcWrappedKeyRepository wrappedKeyRepository(DataSource dataSource) {
        JdbcWrappedKeyRepository repository = new JdbcWrappedKeyRepository(dataSource);
        repository.createSchemaIfAbsent();
        return repository;
    }

    @Bean
    StudyKeys studyKeys(KeyEncryptionKeys keks, JdbcWrappedKeyRepository repository, KeysProperties properties) {
        return StudyKeys.create(keks, repository, properties.cache().settings());
    }

    @Bean
    KekRotation kekRotation(KeyEncryptionKeys keks, JdbcWrappedKeyRepository repository, KeysProperties properties) {
        return new KekRotation(keks, repository, properties.rewrapPageSize());
    }

    /** One thread: background rewraps run one after another, never competing with ingest for both cores. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService keyRewrapExecutor() {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "custos-key-rewrap");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    KeyAdministration keyAdministration(KekRotation rotation, EventGateway events,
                                        @Value("${custos.region:local}") String region,
                                        ExecutorService keyRewrapExecutor) {
        return new KeyAdministration(rotation, events, region, keyRewrapExecutor);
    }

    @Bean
    BlobCipher blobCipher() {
        return new BlobCipher();
    }

    @Bean
    FieldCipher fieldCipher() {
        return new FieldCipher(new SecureRandom());
    }

    @Bean
    KeyedHash keyedHash(LocalKeystore keystore) {
        return new KeyedHash(keystore);
    }

    @Bean
    TokenSigningKeySource tokenSigningKeySource(LocalKeystore keystore) {
        return new TokenSigningKeySource() {
            @Override
            public KeyPair keyPair() {
                return keystore.tokenSigningKey();
            }

            @Override
            public String keyId() {
                return keystore.tokenSigningKeyId();
            }
        };
    }

    /** The Vault client, only with {@code custos.keys.provider=vault}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "custos.keys.provider", havingValue = "vault")
    static class VaultClientConfiguration {

        @Bean
        VaultTemplate vaultTemplate(KeysProperties properties) {
            return VaultClientFactory.create(properties.vault());
        }
    }
}
