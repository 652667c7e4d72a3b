package io.custos.deidentify.packaging;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.util.TreeMap;

/**
 * Writes {@link ExportManifest} as JSON with a stable layout (sorted keys, files in path order), so that the
 * same export gives the same bytes and its SHA-256, recorded in the completion event, identifies it.
 */
public final class ManifestWriter {

    private final JsonMapper json = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    public byte[] write(ExportManifest manifest) {
        // Sets have no order: write the options sorted.
        var document = new TreeMap<String, Object>();
        document.put("format", "custos-export-manifest-v1");
        document.put("exportId", manifest.exportId());
        document.put("project", manifest.project());
        document.put("protocol", manifest.protocol());
        document.put("profileOptions", manifest.profileOptions().stream().sorted().toList());
        document.put("created", manifest.created().toString());
        document.put("files", manifest.files());
        document.put("splits", new TreeMap<>(manifest.splits()));
        document.put("counts", new TreeMap<>(manifest.counts()));
        return json.writeValueAsBytes(document);
    }
}
