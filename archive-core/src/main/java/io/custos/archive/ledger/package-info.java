/**
 * The tamper-evident ledger's core (issue 5), pure and without I/O: per (tenant, region) hash chains over the
 * stored event bytes ({@link io.custos.archive.ledger.ChainLink}), RFC 6962 Merkle trees with inclusion proofs,
 * Ed25519-signed checkpoints, and the verifier that names the first inconsistency (modified, missing, inserted,
 * reordered, checkpoint invalid or missing). Not wired yet: the sealer processor that feeds it from the event
 * store, the write-once checkpoint store and the {@code verify} CLI come next.
 */
package io.custos.archive.ledger;
