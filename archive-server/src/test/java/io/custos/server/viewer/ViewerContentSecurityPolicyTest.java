package io.custos.server.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ViewerContentSecurityPolicyTest {

    @Test
    void inlineScriptsAreAllowedByTheirHashOnly() {
        // sha256("window.PUBLIC_URL=\"/viewer/\"") in base64, computed independently with
        // printf '%s' 'window.PUBLIC_URL="/viewer/"' | openssl dgst -sha256 -binary | base64
        String html = "<html><head><script>window.PUBLIC_URL=\"/viewer/\"</script>"
                + "<script defer src=\"/viewer/app.js\"></script></head></html>";

        String csp = ViewerContentSecurityPolicy.forIndexHtml(html).headerValue();

        assertThat(csp).contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-" + EXPECTED_HASH + "';")
                .doesNotContain("'unsafe-eval'")
                .contains("connect-src 'self'", "frame-ancestors 'none'", "object-src 'none'");
    }

    @Test
    void theServedIndexHtmlGetsOneHashPerInlineScript() {
        String csp = ViewerContentSecurityPolicy.forIndexHtml(ViewerAssets.indexHtml()).headerValue();
        String scriptSrc = csp.substring(csp.indexOf("script-src"), csp.indexOf(';', csp.indexOf("script-src")));

        assertThat(scriptSrc.split("'sha256-", -1)).as("OHIF's two inline bootstrap scripts").hasSize(3);
    }

    private static final String EXPECTED_HASH = "Y6NyV1vZnXYTU8IFGPafhyKspBA0Wiz8mmksfAbrmPQ=";
}
