package io.custos.server.export.job;

/** An export that cannot go on; the message is the reason code recorded in the export's failure event. */
final class ExportFailure extends RuntimeException {

    /** The export store cannot be written (disk full, permissions, ...). */
    static final String STORE_UNAVAILABLE = "STORE_UNAVAILABLE";
    /** A stored instance cannot be read or decrypted. */
    static final String SOURCE_UNREADABLE = "SOURCE_UNREADABLE";
    /** The project secret cannot be derived (key service unavailable). */
    static final String KEYS_UNAVAILABLE = "KEYS_UNAVAILABLE";
    /** The plan's project is not a valid project id of the de-identification (lowercase letters, digits, . _ -). */
    static final String INVALID_PROJECT = "INVALID_PROJECT";
    /** The plan names a profile option the de-identification does not know. */
    static final String UNKNOWN_PROFILE_OPTION = "UNKNOWN_PROFILE_OPTION";
    /** The events say a study is exported and the store does not hold it (or the reverse). */
    static final String STORE_INCONSISTENT = "STORE_INCONSISTENT";
    /** Anything else; the log names the exception class. */
    static final String EXPORT_ERROR = "EXPORT_ERROR";

    ExportFailure(String reason) {
        super(reason, null, false, false);
    }

    String reason() {
        return getMessage();
    }
}
