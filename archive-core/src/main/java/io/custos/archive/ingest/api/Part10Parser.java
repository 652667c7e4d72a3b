package io.custos.archive.ingest.api;

/**
 * Edge validation of one received object (PS3.10 file: preamble, "DICM", meta header, data set).
 * Implementations read the whole object and refuse anything they could not read to its last byte.
 */
public interface Part10Parser {

    ParsedInstance parse(byte[] part10Bytes) throws InstanceRejectedException;
}
