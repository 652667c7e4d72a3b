package io.custos.archive.ledger;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the verifier reads of one chain, in pieces no larger than one checkpoint's range, so that verifying a
 * ledger of any size needs memory for one checkpoint at a time (plus the rows no link names).
 */
public interface ChainSource {

    /** The recorded links at positions {@code first..last}, in order (fewer if the chain is shorter). */
    List<ChainLink> links(long first, long last);

    /** The store's rows with these event ids, by id (ids not in the store are absent). */
    Map<String, StoredEvent> events(Collection<String> eventIds);

    /** The chain's rows that no recorded link names (pending, or forged), in global index order. */
    List<StoredEvent> unsealed();
}
