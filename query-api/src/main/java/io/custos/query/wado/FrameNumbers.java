package io.custos.query.wado;

import java.util.ArrayList;
import java.util.List;

/** PS3.18 8.3.5.1.2 {frames}: a comma-separated list of frame numbers, counted from 1. */
final class FrameNumbers {

    private static final int MAX_LISTED = 10_000;

    private FrameNumbers() {
    }

    static List<Integer> parse(String list, int numberOfFrames) {
        String[] parts = list.split(",", -1);
        if (parts.length > MAX_LISTED) {
            throw WadoException.badRequest("too many frame numbers");
        }
        List<Integer> numbers = new ArrayList<>(parts.length);
        for (String part : parts) {
            int n = parseOne(part);
            if (n > numberOfFrames) {
                throw WadoException.notFound("frame " + n + " (the instance has " + numberOfFrames + ")");
            }
            numbers.add(n);
        }
        return numbers;
    }

    static int parseOne(String value) {
        String v = value.strip();
        if (v.isEmpty() || v.length() > 9 || !v.chars().allMatch(Character::isDigit) || Integer.parseInt(v) < 1) {
            throw WadoException.badRequest("frame numbers must be positive integers");
        }
        return Integer.parseInt(v);
    }
}
