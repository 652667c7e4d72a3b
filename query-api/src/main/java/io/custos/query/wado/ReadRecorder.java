package io.custos.query.wado;

/**
 * The seam for the access trail (issue 3, "Access events"). Every WADO-RS request that passed security is
 * reported exactly once, in one of two ways:
 * <ul>
 *   <li>it discloses data: {@link #disclosing} is called on the request thread after the request has
 *       resolved what it will send and <em>before the first byte of data is written</em>; the returned
 *       {@link Disclosure} is told how it ended;</li>
 *   <li>it ends without disclosing anything (404, 406, 400, or a failure before the first byte):
 *       {@link #endedWithoutData}.</li>
 * </ul>
 * Audit first: {@link #disclosing} returns only once the disclosure is durably recorded, and if it throws
 * the request fails with 500 and no data is sent. Refusals by the security layer (401/403) never reach a
 * controller; the server's denial auditor records them.
 *
 * <p>Implementations must not log PHI; the UIDs in a {@link WadoRead} are identifiers for the audit trail,
 * not for logs.
 */
public interface ReadRecorder {

    /** {@code planned}: outcome SUCCESS with the instances, frames and payload bytes about to be sent. */
    Disclosure disclosing(WadoRead planned);

    void endedWithoutData(WadoRead ended);

    /** A disclosure under way. */
    @FunctionalInterface
    interface Disclosure {
        /** {@code actual}: what was really sent and how it ended (FAILED when the client went away). */
        void ended(WadoRead actual);
    }
}
