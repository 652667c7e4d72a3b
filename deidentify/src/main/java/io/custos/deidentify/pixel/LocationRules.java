package io.custos.deidentify.pixel;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import java.awt.Rectangle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where known device layouts burn text in (PS3.15 E.3.1: "the location of burned in text ... may be known for
 * particular devices"): rules that match Manufacturer and Manufacturer's Model Name (regular expressions), Rows,
 * Columns and a value of Image Type, each with rectangles blacked out whatever OCR reads there. Rules are site
 * data: the built-in file ({@code location-rules.tsv} beside this class) holds examples of typical layouts; a site
 * adds its own devices' layouts in its own file of the same format. Immutable, thread-safe.
 */
public final class LocationRules {

    private static final String BUILT_IN = "location-rules.tsv";

    record Rule(Pattern manufacturer, Pattern model, Integer rows, Integer columns, String imageType,
                List<Rectangle> rectangles) {

        boolean matches(AttributeList source) {
            return manufacturer.matcher(text(source, TagFromName.Manufacturer)).matches()
                    && model.matcher(text(source, TagFromName.ManufacturerModelName)).matches()
                    && (rows == null || rows == number(source, TagFromName.Rows))
                    && (columns == null || columns == number(source, TagFromName.Columns))
                    && (imageType == null || values(source, TagFromName.ImageType).stream()
                            .anyMatch(v -> v.strip().equalsIgnoreCase(imageType)));
        }
    }

    private final List<Rule> rules;

    private LocationRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** No rules: OCR only. */
    public static LocationRules none() {
        return new LocationRules(List.of());
    }

    /** The built-in example rules. */
    public static LocationRules builtIn() {
        try (InputStream in = LocationRules.class.getResourceAsStream(BUILT_IN)) {
            return new LocationRules(parse(Objects.requireNonNull(in, BUILT_IN), BUILT_IN));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rules from a TSV file of the built-in format (see {@code location-rules.tsv}). */
    public static LocationRules fromFile(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new LocationRules(parse(in, file.getFileName().toString()));
        }
    }

    /** Rules from a TSV stream of the built-in format. */
    public static LocationRules fromTsv(InputStream tsv) throws IOException {
        return new LocationRules(parse(tsv, "rules"));
    }

    /** These rules and {@code more}. */
    public LocationRules and(LocationRules more) {
        List<Rule> all = new ArrayList<>(rules);
        all.addAll(more.rules);
        return new LocationRules(all);
    }

    /** The built-in rules plus the site's file. */
    public static LocationRules builtInWithFile(Path siteRules) throws IOException {
        return builtIn().and(fromFile(siteRules));
    }

    public int size() {
        return rules.size();
    }

    /** The rectangles of every rule matching {@code source}, in pixel coordinates (not clipped). */
    public List<Rectangle> rectanglesFor(AttributeList source) {
        List<Rectangle> rectangles = new ArrayList<>();
        for (Rule rule : rules) {
            if (rule.matches(source)) {
                rule.rectangles().forEach(r -> rectangles.add(new Rectangle(r)));
            }
        }
        return rectangles;
    }

    private static List<Rule> parse(InputStream in, String name) throws IOException {
        List<Rule> rules = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t");
            if (columns.length != 6) {
                throw new IllegalArgumentException(name + " line " + number + ": 6 tab-separated columns expected");
            }
            try {
                List<Rectangle> rectangles = new ArrayList<>();
                for (String box : columns[5].split(";")) {
                    int[] v = Arrays.stream(box.split(",")).mapToInt(s -> Integer.parseInt(s.strip())).toArray();
                    if (v.length != 4 || v[2] <= 0 || v[3] <= 0 || v[0] < 0 || v[1] < 0) {
                        throw new IllegalArgumentException("rectangle");
                    }
                    rectangles.add(new Rectangle(v[0], v[1], v[2], v[3]));
                }
                rules.add(new Rule(regex(columns[0]), regex(columns[1]), size(columns[2]), size(columns[3]),
                        "*".equals(columns[4].strip()) ? null : columns[4].strip(), List.copyOf(rectangles)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(name + " line " + number + ": " + e.getMessage());
            }
        }
        return rules;
    }

    private static Pattern regex(String column) {
        String value = column.strip();
        return Pattern.compile("*".equals(value) ? ".*" : value, Pattern.CASE_INSENSITIVE);
    }

    private static Integer size(String column) {
        String value = column.strip();
        return "*".equals(value) ? null : Integer.valueOf(value);
    }

    private static String text(AttributeList list, AttributeTag tag) {
        List<String> values = values(list, tag);
        return values.isEmpty() ? "" : values.get(0).strip();
    }

    private static int number(AttributeList list, AttributeTag tag) {
        Attribute attribute = list.get(tag);
        return attribute == null ? -1 : attribute.getSingleIntegerValueOrDefault(-1);
    }

    private static List<String> values(AttributeList list, AttributeTag tag) {
        Attribute attribute = list.get(tag);
        if (attribute == null) {
            return List.of();
        }
        try {
            String[] values = attribute.getStringValues();
            return values == null ? List.of() : Arrays.stream(values).filter(Objects::nonNull).toList();
        } catch (DicomException e) {
            return List.of();
        }
    }
}
