package io.custos.archive.domain;

import java.util.regex.Pattern;

/**
 * UID syntax of PS3.5 section 9.1: at most 64 characters, dot-separated numeric components, no leading
 * zero in a multi-digit component. Values never go into messages: a UID can identify a patient's study.
 */
public final class DicomUid {

    private static final Pattern SYNTAX = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");

    private DicomUid() {
    }

    public static boolean isValid(String uid) {
        return uid != null && !uid.isEmpty() && uid.length() <= 64 && SYNTAX.matcher(uid).matches();
    }

    static String require(String uid, String what) {
        if (!isValid(uid)) {
            throw new InvalidUidException(what);
        }
        return uid;
    }
}
