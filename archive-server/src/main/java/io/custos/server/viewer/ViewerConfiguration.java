package io.custos.server.viewer;

import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the OHIF viewer at {@code /viewer/} (docs/viewer.md).
 *
 * <p>Caching: OHIF's content-hashed bundles, wasm codecs and fonts never change under their name and are
 * cached for a year as immutable; everything else (index.html, app-config.js, the login page, unhashed
 * assets) is revalidated on every use against a content ETag, so a new build is picked up at once.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "custos.viewer.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ViewerProperties.class)
public class ViewerConfiguration implements WebMvcConfigurer {

    /** Names with a 16-hex content hash, as OHIF's build emits them: 89.bundle.b327bf3664812958.js, 0ddf166f7a343eda.wasm. */
    static final String[] IMMUTABLE_PATTERNS = {
            "/viewer/{file:[0-9a-z-]+\\.bundle\\.[0-9a-f]{16}\\.js}",
            "/viewer/{file:[0-9a-f]{16}\\.(?:wasm|woff2)}",
    };

    private final ContentEtags etags = new ContentEtags();

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler(IMMUTABLE_PATTERNS)
                .addResourceLocations(ViewerAssets.DIST_LOCATION)
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
                .setUseLastModified(false);
        registry.addResourceHandler("/viewer/**")
                .addResourceLocations(ViewerAssets.SHELL_LOCATION, ViewerAssets.DIST_LOCATION)
                .setCacheControl(CacheControl.noCache())
                .setUseLastModified(false)
                .setEtagGenerator(etags)
                // No resolver cache: its key would be any path a client invents (client routes fall back to index.html).
                .resourceChain(false)
                .addResolver(new SinglePageAppResolver());
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/viewer", ViewerAssets.URL_PREFIX);
        // The resource handler refuses an empty path, so the viewer's root is forwarded to its page.
        registry.addViewController(ViewerAssets.URL_PREFIX).setViewName("forward:" + ViewerAssets.URL_PREFIX + ViewerAssets.INDEX_HTML);
    }

    @Bean
    FilterRegistrationBean<ViewerResponseHeaders> viewerResponseHeaders() {
        ViewerContentSecurityPolicy policy = ViewerContentSecurityPolicy.forIndexHtml(ViewerAssets.indexHtml());
        FilterRegistrationBean<ViewerResponseHeaders> registration = new FilterRegistrationBean<>(new ViewerResponseHeaders(policy));
        registration.addUrlPatterns("/viewer", "/viewer/*");
        return registration;
    }
}
