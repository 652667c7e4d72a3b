package io.custos.deidentify.header;

import com.pixelmed.dicom.AttributeList;
import java.util.Set;

/**
 * The identifying values of one source instance, as the clean options collect them (see {@link IdentifyingText}):
 * each word of every person name anywhere in it (all component groups), and the whole values of the patient,
 * visit, order and study identifiers, the institution and the device. For steps outside the header walk that
 * must recognise the same values elsewhere, e.g. burned-in pixel text. The set holds PHI: never log it.
 */
public final class IdentifyingValues {

    private IdentifyingValues() {
    }

    /** Identifying values of {@code source}, whatever the profile's retain options; {@code source} is not modified. */
    public static Set<String> of(AttributeList source) {
        return Set.copyOf(IdentifyingText.allValues(source));
    }
}
