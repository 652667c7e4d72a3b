package io.custos.server.ingest;

import io.custos.archive.domain.RegionId;
import io.custos.archive.residency.ResidencyPolicy;
import io.custos.archive.ingest.api.Part10Parser;
import io.custos.archive.ingest.application.IngestService;
import io.custos.archive.ingest.application.OrphanBlobSweeper;
import io.custos.archive.ingest.dicom.PixelMedPart10Parser;
import io.custos.archive.ingest.stow.StowService;
import io.custos.archive.retrieve.StoredInstances;
import io.custos.archive.storage.BlobCodec;
import io.custos.archive.storage.BlobStore;
import io.custos.archive.storage.EncryptedBlobs;
import io.custos.archive.storage.FileSystemBlobStore;
import io.custos.archive.study.application.AttributeSealer;
import io.custos.archive.study.model.Study;
import io.custos.keys.BlobCipher;
import io.custos.keys.FieldCipher;
import io.custos.keys.StoredDataKey;
import io.custos.keys.StudyKeys;
import io.custos.keys.jdbc.JdbcWrappedKeyRepository;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import io.custos.server.config.CustosProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/** Wires ingest: edge validation, encrypted blob storage under the data directory, the Study aggregate. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IngestProperties.class)
class IngestConfiguration {

    @Bean
    ServerRegion serverRegion(@Value("${custos.region:local}") String region) {
        return new ServerRegion(new RegionId(region));
    }

    @Bean
    Part10Parser part10Parser(IngestProperties properties) {
        return new PixelMedPart10Parser(properties.maxObjectSize().toBytes());
    }

    @Bean
    BlobStore blobStore(CustosProperties properties) throws IOException {
        return new FileSystemBlobStore(properties.dataDir().resolve("blobs"));
    }

    /** Encrypted, always; plaintext only for a benchmark that sets both switches ({@link BlobCodecSelection}). */
    @Bean
    BlobCodec blobCodec(BlobCipher cipher,
                        @Value("${" + BlobCodecSelection.PROPERTY + ":false}") boolean plaintextRequested) {
        return BlobCodecSelection.choose(plaintextRequested, System.getenv(), cipher);
    }

    @Bean
    EncryptedBlobs encryptedBlobs(BlobStore store, BlobCodec codec) {
        return new EncryptedBlobs(store, codec);
    }

    @Bean
    AttributeSealer attributeSealer(StudyKeys keys, FieldCipher cipher) {
        return new AttributeSealer(keys, cipher);
    }

    @Bean
    IngestService ingestService(Part10Parser parser, StudyKeys keys, EncryptedBlobs blobs, AttributeSealer sealer,
                                CommandGateway commands, EventGateway events, ResidencyPolicy residency,
                                IngestProperties properties) {
        return new IngestService(parser, keys, blobs, sealer, commands, events, residency,
                properties.maxObjectSize().toBytes());
    }

    @Bean
    StowService stowService(Part10Parser parser, IngestService ingest, IngestProperties properties) {
        return new StowService(parser, ingest, properties.maxObjectSize().toBytes(),
                properties.maxRequestSize().toBytes());
    }

    @Bean
    StoredInstances storedInstances(EventStore events, StudyKeys keys, EncryptedBlobs blobs) {
        return new StoredInstances(events, keys, blobs);
    }

    @Bean
    OrphanBlobSweeper orphanBlobSweeper(BlobStore store, EventStore events, JdbcWrappedKeyRepository keys,
                                        IngestProperties properties) {
        return new OrphanBlobSweeper(store, events, id -> keys.findById(id).map(StoredDataKey::studyRef),
                Clock.systemUTC(), properties.orphanGrace());
    }

    /**
     * The Study aggregate, event sourced, with a cache: a study of N instances is otherwise replayed from
     * PostgreSQL on each of its N stores.
     */
    @Bean
    ConfigurerModule studyAggregate() {
        return configurer -> configurer.configureAggregate(
                AggregateConfigurer.defaultConfiguration(Study.class)
                        .configureCache(c -> new WeakReferenceCache()));
    }
}
