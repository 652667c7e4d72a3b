package io.custos.server.security;

import java.util.stream.Stream;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * External mode as soon as any IdP location is configured: {@code custos.security.issuer-uri},
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code ...jwt.jwk-set-uri};
 * otherwise the embedded local issuer.
 */
final class IssuerMode {

    static final String CUSTOS_ISSUER_URI = "custos.security.issuer-uri";
    static final String SPRING_ISSUER_URI = "spring.security.oauth2.resourceserver.jwt.issuer-uri";
    static final String SPRING_JWK_SET_URI = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri";

    private IssuerMode() {
    }

    static boolean external(Environment environment) {
        return Stream.of(CUSTOS_ISSUER_URI, SPRING_ISSUER_URI, SPRING_JWK_SET_URI)
                .anyMatch(p -> StringUtils.hasText(environment.getProperty(p)));
    }

    static final class External implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return external(context.getEnvironment());
        }
    }

    static final class Local implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !external(context.getEnvironment());
        }
    }
}
