package io.custos.deidentify.profile;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row of PS3.15 Table E.1-1: the basic profile's action and the actions of the options that change it.
 */
public record AttributeRule(String tag, String name, String basicCode, Map<ProfileOption, String> optionCodes) {

    public AttributeRule {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(name, "name");
        Action.fromCode(basicCode);
        optionCodes.values().forEach(Action::fromCode);
        optionCodes = optionCodes.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(optionCodes));
    }

    /**
     * The action under {@code profile}. "A requirement for an Option, when implemented, overrides any requirement
     * for the underlying Profile" (PS3.15 E.1.1); where two chosen options both speak (e.g. Retain UIDs and
     * Retain Device Identity on Device UID) they agree in the table, and the first in option order is taken.
     */
    public Action actionFor(DeidentificationProfile profile) {
        for (ProfileOption option : ProfileOption.values()) {
            String code = optionCodes.get(option);
            if (code != null && profile.has(option)) {
                return Action.fromCode(code);
            }
        }
        return Action.fromCode(basicCode);
    }
}
