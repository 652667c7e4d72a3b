package io.custos.query.audit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where the next page starts: the index of the time bucket within the question's buckets and the driver's
 * paging state inside it (empty at the start of a bucket). The driver's "safe" paging state is checked
 * against the statement it is used with, so a token cannot move a reader to another partition or tenant.
 */
record PageToken(int bucketIndex, String pagingState) {

    private static final String VERSION = "a1";

    static final PageToken FIRST = new PageToken(0, "");

    String encode() {
        String raw = VERSION + "|" + bucketIndex + "|" + pagingState;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    static PageToken decode(String token) {
        if (token == null || token.isEmpty()) {
            return FIRST;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
            String[] parts = raw.split("\\|", -1);
            if (parts.length != 3 || !parts[0].equals(VERSION)) {
                throw new InvalidPageTokenException();
            }
            int index = Integer.parseInt(parts[1]);
            if (index < 0) {
                throw new InvalidPageTokenException();
            }
            return new PageToken(index, parts[2]);
        } catch (IllegalArgumentException e) {
            throw new InvalidPageTokenException();
        }
    }
}
