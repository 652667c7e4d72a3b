package io.custos.query.wado;

import io.custos.query.wado.WadoRead.ReadOutcome;

/** A WADO-RS request that cannot be answered; the detail is sent to the client, so it never holds PHI. */
final class WadoException extends RuntimeException {

    private final int status;
    private final ReadOutcome outcome;

    private WadoException(int status, ReadOutcome outcome, String detail) {
        super(detail);
        this.status = status;
        this.outcome = outcome;
    }

    static WadoException notFound(String what) {
        return new WadoException(404, ReadOutcome.NOT_FOUND, what + " not found");
    }

    static WadoException notAcceptable(String detail) {
        return new WadoException(406, ReadOutcome.NOT_ACCEPTABLE, detail);
    }

    static WadoException badRequest(String detail) {
        return new WadoException(400, ReadOutcome.BAD_REQUEST, detail);
    }

    int status() {
        return status;
    }

    ReadOutcome outcome() {
        return outcome;
    }
}
