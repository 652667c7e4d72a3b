/**
 * Research export (issue 6): a researcher requests a de-identified export of studies for a project under a
 * protocol; a data steward who is not the requester approves or rejects it; a background job exports study by
 * study, restartable and idempotent per study, and completes or fails; every download is recorded. Each step
 * is an event of the {@code ExportRequest} aggregate, so the audit trail answers "what left, for whom, approved
 * by whom, with which de-identification". The events name studies and counts, never PHI.
 */
package io.custos.archive.export;
