package io.custos.server.keys;

import io.custos.keys.BlobCipher;
import io.custos.keys.FieldCipher;
import io.custos.keys.KeyedHash;
import io.custos.keys.StudyKeys;
import io.custos.keys.jdbc.JdbcWrappedKeyRepository;
import io.custos.keys.local.LocalKeystore;
import io.custos.server.security.TokenSigningKeySource;
import org.springframework.beans.factory.annotation.Value;
import io.custos.server.config.CustosProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;

/**
 * The key hierarchy of the embedded default: KEKs and the token-signing key in the local keystore under
 * {@code <data-dir>/keys}, per-study data keys wrapped in PostgreSQL next to the events.
 */
@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

    @Bean
    LocalKeystore localKeystore(CustosProperties properties) {
        return LocalKeystore.open(properties.dataDir().resolve("keys"), System.getenv());
    }

    @Bean
    JdbcWrappedKeyRepository wrappedKeyRepository(DataSource dataSource) {
        JdbcWrappedKeyRepository repository = new JdbcWrappedKeyRepository(dataSource);
        repository.createSchemaIfAbsent();
        return repository;
    }

    @Bean
    StudyKeys studyKeys(LocalKeystore keystore, JdbcWrappedKeyRepository repository) {
        return StudyKeys.create(keystore, repository);
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
}
