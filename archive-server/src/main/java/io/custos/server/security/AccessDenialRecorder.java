package io.custos.server.security;

/**
 * Audit port for refused requests. Every 401 and 403 produced by the HTTP security layer is reported
 * here before the response is written. The server implements it by publishing an audit event; a bean
 * of this type is required (there is deliberately no silent default, because every denial must be audited).
 */
public interface AccessDenialRecorder {

    void denied(AccessDenial denial);
}
