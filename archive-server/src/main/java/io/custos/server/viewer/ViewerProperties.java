package io.custos.server.viewer;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The OHIF viewer served at {@code /viewer}.
 *
 * @param enabled serve the viewer (its files are public, they hold no data; every DICOMweb call it makes
 *                carries the user's bearer token)
 */
@ConfigurationProperties("custos.viewer")
public record ViewerProperties(@DefaultValue("true") boolean enabled) {
}
