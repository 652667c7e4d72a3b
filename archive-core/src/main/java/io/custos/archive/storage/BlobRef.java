package io.custos.archive.storage;

import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.TenantId;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an instance's encrypted bytes live: {@code region/tenant/dataKeyId/sha256.dcm.enc}. Content
 * addressed within a study's key, so a byte-identical re-send maps to the same object. No UID or other
 * PHI appears in the path; the data key id links the object to its study for orphan checks.
 */
public record BlobRef(RegionId region, TenantId tenant, String dataKeyId, String sha256) {

    private static final Pattern FORM = Pattern.compile("([a-z0-9-]+)/([a-z0-9-]+)/([A-Za-z0-9-]+)/([0-9a-f]{64})\\.dcm\\.enc");

    public String value() {
        return region.value() + "/" + tenant.value() + "/" + dataKeyId + "/" + sha256 + ".dcm.enc";
    }

    /** Authenticated as associated data, so an object copied under another name does not decrypt. */
    public byte[] associatedData() {
        return value().getBytes(StandardCharsets.US_ASCII);
    }

    public static BlobRef parse(String value) {
        Matcher m = FORM.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a Custos blob reference");
        }
        return new BlobRef(new RegionId(m.group(1)), new TenantId(m.group(2)), m.group(3), m.group(4));
    }

    @Override
    public String toString() {
        return value();
    }
}
