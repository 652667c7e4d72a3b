package io.custos.server.keys;

/** A key operation refused in the current state (HTTP 409); the refusal has been recorded as an event. */
final class KeyAdministrationConflictException extends RuntimeException {
    KeyAdministrationConflictException(String message) {
        super(message);
    }
}
