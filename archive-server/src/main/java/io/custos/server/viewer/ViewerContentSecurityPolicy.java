package io.custos.server.viewer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Content-Security-Policy of the viewer's pages. The bearer token lives in the tab's sessionStorage, so
 * script injection is the threat that matters: scripts only from this origin plus OHIF's two inline
 * bootstrap scripts, allowed by their SHA-256 (read from the index.html actually served, so a new OHIF version
 * cannot slip an unlisted inline script in); WebAssembly compilation for the image codecs
 * ({@code 'wasm-unsafe-eval'}, which allows no JavaScript eval); network access only to this origin (the
 * DICOMweb root is same-origin); no framing, no plugins, no foreign form targets. Styles allow inline
 * because OHIF's React components set style attributes.
 */
final class ViewerContentSecurityPolicy {

    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);

    private final String headerValue;

    private ViewerContentSecurityPolicy(String headerValue) {
        this.headerValue = headerValue;
    }

    static ViewerContentSecurityPolicy forIndexHtml(String indexHtml) {
        List<String> scriptSources = new ArrayList<>(List.of("'self'", "'wasm-unsafe-eval'"));
        Matcher m = INLINE_SCRIPT.matcher(indexHtml);
        while (m.find()) {
            scriptSources.add("'sha256-" + sha256Base64(m.group(1)) + "'");
        }
        String value = String.join("; ",
                "default-src 'self'",
                "script-src " + String.join(" ", scriptSources),
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self' data: blob:",
                "font-src 'self' data:",
                "connect-src 'self'",
                "worker-src 'self' blob:",
                "media-src 'self' blob:",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'");
        return new ViewerContentSecurityPolicy(value);
    }

    String headerValue() {
        return headerValue;
    }

    private static String sha256Base64(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
