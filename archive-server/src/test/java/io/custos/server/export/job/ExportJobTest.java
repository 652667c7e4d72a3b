package io.custos.server.export.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import io.custos.archive.access.api.AccessActor;
import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.archive.export.api.ExportCommandResult;
import io.custos.archive.export.api.ExportCommands;
import io.custos.archive.export.api.ExportEvents.ExportRequestedEvent;
import io.custos.archive.export.api.ExportEvents.ExportStudyCompletedEvent;
import io.custos.archive.export.api.ExportId;
import io.custos.archive.export.api.ExportPlan;
import io.custos.deidentify.secret.ProjectSecrets;
import io.custos.server.export.store.ExportStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job's decisions around the per-study step, without an archive: the export's history comes from an
 * in-memory event store, the commands go to a recording gateway, the studies are the test corpus.
 */
class ExportJobTest {

    /** Release decisions run on two workers, as on the 2-core machines (daemon threads: nothing to shut down). */
    static final ExecutorService WORKERS = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "test-release-worker");
        t.setDaemon(true);
        return t;
    });

    private static final ExportId ID = new ExportId("acme/0b6f9c1e-3f4a-4d7e-9a51-2f1c3b5d7e90");
    private static final StudyInstanceUid S1 = new StudyInstanceUid(ExportCorpus.JOHANNA.study());
    private static final StudyInstanceUid S2 = new StudyInstanceUid(ExportCorpus.RICHARD.study());
    private static final ExportPlan PLAN = new ExportPlan("lung-ai", "IRB-2026-17",
            Set.of("RETAIN_LONGITUDINAL_MODIFIED_DATES"), List.of(S1, S2), List.of(), true);
    private static final AccessActor RESEARCHER = new AccessActor("rosa", "researcher", "acme", "10.0.0.5");

    @TempDir
    Path tmp;

    private final EmbeddedEventStore events = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();
    private final List<Object> sent = new ArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final JsonMapper json = JsonMapper.builder().build();
    /** Studies read from the archive, by how often. */
    private final Map<StudyInstanceUid, AtomicInteger> reads = Map.of(S1, new AtomicInteger(), S2, new AtomicInteger());
    private ExportCommandResult startAnswer = ExportCommandResult.DONE;

    @AfterEach
    void shutdown() {
        events.shutDown();
    }

    @Test
    void aNewExportRecordsEachStudyThenSealsAndCompletesWithTheManifestHash() throws Exception {
        ExportStore store = new ExportStore(tmp);
        given(new ExportRequestedEvent(ID, new RegionId("local"), PLAN, RESEARCHER));

        job(store).run(ID);

        assertThat(sent).hasSize(4);
        assertThat(sent.get(0)).isInstanceOf(ExportCommands.Start.class);
        assertThat(sent.subList(1, 3)).map(c -> ((ExportCommands.RecordStudyExported) c).study())
                .containsExactly(S1, S2);
        ExportCommands.RecordStudyExported first = (ExportCommands.RecordStudyExported) sent.get(1);
        assertThat(first.instancesExported()).isEqualTo(ExportCorpus.SLICES + 1);
        assertThat(first.instancesExcluded()).isEqualTo(1);
        assertThat(first.patientRef()).isEqualTo("ref-" + S1.value());
        ExportCommands.Complete complete = (ExportCommands.Complete) sent.get(3);
        byte[] manifest = Files.readAllBytes(store.directory(ID).resolve(ExportStore.MANIFEST));
        assertThat(complete.manifestSha256()).isEqualTo(sha256(manifest));
        assertThat(complete.files()).isEqualTo(2 * (ExportCorpus.SLICES + 1) + 2 + 2); // DICOM, NIfTI, report, manifest
        assertThat(store.isSealed(ID)).isTrue();
    }

    @Test
    void aResumedExportSkipsRecordedStudiesAndRecordsACommittedOneWithoutRedoingIt() throws Exception {
        ExportStore store = new ExportStore(tmp);
        given(new ExportRequestedEvent(ID, new RegionId("local"), PLAN, RESEARCHER));
        // An earlier run: both studies committed to the store, only the first recorded (a crash in between).
        StudyExporter exporter = new StudyExporter(store, json, WORKERS, 4);
        StudyRecord one = exporter.export(ID, 0, sources(ExportCorpus.JOHANNA), release(), true);
        StudyRecord two = exporter.export(ID, 1, sources(ExportCorpus.RICHARD), release(), true);
        given(new ExportStudyCompletedEvent(ID, S1, one.instancesExported(), one.instancesExcluded(), one.bytes(), 1, 2,
                "ref"));

        job(store).run(ID);

        assertThat(reads.get(S1).get()).isZero();
        assertThat(reads.get(S2).get()).as("the committed study is not read again").isZero();
        assertThat(sent).hasSize(3);
        ExportCommands.RecordStudyExported recorded = (ExportCommands.RecordStudyExported) sent.get(1);
        assertThat(recorded.study()).isEqualTo(S2);
        assertThat(recorded.bytes()).isEqualTo(two.bytes());
        assertThat(sent.get(2)).isInstanceOf(ExportCommands.Complete.class);
    }

    @Test
    void aStudyRecordedInTheEventsButMissingFromTheStoreFailsTheExport() {
        ExportStore store = new ExportStore(tmp);
        given(new ExportRequestedEvent(ID, new RegionId("local"), PLAN, RESEARCHER));
        given(new ExportStudyCompletedEvent(ID, S1, 13, 1, 1000, 1, 2, "ref"));

        job(store).run(ID);

        assertThat(sent).hasSize(2);
        assertThat(sent.get(1)).isEqualTo(new ExportCommands.Fail(ID, "STORE_INCONSISTENT"));
    }

    @Test
    void anExportTheAggregateDoesNotLetStartIsLeftAlone() {
        ExportStore store = new ExportStore(tmp);
        given(new ExportRequestedEvent(ID, new RegionId("local"), PLAN, RESEARCHER));
        startAnswer = ExportCommandResult.WRONG_STATE;

        job(store).run(ID);

        assertThat(sent).singleElement().isInstanceOf(ExportCommands.Start.class);
        assertThat(store.directory(ID)).doesNotExist();
    }

    @Test
    void anotherRegionsExportIsNotRunHere() {
        given(new ExportRequestedEvent(ID, new RegionId("eu-west"), PLAN, RESEARCHER));
        job(new ExportStore(tmp)).run(ID);
        assertThat(sent).isEmpty();
    }

    @Test
    void aJobInterruptedByShutdownRecordsNoFailure() {
        ExportStore store = new ExportStore(tmp);
        given(new ExportRequestedEvent(ID, new RegionId("local"), PLAN, RESEARCHER));
        ExportJob job = job(store);
        Thread.currentThread().interrupt();
        try {
            job.run(ID);
        } finally {
            Thread.interrupted();
        }
        assertThat(sent).singleElement().isInstanceOf(ExportCommands.Start.class);
    }

    @Test
    void anUnknownProfileOptionFailsWithItsCode() {
        given(new ExportRequestedEvent(ID, new RegionId("local"), new ExportPlan("lung-ai", "IRB-2026-17",
                Set.of("CLEAN_EVERYTHING"), List.of(S1), List.of(), false), RESEARCHER));
        job(new ExportStore(tmp)).run(ID);
        assertThat(sent.get(sent.size() - 1)).isEqualTo(new ExportCommands.Fail(ID, "UNKNOWN_PROFILE_OPTION"));
    }

    // ---------------------------------------------------------------- fixture

    private ExportJob job(ExportStore store) {
        CommandGateway commands = mock(CommandGateway.class);
        doAnswer(invocation -> {
            Object command = invocation.getArgument(0);
            sent.add(command);
            return command instanceof ExportCommands.Start ? startAnswer : ExportCommandResult.DONE;
        }).when(commands).sendAndWait(any());
        StudySources studies = new StudySources() {
            @Override
            public List<StudyExporter.SourceInstance> instances(TenantId tenant, StudyInstanceUid study) {
                reads.get(study).incrementAndGet();
                return sources(study.equals(S1) ? ExportCorpus.JOHANNA : ExportCorpus.RICHARD);
            }

            @Override
            public String patientRef(TenantId tenant, StudyInstanceUid study) {
                return "ref-" + study.value();
            }
        };
        return new ExportJob(commands, events, studies, store, new ProjectSecrets((scope, message) -> new byte[32]),
                new CorpusPixelPath(), new ExportPackage(store, json,
                        Clock.fixed(Instant.parse("2026-12-07T00:00:00Z"), ZoneOffset.UTC)),
                new StudyExporter(store, json, WORKERS, 4), "local", "test");
    }

    private io.custos.deidentify.release.InstanceRelease release() {
        return new io.custos.deidentify.release.InstanceRelease(new io.custos.deidentify.header.Deidentifier(
                io.custos.deidentify.profile.DeidentificationProfile.of(
                        io.custos.deidentify.profile.ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES),
                new ProjectSecrets((scope, message) -> new byte[32]).secretFor(
                        new io.custos.keys.KeyScope("acme", "local"),
                        new io.custos.deidentify.secret.ProjectId("lung-ai"))), new CorpusPixelPath());
    }

    private void given(Object payload) {
        events.publish(new GenericDomainEventMessage<>("ExportRequest", ID.value(), sequence.getAndIncrement(),
                payload));
    }

    private static List<StudyExporter.SourceInstance> sources(ExportCorpus.Patient patient) {
        try {
            return ExportCorpus.study(patient).stream().<StudyExporter.SourceInstance>map(b -> () -> b).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
