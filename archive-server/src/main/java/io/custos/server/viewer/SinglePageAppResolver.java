package io.custos.server.viewer;

import java.io.IOException;
import org.springframework.core.io.Resource;
import org.springframework.web.servlet.resource.PathResourceResolver;

/**
 * Resolves viewer paths to files, falling back to OHIF's index.html for its client-side routes
 * ({@code /viewer/}, {@code /viewer/viewer?StudyInstanceUIDs=...}, ...) and serving the login page at
 * {@code /viewer/login}. A missing file (a last path segment with a dot) stays a 404 rather than HTML
 * under a script's name.
 */
final class SinglePageAppResolver extends PathResourceResolver {

    static final String LOGIN_ROUTE = "login";
    private static final String LOGIN_PAGE = "login.html";

    @Override
    protected Resource getResource(String resourcePath, Resource location) throws IOException {
        Resource found = super.getResource(resourcePath, location);
        if (found != null) {
            return found;
        }
        if (LOGIN_ROUTE.equals(resourcePath)) {
            return super.getResource(LOGIN_PAGE, location);
        }
        if (isClientRoute(resourcePath)) {
            return super.getResource(ViewerAssets.INDEX_HTML, location);
        }
        return null;
    }

    static boolean isClientRoute(String resourcePath) {
        String lastSegment = resourcePath.substring(resourcePath.lastIndexOf('/') + 1);
        return lastSegment.indexOf('.') < 0;
    }
}
