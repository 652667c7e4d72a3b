package io.custos.archive.study.api;

import io.custos.archive.ingest.api.IndexedAttribute;

import java.util.List;

/** Opens the sealed attributes of a study's event; fails closed if the key is gone or the bytes were altered. */
@FunctionalInterface
public interface AttributeOpener {

    List<IndexedAttribute> open(String studyId, SealedAttributes sealed);
}
