package io.custos.archive.domain;

/** A UID failed the PS3.5 9.1 syntax. The message names the attribute, never the value. */
public class InvalidUidException extends IllegalArgumentException {
    public InvalidUidException(String attribute) {
        super(attribute + " is not a valid DICOM UID (PS3.5 9.1)");
    }
}
