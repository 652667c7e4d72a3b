package io.custos.deidentify.profile;

import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The safe list for free-text attributes that Table E.1-1 does not name ({@code safe-attributes.txt}): Custos
 * keeps only what is known to be safe (PS3.15 E.1.1 Note 5), and empties any other unlisted text.
 */
public final class SafeAttributes {

    private static final String RESOURCE = "safe-attributes.txt";
    private static final SafeAttributes STANDARD = load();

    private final Set<AttributeTag> tags;

    private SafeAttributes(Set<AttributeTag> tags) {
        this.tags = Set.copyOf(tags);
    }

    public static SafeAttributes standard() {
        return STANDARD;
    }

    public boolean contains(AttributeTag tag) {
        return tags.contains(tag);
    }

    private static SafeAttributes load() {
        try (InputStream in = SafeAttributes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Set<AttributeTag> tags = new HashSet<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String keyword = line.strip();
                if (keyword.isEmpty() || keyword.startsWith("#")) {
                    continue;
                }
                AttributeTag tag = DicomDictionary.StandardDictionary.getTagFromName(keyword);
                if (tag == null) {
                    throw new IllegalStateException("unknown keyword in " + RESOURCE + ": " + keyword);
                }
                tags.add(tag);
            }
            return new SafeAttributes(tags);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
