package io.custos.server.atna;

import io.custos.archive.study.api.InstanceStoredEvent;
import java.util.Optional;

/**
 * The pseudonymous patient reference of a stored instance, from its sealed attributes; empty when it has no
 * Patient ID or when its study was crypto-shredded before the message was sent (the key is gone).
 */
@FunctionalInterface
public interface StoredInstancePatients {
    Optional<String> patientRef(InstanceStoredEvent event);
}
