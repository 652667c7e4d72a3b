package io.custos.server.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Debian's dcmtk as the real DICOM peer of the end-to-end tests, and dcmdump as the independent reader. */
final class DicomPeer {

    record Result(int exitCode, String output) {
    }

    private static final Pattern DUMP_LINE = Pattern.compile("^\\(([0-9a-f]{4}),([0-9a-f]{4})\\) \\w\\w \\[(.*?)\\]",
            Pattern.MULTILINE);

    private DicomPeer() {
    }

    static Result run(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("TCP_NODELAY", "1");
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) { // a hung peer, not a timing assertion
                p.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Result dcmsend(int port, String callingAe, String calledAe, List<Path> files) {
        List<String> cmd = new ArrayList<>(List.of("dcmsend", "-aet", callingAe, "-aec", calledAe, "127.0.0.1",
                Integer.toString(port)));
        files.forEach(f -> cmd.add(f.toString()));
        return run(cmd);
    }

    static Result storescu(int port, String callingAe, String calledAe, Path file) {
        return run(List.of("storescu", "-v", "-aet", callingAe, "-aec", calledAe, "127.0.0.1",
                Integer.toString(port), file.toString()));
    }

    /**
     * Top-level values of the data set as dcmdump reads them, by "ggggeeee" (lowercase hex). Values in
     * character sets other than ASCII come back as raw bytes, so callers compare ASCII values only.
     */
    static Map<String, String> dump(Path file) {
        Result r = run(List.of("dcmdump", "-q", "-M", "+L", "-dc", file.toString()));
        Map<String, String> values = new HashMap<>();
        for (String line : r.output().split("\n")) {
            if (line.startsWith("(")) {
                Matcher m = DUMP_LINE.matcher(line);
                if (m.find()) {
                    values.putIfAbsent(m.group(1) + m.group(2), m.group(3));
                }
            }
        }
        return values;
    }

    static Result modify(Path file, String... args) {
        List<String> cmd = new ArrayList<>(List.of("dcmodify", "-nb"));
        cmd.addAll(List.of(args));
        cmd.add(file.toString());
        return run(cmd);
    }
}
