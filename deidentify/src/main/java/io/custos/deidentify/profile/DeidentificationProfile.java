package io.custos.deidentify.profile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The profile a research protocol chose: the Basic Application Level Confidentiality Profile (always) plus the
 * PS3.15 E.3 options in {@code options}.
 */
public record DeidentificationProfile(Set<ProfileOption> options, PatientNamePolicy patientName) {

    public DeidentificationProfile {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(patientName, "patientName");
        options = options.isEmpty()
                ? Collections.unmodifiableSet(EnumSet.noneOf(ProfileOption.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(options));
        if (options.contains(ProfileOption.RETAIN_LONGITUDINAL_FULL_DATES)
                && options.contains(ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES)) {
            // PS3.15 E.3.6 offers the two as alternatives: dates cannot be both kept and shifted.
            throw new IllegalArgumentException("choose either full or modified dates, not both");
        }
    }

    /** The basic profile with the given options, patient name replaced by the pseudonym. */
    public static DeidentificationProfile of(ProfileOption... options) {
        return new DeidentificationProfile(options.length == 0
                ? EnumSet.noneOf(ProfileOption.class) : EnumSet.copyOf(List.of(options)), PatientNamePolicy.PSEUDONYM);
    }

    public DeidentificationProfile withPatientName(PatientNamePolicy policy) {
        return new DeidentificationProfile(options, policy);
    }

    public boolean has(ProfileOption option) {
        return options.contains(option);
    }

    /** The CID 7050 codes to record: the basic profile first, then each option in declaration order. */
    public List<MethodCode> methodCodes() {
        List<MethodCode> codes = new ArrayList<>();
        codes.add(MethodCode.BASIC_PROFILE);
        for (ProfileOption option : ProfileOption.values()) {
            if (options.contains(option)) {
                codes.add(option.code());
            }
        }
        return List.copyOf(codes);
    }
}
