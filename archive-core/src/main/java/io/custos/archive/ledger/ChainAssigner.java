package io.custos.archive.ledger;

/** Which chain an event belongs to, read from its stored bytes (its tenant and region). */
@FunctionalInterface
public interface ChainAssigner {
    ChainId chainOf(StoredEvent event);
}
