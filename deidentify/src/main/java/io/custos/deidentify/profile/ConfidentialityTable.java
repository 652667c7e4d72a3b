package io.custos.deidentify.profile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PS3.15 Table E.1-1 loaded once from {@code confidentiality-profile-attributes.tsv} (see the comment there for
 * its edition). Rows with an {@code XX} group (curves 50xx, overlays 60xx) match every even group of that range.
 */
public final class ConfidentialityTable {

    private static final String RESOURCE = "confidentiality-profile-attributes.tsv";
    private static final ConfidentialityTable STANDARD = load();

    private final Map<Integer, AttributeRule> exact;
    private final Map<Integer, AttributeRule> repeatingGroups;

    private ConfidentialityTable(Map<Integer, AttributeRule> exact, Map<Integer, AttributeRule> repeatingGroups) {
        this.exact = Map.copyOf(exact);
        this.repeatingGroups = Map.copyOf(repeatingGroups);
    }

    /** The table as shipped. */
    public static ConfidentialityTable standard() {
        return STANDARD;
    }

    /** The rule for a standard (even-group) attribute, if the table lists it. */
    public Optional<AttributeRule> ruleFor(int group, int element) {
        AttributeRule rule = exact.get(group << 16 | element);
        if (rule == null && group % 2 == 0 && (group & 0xFF00) == 0x5000) {
            rule = repeatingGroups.get(0x5000 << 16);
        }
        if (rule == null && group % 2 == 0 && (group & 0xFF00) == 0x6000) {
            rule = repeatingGroups.get(0x6000 << 16 | element);
        }
        return Optional.ofNullable(rule);
    }

    public int size() {
        return exact.size() + repeatingGroups.size();
    }

    private static ConfidentialityTable load() {
        try (InputStream in = ConfidentialityTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<Integer, AttributeRule> exact = new HashMap<>();
            Map<Integer, AttributeRule> repeating = new HashMap<>();
            List<String> header = null;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                List<String> cells = List.of(line.split("\t", -1));
                if (header == null) {
                    header = cells;
                    continue;
                }
                AttributeRule rule = rule(header, cells);
                String tag = rule.tag();
                if (tag.contains("X")) {
                    repeating.put(key(tag.replace('X', '0')), rule);
                } else if (exact.put(key(tag), rule) != null) {
                    throw new IllegalStateException("tag listed twice in " + RESOURCE + ": " + tag);
                }
            }
            return new ConfidentialityTable(exact, repeating);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AttributeRule rule(List<String> header, List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalStateException("row of " + cells.size() + " cells, header has " + header.size());
        }
        Map<ProfileOption, String> options = new EnumMap<>(ProfileOption.class);
        for (ProfileOption option : ProfileOption.values()) {
            int column = header.indexOf(option.column());
            if (column < 0) {
                throw new IllegalStateException("no column " + option.column() + " in " + RESOURCE);
            }
            if (!cells.get(column).equals("-")) {
                options.put(option, cells.get(column));
            }
        }
        return new AttributeRule(cells.get(0), cells.get(1), cells.get(2), options);
    }

    private static int key(String hex) {
        return (int) Long.parseLong(hex, 16);
    }
}
