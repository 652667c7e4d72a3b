/**
 * The tamper-evident ledger (issue 5): per (tenant, region) hash chains over the
 * stored event bytes ({@link io.custos.archive.ledger.ChainLink}), RFC 6962 Merkle trees with inclusion proofs,
 * Ed25519-signed checkpoints, and the verifier that names the first inconsistency (modified, missing, inserted,
 * reordered, checkpoint invalid or missing); the sealer that feeds the chains from PostgreSQL's event table
 * ({@link io.custos.archive.ledger.LedgerSealer}, {@code jdbc.JdbcLedger}) and the write-once checkpoint
 * directory; evidence bundles ({@code evidence}: the events behind an audit answer with their inclusion proofs and
 * checkpoints, verified offline). The scheduled sealer, the bundle export and the {@code verify} and
 * {@code verify-bundle} CLIs live in archive-server.
 */
package io.custos.archive.ledger;
