package io.custos.deidentify.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfidentialityTableTest {

    private final ConfidentialityTable table = ConfidentialityTable.standard();

    private Action action(int group, int element, ProfileOption... options) {
        return table.ruleFor(group, element).orElseThrow().actionFor(DeidentificationProfile.of(options));
    }

    @Test
    void holdsTheWholeTranscribedTable() {
        assertThat(table.size()).isGreaterThanOrEqualTo(455);
    }

    @Test
    void basicProfileActionsFollowTableE11() {
        assertThat(action(0x0010, 0x0010)).isEqualTo(Action.EMPTY);          // Patient's Name: Z
        assertThat(action(0x0008, 0x0018)).isEqualTo(Action.REMAP_UID);      // SOP Instance UID: U
        assertThat(action(0x0008, 0x1030)).isEqualTo(Action.REMOVE);         // Study Description: X
        assertThat(action(0x0008, 0x0080)).isEqualTo(Action.DUMMY);          // Institution Name: X/Z/D
        assertThat(action(0x0008, 0x0022)).isEqualTo(Action.EMPTY);          // Acquisition Date: X/Z
        assertThat(action(0x0008, 0x1140)).isEqualTo(Action.REMAP_UID);      // Referenced Image Sequence: X/Z/U*
        assertThat(action(0x0040, 0xA730)).isEqualTo(Action.DUMMY);          // Content Sequence: D
    }

    @Test
    void eachOptionOverridesItsColumn() {
        assertThat(action(0x0008, 0x0018, ProfileOption.RETAIN_UIDS)).isEqualTo(Action.KEEP);
        assertThat(action(0x0008, 0x0080, ProfileOption.RETAIN_INSTITUTION_IDENTITY)).isEqualTo(Action.KEEP);
        assertThat(action(0x0008, 0x1010, ProfileOption.RETAIN_DEVICE_IDENTITY)).isEqualTo(Action.KEEP);
        assertThat(action(0x0010, 0x0040, ProfileOption.RETAIN_PATIENT_CHARACTERISTICS)).isEqualTo(Action.KEEP);
        assertThat(action(0x0008, 0x0020, ProfileOption.RETAIN_LONGITUDINAL_FULL_DATES)).isEqualTo(Action.KEEP);
        assertThat(action(0x0008, 0x0020, ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES)).isEqualTo(Action.CLEAN);
        assertThat(action(0x0008, 0x1030, ProfileOption.CLEAN_DESCRIPTORS)).isEqualTo(Action.CLEAN);
        assertThat(action(0x0040, 0xA730, ProfileOption.CLEAN_STRUCTURED_CONTENT)).isEqualTo(Action.CLEAN);
        assertThat(action(0x0070, 0x0001, ProfileOption.CLEAN_GRAPHICS)).isEqualTo(Action.CLEAN);
        // An option leaves the rows it does not name alone.
        assertThat(action(0x0010, 0x0010, ProfileOption.RETAIN_UIDS, ProfileOption.CLEAN_DESCRIPTORS))
                .isEqualTo(Action.EMPTY);
        // Retain UIDs removes the Referenced Patient Sequence outright.
        assertThat(action(0x0008, 0x1120, ProfileOption.RETAIN_UIDS)).isEqualTo(Action.REMOVE);
    }

    @Test
    void repeatingGroupsMatchEveryEvenGroupOfTheirRange() {
        assertThat(action(0x6002, 0x3000)).isEqualTo(Action.REMOVE);
        assertThat(action(0x6002, 0x3000, ProfileOption.CLEAN_GRAPHICS)).isEqualTo(Action.CLEAN);
        assertThat(action(0x501E, 0x3000)).isEqualTo(Action.REMOVE);
        assertThat(table.ruleFor(0x6000, 0x0010)).isEmpty();
        assertThat(table.ruleFor(0x0028, 0x0010)).isEmpty();
    }

    @Test
    void actionCodesResolveToTheConformanceKeepingChoice() {
        assertThat(Action.fromCode("X/Z")).isEqualTo(Action.EMPTY);
        assertThat(Action.fromCode("X/D")).isEqualTo(Action.DUMMY);
        assertThat(Action.fromCode("Z/D")).isEqualTo(Action.DUMMY);
        assertThat(Action.fromCode("X/Z/D")).isEqualTo(Action.DUMMY);
        assertThat(Action.fromCode("X/Z/U*")).isEqualTo(Action.REMAP_UID);
        assertThatThrownBy(() -> Action.fromCode("Q")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void profileRecordsItsCodesAndRefusesBothDateOptions() {
        assertThat(DeidentificationProfile.of(ProfileOption.CLEAN_GRAPHICS, ProfileOption.RETAIN_UIDS).methodCodes())
                .extracting(MethodCode::value).containsExactly("113100", "113110", "113103");
        assertThat(DeidentificationProfile.of().methodCodes()).containsExactly(MethodCode.BASIC_PROFILE);
        assertThatThrownBy(() -> DeidentificationProfile.of(ProfileOption.RETAIN_LONGITUDINAL_FULL_DATES,
                ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cid7050CodesAreThoseOfTheStandard() {
        // PS3.16 CID 7050 De-identification Method.
        assertThat(ProfileOption.RETAIN_SAFE_PRIVATE.code().value()).isEqualTo("113111");
        assertThat(ProfileOption.RETAIN_UIDS.code().value()).isEqualTo("113110");
        assertThat(ProfileOption.RETAIN_DEVICE_IDENTITY.code().value()).isEqualTo("113109");
        assertThat(ProfileOption.RETAIN_INSTITUTION_IDENTITY.code().value()).isEqualTo("113112");
        assertThat(ProfileOption.RETAIN_PATIENT_CHARACTERISTICS.code().value()).isEqualTo("113108");
        assertThat(ProfileOption.RETAIN_LONGITUDINAL_FULL_DATES.code().value()).isEqualTo("113106");
        assertThat(ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES.code().value()).isEqualTo("113107");
        assertThat(ProfileOption.CLEAN_DESCRIPTORS.code().value()).isEqualTo("113105");
        assertThat(ProfileOption.CLEAN_STRUCTURED_CONTENT.code().value()).isEqualTo("113104");
        assertThat(ProfileOption.CLEAN_GRAPHICS.code().value()).isEqualTo("113103");
    }
}
