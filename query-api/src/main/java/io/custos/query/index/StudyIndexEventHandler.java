package io.custos.query.index;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import io.custos.archive.domain.TenantId;
import io.custos.archive.ingest.api.IndexedAttribute;
import io.custos.archive.retention.api.StudyDeletedEvent;
import io.custos.archive.study.api.AttributeOpener;
import io.custos.archive.study.api.InstanceStoredEvent;
import io.custos.keys.DataKeyNotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Feeds the study index from the event stream. Thin on purpose: it opens the sealed attributes and hands a
 * plain {@link IndexedInstance} to the projection. The event's timestamp, not the clock, is the stored time,
 * so a replay writes exactly what the first run wrote.
 *
 * <p>The rows of a whole processor batch are collected here and sent together when the batch's unit of work
 * prepares to commit, i.e. before the processor stores its token, in as few Cassandra requests as the batch
 * limits allow ({@link StudyIndexProjection#write}). A failed write fails the batch, the token stays where it
 * was and the batch is handled again (the writes are idempotent). Outside a unit of work (a direct call) the
 * rows are written at once.
 */
@ProcessingGroup(StudyIndexEventHandler.PROCESSING_GROUP)
public class StudyIndexEventHandler {

    public static final String PROCESSING_GROUP = "study-index";
    private static final String PENDING_ROWS = StudyIndexEventHandler.class.getName() + ".pendingRows";
    private static final String PENDING_LOOKUP_KEYS = StudyIndexEventHandler.class.getName() + ".pendingLookupKeys";

    private final StudyIndexProjection projection;
    private final AttributeOpener opener;

    public StudyIndexEventHandler(StudyIndexProjection projection,
                                  AttributeOpener opener) {
        this.projection = projection;
        this.opener = opener;
    }

    @EventHandler
    public void on(InstanceStoredEvent event, @Timestamp Instant storedAt) {
        List<IndexedAttribute> attributes;
        try {
            attributes = opener.open(event.studyId(), event.attributes());
        } catch (DataKeyNotFoundException shredded) {
            // A replay meets an instance of a study deleted since: its key is destroyed, and the deletion event
            // further on removes whatever rows the study has. Nothing to index.
            return;
        }
        IndexedInstance instance = new IndexedInstance(event.tenant(), event.region(), event.study(), event.series(),
                event.sop(), event.sopClass(), event.transferSyntax(), event.sizeBytes(), storedAt, attributes);
        StudyIndexProjection.InstanceRows rows = projection.rowsOf(instance);
        if (CurrentUnitOfWork.isStarted()) {
            pendingLookupKeys().computeIfAbsent(studyKey(event.tenant(), event.study().value()),
                    k -> new LinkedHashSet<>()).addAll(rows.lookupKeys());
        }
        writeBeforeCommit(rows.statements());
    }

    /**
     * The study's lookup rows are keyed by its PatientID and AccessionNumber values, which the deletion event does
     * not carry: they come from the stored study row, and from the rows this batch has not written yet.
     */
    @EventHandler
    public void on(StudyDeletedEvent event, @Timestamp Instant deletedAt) {
        String study = event.study().value();
        Set<StudyLookupKey> keys = new LinkedHashSet<>(projection.storedLookupKeys(event.tenant(), study));
        if (CurrentUnitOfWork.isStarted()) {
            keys.addAll(pendingLookupKeys().getOrDefault(studyKey(event.tenant(), study), Set.of()));
        }
        writeBeforeCommit(projection.removalOf(event.tenant(), study, deletedAt, keys));
    }

    private static Map<String, Set<StudyLookupKey>> pendingLookupKeys() {
        return CurrentUnitOfWork.get().root().getOrComputeResource(PENDING_LOOKUP_KEYS, key -> new HashMap<>());
    }

    private static String studyKey(TenantId tenant, String studyUid) {
        return tenant.value() + "/" + studyUid;
    }

    private void writeBeforeCommit(List<BoundStatement> rows) {
        if (!CurrentUnitOfWork.isStarted()) {
            projection.write(rows).join();
            return;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        batch.<List<BoundStatement>>getOrComputeResource(PENDING_ROWS, key -> {
            List<BoundStatement> pending = new ArrayList<>();
            batch.onPrepareCommit(unitOfWork -> projection.write(pending).join());
            return pending;
        }).addAll(rows);
    }
}
