package io.custos.server.ledger;

import io.custos.archive.ledger.CheckpointDirectory;
import io.custos.archive.ledger.CheckpointSealer;
import io.custos.archive.ledger.LedgerSealer;
import io.custos.archive.ledger.jdbc.JdbcLedger;
import io.custos.keys.local.LocalKeystore;
import io.custos.server.config.CustosProperties;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;

/**
 * The tamper-evident ledger: seals the event store into per (tenant, region) hash chains and publishes signed
 * checkpoints ({@code docs/ledger.md}). The signing key lives in the local keystore; its public half is written
 * next to the checkpoints for verifiers.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LedgerProperties.class)
@ConditionalOnProperty(prefix = "custos.ledger", name = "enabled", havingValue = "true", matchIfMissing = true)
class LedgerConfiguration {

    @Bean
    JdbcLedger jdbcLedger(DataSource dataSource) {
        JdbcLedger ledger = new JdbcLedger(dataSource);
        ledger.createSchemaIfAbsent();
        return ledger;
    }

    @Bean
    LedgerSigningKey ledgerSigningKey(LocalKeystore keystore, CustosProperties custos) {
        byte[] seed = keystore.ledgerSigningKey();
        try {
            LedgerSigningKey key = new LedgerSigningKey(new Ed25519PrivateKeyParameters(seed, 0));
            key.publishPublicKey(custos.dataDir().resolve("ledger").resolve(LedgerSigningKey.PUBLIC_KEY_FILE));
            return key;
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    @Bean
    CheckpointDirectory checkpointDirectory(LedgerProperties properties, CustosProperties custos) {
        return new CheckpointDirectory(checkpointDir(properties, custos));
    }

    static Path checkpointDir(LedgerProperties properties, CustosProperties custos) {
        Path dir = properties.checkpointDir() != null ? properties.checkpointDir()
                : custos.dataDir().resolve("ledger").resolve("checkpoints");
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the checkpoint directory", e);
        }
    }

    @Bean
    LedgerSealer ledgerSealer(JdbcLedger ledger, CheckpointDirectory checkpoints, LedgerSigningKey key,
                              LedgerProperties properties, CustosProperties custos) {
        return new LedgerSealer(ledger, new PayloadChainAssigner(custos.region()), checkpoints,
                new CheckpointSealer(key.keyId(), key.privateKey()), Clock.systemUTC(), properties.batchSize(),
                properties.checkpointEvery(), properties.checkpointInterval(), properties.gapTimeout());
    }

    @Bean
    EvidenceExporter evidenceExporter(JdbcLedger ledger, LedgerSealer sealer, CheckpointDirectory checkpoints,
                                      LedgerSigningKey key) {
        return new EvidenceExporter(ledger, sealer, checkpoints, key);
    }

    @Bean
    LedgerSealingSchedule ledgerSealingSchedule(LedgerSealer sealer, ObjectProvider<CheckpointMirror> mirrors,
                                                LedgerProperties properties) {
        return new LedgerSealingSchedule(sealer, mirrors.orderedStream().toList(), properties.poll());
    }
}
