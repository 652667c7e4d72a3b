package io.custos.server.audit;

import io.custos.archive.access.api.QueryKey;
import io.custos.keys.KeyScope;
import io.custos.keys.KeyedHash;

/**
 * How the trail keeps a search key whose value may be PHI (PatientName, PatientID…): the key in clear, the value
 * only as a keyed hash of the tenant and region. QIDO-RS searches and export selections hash the same way, so an
 * auditor can find every search and every export selected by one value with one hash.
 */
public final class SearchKeys {

    /** The purpose label of the keyed hash of search values. */
    public static final String VALUE_PURPOSE = "qido-value";

    private SearchKeys() {
    }

    public static QueryKey hashed(KeyedHash hash, KeyScope scope, String key, String value) {
        return new QueryKey(key, null, hash.hash(scope, VALUE_PURPOSE, value));
    }
}
