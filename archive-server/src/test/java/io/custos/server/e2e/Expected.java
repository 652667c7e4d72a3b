package io.custos.server.e2e;

import io.custos.archive.ingest.api.RejectionReason;

/**
 * What must happen to one corpus file sent over one channel, derived before sending.
 *
 * @param outcome what the archive (or the sender) must do with it
 * @param reason  the refusal reason for {@link Outcome#REFUSED}, else null
 * @param facts   dcmdump's reading of the file (null for files dcmdump cannot read)
 */
record Expected(CorpusFile file, Outcome outcome, RejectionReason reason, DcmdumpFacts facts) {

    enum Outcome {
        /** First instance with its SOP Instance UID: stored, and the one QIDO-RS shows. */
        STORED,
        /** Byte-identical to an instance stored before: success, nothing new stored. */
        ALREADY_STORED,
        /** Refused by the archive with {@link #reason()}. */
        REFUSED,
        /** The sender (dcmsend) refuses the file itself; it never reaches the archive. */
        NOT_SENT
    }

    static Expected stored(CorpusFile file, DcmdumpFacts facts) {
        return new Expected(file, Outcome.STORED, null, facts);
    }

    static Expected alreadyStored(CorpusFile file, DcmdumpFacts facts) {
        return new Expected(file, Outcome.ALREADY_STORED, null, facts);
    }

    static Expected refused(CorpusFile file, RejectionReason reason, DcmdumpFacts facts) {
        return new Expected(file, Outcome.REFUSED, reason, facts);
    }

    static Expected notSent(CorpusFile file) {
        return new Expected(file, Outcome.NOT_SENT, null, null);
    }

    boolean success() {
        return outcome == Outcome.STORED || outcome == Outcome.ALREADY_STORED;
    }

    /** The status the sender must see: C-STORE status (PS3.4 B.2.3) or STOW-RS Failure Reason (PS3.18 10.5.3). */
    int status() {
        return outcome == Outcome.REFUSED ? reason.dicomStatus() : 0x0000;
    }

    String sop() {
        return facts.require("SOPInstanceUID");
    }
}
