package io.custos.archive.ingest.stow;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Just enough of RFC 9110 8.3.1 media type parsing for multipart/related and its parameters. */
record MediaType(String essence, Map<String, String> parameters) {

    static MediaType parse(String value) {
        if (value == null || value.isBlank()) {
            return new MediaType("", Map.of());
        }
        String[] pieces = value.split(";(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 1; i < pieces.length; i++) {
            int eq = pieces[i].indexOf('=');
            if (eq > 0) {
                String v = pieces[i].substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                params.put(pieces[i].substring(0, eq).trim().toLowerCase(Locale.ROOT), v);
            }
        }
        return new MediaType(pieces[0].trim().toLowerCase(Locale.ROOT), Map.copyOf(params));
    }

    Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }
}
