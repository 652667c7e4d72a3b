package io.custos.deidentify.profile;

/**
 * What replaces Patient's Name (0010,0010), whose basic-profile action is Z (PS3.15 Table E.1-1): a zero-length
 * value, or the project pseudonym (a dummy value Z permits, which lets researchers tell patients apart).
 */
public enum PatientNamePolicy {
    PSEUDONYM,
    EMPTY
}
