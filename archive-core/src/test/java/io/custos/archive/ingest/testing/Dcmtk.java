package io.custos.archive.ingest.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real dcmtk binary (Debian's dcmtk) and captures its exit code and combined output. */
public final class Dcmtk {

    public record Result(int exitCode, String output) {
    }

    private Dcmtk() {
    }

    public static Result run(String... command) {
        List<String> cmd = new ArrayList<>(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        // Debian's dcmtk leaves Nagle on unless told otherwise (notes/runtime-facts.md).
        pb.environment().put("TCP_NODELAY", "1");
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            // A safety net against a hung peer, not a timing assertion.
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command[0] + " did not finish");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Result require(String... command) {
        Result r = run(command);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(command[0] + " failed (" + r.exitCode() + "): " + r.output());
        }
        return r;
    }
}
