package io.custos.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.archive.ingest.dimse.DicomServer;
import io.custos.archive.ingest.testing.Dcmtk;
import io.custos.server.testsupport.RunningArchive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every file of pydicom's corpus sent to a fresh archive by a real dcmtk peer (one dcmsend run, Nagle off,
 * {@code -nuc -nh -dn}: no UID pre-checks, no halt, no decompression) to the called AE of tenant "default": each
 * file gets the C-STORE status its expectation names ({@link CorpusPlan#dimse()}), read from dcmsend's per-file
 * report, plus everything {@link CorpusIngestContract} requires of a channel.
 */
class CorpusDimseIT extends CorpusIngestContract {

    private static final Pattern REPORT_ENTRY =
            Pattern.compile("Filename\\s*: (.+?)\\R(?:.*\\R)*?DIMSE Status\\s*: (0x[0-9a-fA-F]{4}|<not sent>)");

    private Map<String, String> reported;

    @Override
    String tenant() {
        return "default";
    }

    @Override
    List<Expected> expectations() {
        return CorpusPlan.dimse();
    }

    @Override
    void send(RunningArchive archive, List<Expected> plan) throws IOException {
        Path report = archive.dataDir().resolve("dcmsend-report.txt");
        List<String> command = new ArrayList<>(List.of("dcmsend", "-q", "-nuc", "-nh", "-dn", "-aet", "DCMSEND",
                "-aec", "CUSTOS", "+crf", report.toString(), "127.0.0.1",
                String.valueOf(archive.context().getBean(DicomServer.class).port())));
        plan.forEach(e -> command.add(e.file().file().toString()));
        // dcmsend's exit code reflects the files it refused itself; the per-file report is the evidence.
        Dcmtk.run(command.toArray(String[]::new));
        reported = parseReport(Files.readString(report, StandardCharsets.UTF_8));
    }

    /** dcmsend's report: file name → DIMSE status as "0x...." or "<not sent>"; files it skipped are absent. */
    static Map<String, String> parseReport(String report) {
        Map<String, String> statuses = new HashMap<>();
        Matcher m = REPORT_ENTRY.matcher(report);
        while (m.find()) {
            statuses.put(m.group(1).strip(), m.group(2).toLowerCase(Locale.ROOT));
        }
        return statuses;
    }

    @Test
    void everyFileGetsItsExpectedStatus() {
        List<String> wrong = new ArrayList<>();
        for (Expected e : plan()) {
            String status = reported.getOrDefault(e.file().file().toString(), "<not sent>");
            String expected = e.outcome() == Expected.Outcome.NOT_SENT
                    ? "<not sent>" : String.format("0x%04x", e.status());
            if (!status.equals(expected)) {
                wrong.add(e.file().path() + ": expected " + expected + ", dcmsend reported " + status);
            }
        }
        assertThat(wrong).as("C-STORE statuses (file: expected, reported)").isEmpty();
        assertThat(plan().stream().filter(e -> e.outcome() == Expected.Outcome.STORED)).hasSizeGreaterThan(100);
    }
}
