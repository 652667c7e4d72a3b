package io.custos.server.runtime;

import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;

/**
 * The serializer of the token store: Jackson 3 that may resolve polymorphic values to Axon's own event-handling
 * types and nothing else.
 *
 * <p>Why it exists: {@code ReplayToken} (what a reset writes) declares its {@code context} as
 * {@code Object} with class-name typing. Jackson 3's default validator refuses every subtype of
 * {@code Object}, so the general serializer writes a ReplayToken it can never read back; a processor that
 * restarts over one cannot claim its segment and stops for good. An allow-list of Axon's
 * {@code org.axonframework.eventhandling} package (GapAwareTrackingToken, ReplayToken, MergedTrackingToken,
 * GlobalSequenceTrackingToken, ...) reads every token Axon writes while keeping arbitrary classes out.
 * A reset context other than {@code null} or an Axon type is therefore refused; Custos passes none.
 */
public final class TrackingTokenSerializer {

    static final String ALLOWED_PACKAGE = "org.axonframework.eventhandling.";

    private TrackingTokenSerializer() {
    }

    public static Serializer create() {
        PolymorphicTypeValidator axonTokensOnly = BasicPolymorphicTypeValidator.builder()
                .allowIfSubType(ALLOWED_PACKAGE)
                .build();
        return Jackson3Serializer.builder()
                .jsonMapperBuilderCustomizer(mapper -> mapper.polymorphicTypeValidator(axonTokensOnly))
                .build();
    }
}
