package io.custos.archive.export.api;

/** The answer of the export aggregate to a command; every refusal is also an event. */
public enum ExportCommandResult {
    DONE,
    /** The same step again (a restarted job, a repeated progress report): nothing new recorded. */
    ALREADY_DONE,
    /** The approver is the requester: four eyes are two people. */
    SAME_PERSON,
    /** The actor lacks the role the step needs. */
    WRONG_ROLE,
    /** The step does not apply in the request's current state (e.g. approving a running export). */
    WRONG_STATE,
    /** A study that is not part of the approved plan. */
    NOT_IN_PLAN
}
