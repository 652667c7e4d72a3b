package io.custos.server.durability;

import static io.custos.server.durability.DurabilitySupport.CORPUS;
import static org.assertj.core.api.Assertions.assertThat;

import io.custos.archive.ingest.dimse.DicomServer;
import io.custos.query.index.StudyIndexEventHandler;
import io.custos.server.durability.DurabilitySupport.Result;
import io.custos.server.durability.DurabilitySupport.Uids;
import io.custos.server.testsupport.ArchiveTestApp;
import io.custos.server.testsupport.TestDirs;
import io.custos.server.testsupport.TestKeyspace;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The study-index processor restarts over the tokens it stored in the real PostgreSQL token store and keeps
 * indexing: first over the GapAwareTrackingToken of normal operation, then over the ReplayToken a reset (a
 * projection rebuild) leaves behind. A token the store cannot read back would make the processor give up its
 * segment for good, and nothing stored afterwards would ever appear in QIDO.
 */
class StudyIndexRestartIT {

    private static final List<String> FILES = List.of("CT_small.dcm", "MR_small.dcm", "SC_rgb_small_odd.dcm");

    private static TestKeyspace keyspace;

    @BeforeAll
    static void keyspace() {
        keyspace = TestKeyspace.create(StudyIndexRestartIT.class);
    }

    @AfterAll
    static void drop() {
        if (keyspace != null) {
            keyspace.close();
        }
    }

    @Test
    void processorResumesOverItsStoredTokensAndAfterAReset() throws Exception {
        Path dataDir = TestDirs.newDataDir(StudyIndexRestartIT.class);
        List<Uids> sent = new ArrayList<>();

        try (ConfigurableApplicationContext first = start(dataDir)) {
            sent.add(store(first, FILES.get(0)));
            awaitVisible(first, sent);
            assertThat(tokenTypes(first)).as("token of normal operation").isNotEmpty()
                    .allMatch(GapAwareTrackingToken.class.getName()::equals);
            // The token store is the only Axon-internal state persisted with a non-event serializer: if a
            // saga or a dead-letter queue is ever added, its serialization needs the same care as the tokens.
            EventProcessingConfiguration processing = first.getBean(EventProcessingConfiguration.class);
            assertThat(processing.sagaConfigurations()).as("sagas").isEmpty();
            assertThat(processing.deadLetterQueue(StudyIndexEventHandler.PROCESSING_GROUP)).as("dead letters").isEmpty();
        }

        try (ConfigurableApplicationContext second = start(dataDir)) {
            sent.add(store(second, FILES.get(1)));
            awaitVisible(second, sent);
            // Rebuild the projection: the reset writes a ReplayToken; stop before the processor replays anything.
            StreamingEventProcessor processor = processor(second);
            processor.shutDown();
            processor.resetTokens();
            assertThat(tokenTypes(second)).as("token after a reset").isNotEmpty()
                    .allMatch(ReplayToken.class.getName()::equals);
        }

        try (ConfigurableApplicationContext third = start(dataDir)) {
            sent.add(store(third, FILES.get(2)));
            awaitVisible(third, sent);
            StreamingEventProcessor processor = processor(third);
            assertThat(processor.isRunning()).as("processor running").isTrue();
            assertThat(processor.isError()).as("processor in error").isFalse();
            // The replay covered every earlier event exactly once more; the counts are still exact.
            for (Uids uids : sent) {
                String study = DurabilitySupport.qido(DurabilitySupport.httpPort(third), DurabilitySupport.token(third),
                        "/studies?StudyInstanceUID=" + uids.study()).body();
                assertThat(study).as("NumberOfStudyRelatedInstances after the replay")
                        .containsPattern("\"00201208\"\\s*:\\s*\\{[^}]*\"Value\"\\s*:\\s*\\[\\s*\"?1\"?\\s*]");
            }
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        return ArchiveTestApp.start(dataDir, keyspace, "--custos.dimse.port=0");
    }

    private static Uids store(ConfigurableApplicationContext ctx, String name) {
        Path file = CORPUS.resolve(name);
        Result r = DurabilitySupport.run(List.of("dcmsend", "-v", "-aet", "DCMSEND", "-aec", DurabilitySupport.CALLED_AE,
                "127.0.0.1", String.valueOf(ctx.getBean(DicomServer.class).port()), file.toString()));
        assertThat(r.output()).as("dcmsend summary for %s", name).containsPattern("with status SUCCESS\\s*: 1");
        return DurabilitySupport.uids(file);
    }

    /** Waits (generously: shared 2-core machine) until QIDO lists every sent instance; fails if it never does. */
    private static void awaitVisible(ConfigurableApplicationContext ctx, List<Uids> sent) throws InterruptedException {
        String token = DurabilitySupport.token(ctx);
        int http = DurabilitySupport.httpPort(ctx);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        List<String> missing;
        do {
            missing = sent.stream()
                    .filter(u -> !DurabilitySupport.qidoSops(http, token, u.study()).contains(u.sop()))
                    .map(Uids::sop).toList();
            if (missing.isEmpty()) {
                return;
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(deadline));
        assertThat(missing).as("instances never indexed (processor %s)", processor(ctx).isError() ? "in error" : "idle")
                .isEmpty();
    }

    private static StreamingEventProcessor processor(ConfigurableApplicationContext ctx) {
        return ctx.getBean(EventProcessingConfiguration.class)
                .eventProcessor(StudyIndexEventHandler.PROCESSING_GROUP, StreamingEventProcessor.class)
                .orElseThrow();
    }

    /** The stored token class of each segment, read straight from the token table. */
    private static List<String> tokenTypes(ConfigurableApplicationContext ctx) throws SQLException {
        List<String> types = new ArrayList<>();
        TokenSchema schema = ctx.getBean(TokenSchema.class);
        try (Connection c = ctx.getBean(DataSource.class).getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + schema.tokenTypeColumn() + " FROM "
                     + schema.tokenTable() + " WHERE " + schema.processorNameColumn() + " = ?")) {
            s.setString(1, StudyIndexEventHandler.PROCESSING_GROUP);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    types.add(rs.getString(1));
                }
            }
        }
        return types;
    }
}
