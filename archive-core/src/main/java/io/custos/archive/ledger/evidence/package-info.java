/**
 * Evidence bundles ({@code docs/ledger.md} "Evidence bundles"): a ZIP holding an audit question, the stored rows
 * of the events that answer it with their chain links and RFC 6962 inclusion proofs, the signed checkpoints those
 * proofs lead to, and the archive's signature over the whole; written as a stream and verified offline with the
 * ledger's public key alone.
 */
package io.custos.archive.ledger.evidence;
