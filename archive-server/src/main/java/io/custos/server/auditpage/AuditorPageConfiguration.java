package io.custos.server.auditpage;

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
 * Serves the auditor page at {@code /auditor/}: a few static files (HTML, CSS, JavaScript modules) that ask
 * the audit API ({@code /audit/**}, auditor role only) with the token the auditor gives the page. The files
 * are revalidated on every use, so a new build is picked up at once.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "custos.auditor-page.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AuditorPageProperties.class)
public class AuditorPageConfiguration implements WebMvcConfigurer {

    static final String URL_PREFIX = "/auditor/";
    static final String LOCATION = "classpath:/custos-auditor/";
    static final String INDEX_HTML = "index.html";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler(URL_PREFIX + "**")
                .addResourceLocations(LOCATION)
                .setCacheControl(CacheControl.noCache());
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/auditor", URL_PREFIX);
        // The resource handler refuses an empty path, so the page's root is forwarded to its file.
        registry.addViewController(URL_PREFIX).setViewName("forward:" + URL_PREFIX + INDEX_HTML);
    }

    @Bean
    FilterRegistrationBean<AuditorPageHeaders> auditorPageHeaders() {
        FilterRegistrationBean<AuditorPageHeaders> registration = new FilterRegistrationBean<>(new AuditorPageHeaders());
        registration.addUrlPatterns("/auditor", "/auditor/*");
        return registration;
    }
}
