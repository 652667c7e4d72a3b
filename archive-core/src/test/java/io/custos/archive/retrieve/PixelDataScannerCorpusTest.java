package io.custos.archive.retrieve;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.archive.ingest.testing.Corpus;
import io.custos.archive.ingest.testing.Dcmtk;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The frame index of every accepted file of pydicom's corpus locates the same frame bytes that pydicom (an
 * independent implementation) finds: native slices and encapsulated fragments alike.
 */
class PixelDataScannerCorpusTest {

    @Test
    void framesMatchPydicomForEveryAcceptedCorpusFile() throws Exception {
        List<String> files = acceptedFiles();
        Map<String, List<String>> expected = pydicomFrameDigests(files);
        int compared = 0;
        int framesCompared = 0;
        int deflatedSkipped = 0;
        for (String file : files) {
            List<String> want = expected.get(file);
            PixelDataIndex index;
            try (FileChannel channel = FileChannel.open(Corpus.file(file), StandardOpenOption.READ)) {
                index = PixelDataScanner.scan(channel);
            } catch (UnindexablePixelDataException e) {
                boolean deflated = "1.2.840.10008.1.2.1.99".equals(transferSyntaxOf(file));
                assertThat(want == null || deflated).as(file + " has pixel data pydicom can delimit").isTrue();
                deflatedSkipped += want == null ? 0 : 1;
                continue;
            }
            if (want == null) {
                continue;
            }
            assertThat(index.frames()).as(file + ": frames located").isNotEmpty();
            assertThat(digests(Corpus.file(file), index)).as(file).isEqualTo(want);
            compared++;
            framesCompared += want.size();
        }
        assertThat(compared).as("files compared").isEqualTo(expected.size() - deflatedSkipped)
                .isGreaterThan(80);
        assertThat(framesCompared).as("frames compared").isGreaterThan(compared);
    }

    static List<String> acceptedFiles() throws IOException {
        List<String> files = new ArrayList<>();
        try (InputStream in = PixelDataScannerCorpusTest.class.getResourceAsStream("/corpus/pydicom-expectations.csv")) {
            for (String line : new String(in.readAllBytes()).split("\n")) {
                String[] cols = line.split(",");
                if (!line.startsWith("#") && cols.length >= 2 && cols[1].equals("ACCEPT")) {
                    files.add(cols[0]);
                }
            }
        }
        return files;
    }

    private static Map<String, List<String>> pydicomFrameDigests(List<String> files) throws IOException {
        Path script = Files.createTempFile("pydicom-frames", ".py");
        try (InputStream in = PixelDataScannerCorpusTest.class.getResourceAsStream("/corpus/pydicom-frames.py")) {
            Files.write(script, in.readAllBytes());
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        files.forEach(f -> command.add(Corpus.file(f).toString()));
        String out = Dcmtk.require(command.toArray(String[]::new)).output();
        Files.delete(script);
        Map<String, List<String>> digests = new HashMap<>();
        String prefix = Corpus.ROOT + "/";
        for (String line : out.split("\n")) {
            String[] cols = line.split("\t");
            if (cols.length == 3) {
                digests.computeIfAbsent(cols[0].substring(prefix.length()), k -> new ArrayList<>()).add(cols[2]);
            }
        }
        return digests;
    }

    private static List<String> digests(Path file, PixelDataIndex index) throws Exception {
        List<String> digests = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int n = 1; n <= index.numberOfFrames(); n++) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                for (ByteRange r : index.frame(n)) {
                    ByteBuffer b = ByteBuffer.allocate((int) r.length());
                    channel.read(b, r.offset());
                    sha.update(b.array(), 0, b.position());
                }
                digests.add(HexFormat.of().formatHex(sha.digest()));
            }
        }
        return digests;
    }

    private static String transferSyntaxOf(String file) throws IOException {
        try (InputStream in = PixelDataScannerCorpusTest.class.getResourceAsStream("/corpus/pydicom-expectations.csv")) {
            for (String line : new String(in.readAllBytes()).split("\n")) {
                if (line.startsWith(file + ",")) {
                    return line.split(",").length > 2 ? line.split(",")[2] : "";
                }
            }
        }
        return "";
    }
}
