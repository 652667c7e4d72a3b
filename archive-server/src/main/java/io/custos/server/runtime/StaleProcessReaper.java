package io.custos.server.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a process left behind by an earlier run (e.g. after {@code kill -9} of the archive) that still holds the
 * data directory or ports we are about to use. A PID is only trusted when the live process's command line
 * matches, because PIDs are reused.
 */
final class StaleProcessReaper {

    private static final Logger log = LoggerFactory.getLogger(StaleProcessReaper.class);

    private StaleProcessReaper() {
    }

    /** Reads the first line of {@code pidFile} as a PID; absent or unreadable files yield empty. */
    static Optional<Long> readPid(Path pidFile) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            String first = Files.readAllLines(pidFile, StandardCharsets.US_ASCII).stream()
                    .findFirst().orElse("").trim();
            return first.matches("\\d+") ? Optional.of(Long.parseLong(first)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Terminates the process {@code pid} if it is alive and its command line satisfies {@code isOurs}: a polite
     * SIGTERM first, then SIGKILL once {@code grace} has passed.
     */
    static void reap(long pid, Predicate<String> isOurs, Duration grace, String what) {
        if (pid == ProcessHandle.current().pid()) {
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            return;
        }
        String commandLine = handle.get().info().commandLine().orElse("");
        if (!isOurs.test(commandLine)) {
            log.info("PID {} from an old {} PID file belongs to another program; leaving it alone", pid, what);
            return;
        }
        log.warn("Stopping {} left over from a previous run (PID {})", what, pid);
        handle.get().destroy();
        if (!awaitExit(handle.get(), grace)) {
            handle.get().destroyForcibly();
            awaitExit(handle.get(), Duration.ofSeconds(10));
        }
    }

    static boolean awaitExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }
}
