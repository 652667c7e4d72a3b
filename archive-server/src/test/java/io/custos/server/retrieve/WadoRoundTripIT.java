package io.custos.server.retrieve;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.SopInstanceUid;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.archive.ingest.api.IngestOutcome;
import io.custos.archive.ingest.api.IngestRequest;
import io.custos.archive.ingest.api.IngestSource;
import io.custos.archive.ingest.api.RejectionReason;
import io.custos.archive.ingest.application.IngestService;
import io.custos.archive.ingest.testing.Corpus;
import io.custos.archive.ingest.testing.Dcmtk;
import io.custos.archive.ingest.testing.PydicomFrames;
import io.custos.archive.retrieve.ByteRange;
import io.custos.archive.retrieve.PixelDataIndex;
import io.custos.archive.retrieve.PixelDataIndexes;
import io.custos.archive.retrieve.StoredInstances;
import io.custos.archive.storage.BlobStore;
import io.custos.archive.storage.EncryptedBlobs;
import io.custos.archive.storage.testing.CountingBlobStore;
import io.custos.archive.study.api.InstanceStoredEvent;
import io.custos.keys.BlobCipher;
import io.custos.keys.StudyKeys;
import io.custos.query.wado.WadoRead.ReadLevel;
import io.custos.query.wado.WadoRead.ReadOutcome;
import io.custos.query.wado.WadoRead.ReadResource;
import io.custos.query.wado.WadoRead;
import io.custos.server.retrieve.WadoHttp.Part;
import io.custos.server.security.Role;
import io.custos.server.security.TokenMinter;
import io.custos.server.security.TokenRequest;
import io.custos.server.testsupport.ArchiveTestApp;
import io.custos.server.testsupport.TestDirs;
import io.custos.server.testsupport.TestKeyspace;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * WADO-RS against a real archive (embedded PostgreSQL, the shared Cassandra node): every accepted file of the
 * pydicom corpus is stored through the ingest path and comes back byte-identical; its metadata agrees with
 * dcmdump; frames agree with pydicom's; rendering, negotiation and tenant isolation behave as PS3.18 says.
 *
 * <p>Corpus files share SOP Instance UIDs (the same image in several encodings), which one study cannot hold
 * twice; each file goes to the first tenant where its UIDs are free.
 */
class WadoRoundTripIT {

    static final String ANY_DICOM = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";
    static final String ANY_OCTETS = "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*";
    static final RegionId REGION = new RegionId("local");

    /** Where one file was stored. */
    record Stored(Path file, TenantId tenant, String study, String series, String sop, String transferSyntax) {
        String instancePath() {
            return "/studies/" + study + "/series/" + series + "/instances/" + sop;
        }
    }

    static TestKeyspace keyspace;
    static ConfigurableApplicationContext ctx;
    static WadoHttp http;
    static final Map<Path, Stored> stored = new LinkedHashMap<>();
    static final Map<TenantId, String> tokens = new HashMap<>();
    static Path derived;

    @BeforeAll
    static void storeTheCorpus() throws Exception {
        keyspace = TestKeyspace.create(WadoRoundTripIT.class);
        Path dataDir = TestDirs.newDataDir(WadoRoundTripIT.class);
        ctx = ArchiveTestApp.start(dataDir, keyspace,
                "--spring.main.sources=" + RecordingReadRecorder.class.getName());
        http = new WadoHttp(Integer.parseInt(ctx.getEnvironment().getRequiredProperty("local.server.port")));
        derived = Files.createDirectories(dataDir.resolve("derived"));
        List<Path> files = new ArrayList<>(Corpus.accepted().stream().map(a -> Corpus.file(a.path())).toList());
        files.addAll(nativeMultiFrameFiles());
        IngestService ingest = ctx.getBean(IngestService.class);
        for (Path file : files) {
            store(ingest, file);
        }
        storeLargeSeriesAndObject(ingest);
    }

    static final TenantId LARGE = new TenantId("wado-large");
    static final String LARGE_STUDY = uid();
    static final String LARGE_SERIES = uid();
    static final String MULTI_FRAME_SERIES = uid();
    static final String MULTI_FRAME_SOP = uid();
    static final int SERIES_SIZE = 500;
    static final int FRAMES = 40;
    static final int FRAME_SIDE = 512;

    /** A 500-instance CT series (what viewers wait on) and a 20 MiB, 40-frame native object. */
    static void storeLargeSeriesAndObject(IngestService ingest) throws Exception {
        IngestRequest request = new IngestRequest(LARGE, REGION, IngestSource.stow("wado-it", "clinician", "127.0.0.1"));
        for (int i = 1; i <= SERIES_SIZE; i++) {
            assertThat(ingest.ingest(request, SyntheticInstances.ctSlice(LARGE_STUDY, LARGE_SERIES, uid(), i)))
                    .isInstanceOf(IngestOutcome.Stored.class);
        }
        assertThat(ingest.ingest(request, SyntheticInstances.multiFrame(LARGE_STUDY, MULTI_FRAME_SERIES,
                MULTI_FRAME_SOP, FRAME_SIDE, FRAME_SIDE, FRAMES))).isInstanceOf(IngestOutcome.Stored.class);
    }

    static String uid() {
        return "2.25." + new BigInteger(1, ByteBuffer.allocate(16)
                .putLong(UUID.randomUUID().getMostSignificantBits())
                .putLong(UUID.randomUUID().getLeastSignificantBits()).array());
    }

    @AfterAll
    static void stop() {
        if (ctx != null) {
            ctx.close();
        }
        if (keyspace != null) {
            keyspace.close();
        }
    }

    /**
     * The corpus has multi-frame data only RLE-compressed; dcmtk decompresses three of them to native Explicit VR
     * Little Endian, and the 16-bit one is also written in Explicit VR Big Endian (OW words swapped).
     */
    static List<Path> nativeMultiFrameFiles() {
        Path rtdose = derived.resolve("rtdose_native.dcm");
        Path rgb = derived.resolve("sc_rgb_native_2frame.dcm");
        Path rgb16 = derived.resolve("sc_rgb16_native_2frame.dcm");
        Path bigEndian = derived.resolve("sc_rgb16_native_2frame_bigendian.dcm");
        Dcmtk.require("dcmdrle", Corpus.file("test_files/rtdose_rle.dcm").toString(), rtdose.toString());
        Dcmtk.require("dcmdrle", Corpus.file("test_files/SC_rgb_rle_2frame.dcm").toString(), rgb.toString());
        Dcmtk.require("dcmdrle", Corpus.file("test_files/SC_rgb_rle_16bit_2frame.dcm").toString(), rgb16.toString());
        Dcmtk.require("dcmconv", "+tb", rgb16.toString(), bigEndian.toString());
        return List.of(rtdose, rgb, rgb16, bigEndian);
    }

    static void store(IngestService ingest, Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        AttributeList list = new AttributeList();
        list.read(file.toString(), TagFromName.PixelData);
        String sop = com.pixelmed.dicom.Attribute.getSingleStringValueOrNull(list, TagFromName.SOPInstanceUID);
        for (int i = 0; ; i++) {
            TenantId tenant = new TenantId("wado-" + i);
            IngestOutcome outcome = ingest.ingest(new IngestRequest(tenant, REGION,
                    IngestSource.stow("wado-it", "clinician", "127.0.0.1")), bytes);
            if (outcome instanceof IngestOutcome.Rejected r && r.reason() == RejectionReason.CONFLICTING_DUPLICATE) {
                continue;
            }
            // The same data set under another meta header is the instance already held (another file's bytes):
            // this file's own bytes are then retrievable only from a tenant where it is stored first.
            if (outcome instanceof IngestOutcome.AlreadyStored && !heldWithTheseBytes(tenant, sop, bytes)) {
                continue;
            }
            assertThat(outcome).as(file.getFileName().toString())
                    .isInstanceOfAny(IngestOutcome.Stored.class, IngestOutcome.AlreadyStored.class);
            stored.put(file, new Stored(file, tenant,
                    com.pixelmed.dicom.Attribute.getSingleStringValueOrNull(list, TagFromName.StudyInstanceUID),
                    com.pixelmed.dicom.Attribute.getSingleStringValueOrNull(list, TagFromName.SeriesInstanceUID),
                    sop,
                    com.pixelmed.dicom.Attribute.getSingleStringValueOrNull(list, TagFromName.TransferSyntaxUID)));
            return;
        }
    }

    private static boolean heldWithTheseBytes(TenantId tenant, String sop, byte[] bytes) throws Exception {
        for (Stored s : stored.values()) {
            if (s.tenant().equals(tenant) && s.sop().equals(sop)) {
                return java.util.Arrays.equals(Files.readAllBytes(s.file()), bytes);
            }
        }
        return false;
    }

    static String token(TenantId tenant) {
        return tokens.computeIfAbsent(tenant, t -> token(t, Role.CLINICIAN));
    }

    static String token(TenantId tenant, Role role) {
        return ctx.getBean(TokenMinter.class).mint(new TokenRequest("wado-it", Set.of(role), tenant.value(),
                Set.of(REGION.value()), Duration.ofHours(1)));
    }

    static Stored storedFile(String name) {
        return stored.values().stream().filter(s -> s.file().getFileName().toString().equals(name)).findFirst()
                .orElseThrow();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    // ---- instances ----

    @Test
    void everyStoredFileComesBackByteIdentical() throws Exception {
        assertThat(stored).hasSizeGreaterThan(140);
        for (Stored s : stored.values()) {
            HttpResponse<byte[]> r = http.get(token(s.tenant()), s.instancePath(), ANY_DICOM);
            assertThat(r.statusCode()).as(s.file().toString()).isEqualTo(200);
            List<Part> parts = WadoHttp.parts(r);
            assertThat(parts).as(s.file().toString()).hasSize(1);
            assertThat(parts.get(0).contentType()).startsWith("application/dicom; transfer-syntax=" + s.transferSyntax());
            assertThat(parts.get(0).bytes()).as(s.file().toString()).isEqualTo(Files.readAllBytes(s.file()));
        }
    }

    @Test
    void studyAndSeriesRetrieveReturnEveryInstanceOfTheLevel() throws Exception {
        for (Stored s : stored.values()) {
            Map<String, String> expectedStudy = new HashMap<>();
            Map<String, String> expectedSeries = new HashMap<>();
            for (Stored o : stored.values()) {
                if (o.tenant().equals(s.tenant()) && o.study().equals(s.study())) {
                    String digest = sha256(Files.readAllBytes(o.file()));
                    expectedStudy.put(o.sop(), digest);
                    if (o.series().equals(s.series())) {
                        expectedSeries.put(o.sop(), digest);
                    }
                }
            }
            assertThat(digestsBySop(http.get(token(s.tenant()), "/studies/" + s.study(), ANY_DICOM)))
                    .isEqualTo(expectedStudy);
            assertThat(digestsBySop(http.get(token(s.tenant()), "/studies/" + s.study() + "/series/" + s.series(),
                    ANY_DICOM))).isEqualTo(expectedSeries);
        }
    }

    private static Map<String, String> digestsBySop(HttpResponse<byte[]> r) throws Exception {
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, String> digests = new HashMap<>();
        for (Part p : WadoHttp.parts(r)) {
            Path tmp = Files.createTempFile(derived, "part", ".dcm");
            Files.write(tmp, p.bytes());
            AttributeList list = new AttributeList();
            list.read(tmp.toString(), TagFromName.PixelData);
            Files.delete(tmp);
            digests.put(com.pixelmed.dicom.Attribute.getSingleStringValueOrNull(list, TagFromName.SOPInstanceUID),
                    sha256(p.bytes()));
        }
        return digests;
    }

    @Test
    void uncompressedDataIsTranscodedToExplicitLittleEndianOnRequest() throws Exception {
        Stored implicit = storedFile("MR_small_implicit.dcm");
        HttpResponse<byte[]> r = http.get(token(implicit.tenant()), implicit.instancePath(),
                "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.1");
        assertThat(r.statusCode()).isEqualTo(200);
        Part part = WadoHttp.parts(r).get(0);
        assertThat(part.contentType()).isEqualTo("application/dicom; transfer-syntax=1.2.840.10008.1.2.1");
        Path tmp = Files.createTempFile(derived, "transcoded", ".dcm");
        Files.write(tmp, part.bytes());
        String dump = Dcmtk.require("dcmdump", "-q", "-Un", "+P", "0002,0010", "+P", "0008,0018", tmp.toString()).output();
        assertThat(dump).contains("[1.2.840.10008.1.2.1]").contains("[" + implicit.sop() + "]");
        // The pixels survive transcoding: dcmtk compares the pixel data of both files.
        assertThat(Dcmtk.run("dcmdump", "-q", "+P", "7fe0,0010", tmp.toString()).output())
                .isEqualTo(Dcmtk.run("dcmdump", "-q", "+P", "7fe0,0010", implicit.file().toString()).output());
    }

    // ---- metadata ----

    /** Attributes compared with dcmdump for every file that has them (top level only). */
    static final List<String> COMPARED = List.of("0008,0016", "0008,0018", "0008,0020", "0008,0060", "0010,0010",
            "0010,0020", "0020,000d", "0020,000e", "0020,0013", "0028,0002", "0028,0008", "0028,0010", "0028,0011",
            "0028,0100");

    @Test
    void instanceMetadataAgreesWithDcmdump() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        int compared = 0;
        List<String> disagreements = new ArrayList<>();
        for (Stored s : stored.values()) {
            HttpResponse<byte[]> r = http.get(token(s.tenant()), s.instancePath() + "/metadata",
                    "application/dicom+json");
            assertThat(r.statusCode()).as(s.file().toString()).isEqualTo(200);
            assertThat(WadoHttp.contentType(r)).startsWith("application/dicom+json");
            JsonNode instance = json.readTree(r.body());
            assertThat(instance.isArray() && instance.size() == 1).as(s.file().toString()).isTrue();
            Map<String, String> dump = DcmdumpValues.topLevel(s.file(), COMPARED);
            for (Map.Entry<String, String> e : dump.entrySet()) {
                String key = e.getKey().replace(",", "").toUpperCase();
                JsonNode attribute = instance.get(0).get(key);
                // Compared without printing values: some are patient identifiers.
                if (attribute == null || !DcmdumpValues.jsonValue(attribute).equals(e.getValue())) {
                    disagreements.add(s.file().getFileName() + " " + e.getKey());
                }
                compared++;
            }
            JsonNode pixels = instance.get(0).get("7FE00010");
            if (pixels != null) {
                assertThat(pixels.get("BulkDataURI").asString())
                        .endsWith(s.instancePath() + "/bulkdata/7FE00010");
                assertThat(pixels.has("Value") || pixels.has("InlineBinary")).isFalse();
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(compared).isGreaterThan(stored.size() * 5);
    }

    /**
     * The metadata read by an independent DICOMweb JSON reader, pydicom's {@code Dataset.from_json}: every
     * element of every accepted corpus file, at every sequence depth, equals what pydicom reads from the
     * original file (bulk data only announced). The script prints tags and kinds, never values.
     */
    @Test
    void instanceMetadataReadByPydicomMatchesTheOriginal() throws Exception {
        Path dir = Files.createDirectories(derived.resolve("pydicom-metadata"));
        StringBuilder pairs = new StringBuilder();
        int n = 0;
        for (Stored s : stored.values()) {
            HttpResponse<byte[]> r = http.get(token(s.tenant()), s.instancePath() + "/metadata",
                    "application/dicom+json");
            assertThat(r.statusCode()).as(s.file().toString()).isEqualTo(200);
            Path json = dir.resolve((n++) + ".json");
            Files.write(json, r.body());
            pairs.append(json).append('\t').append(s.file()).append('\n');
        }
        Path listing = Files.writeString(dir.resolve("pairs.tsv"), pairs.toString());
        Path script = dir.resolve("pydicom_metadata_check.py");
        try (var in = WadoRoundTripIT.class.getResourceAsStream("/retrieve/pydicom_metadata_check.py")) {
            Files.copy(Objects.requireNonNull(in, "script resource"), script, StandardCopyOption.REPLACE_EXISTING);
        }
        Dcmtk.Result result = Dcmtk.run(
                "/usr/bin/python3", script.toString(), listing.toString());
        // Only the script's own lines (tags and kinds): library warnings might quote a value.
        String verdict = result.output().lines()
                .filter(l -> l.matches("\\S+ [0-9A-F\\[\\]\\.]+ (missing|value|item count)") || l.startsWith("compared "))
                .collect(Collectors.joining("\n"));
        assertThat(verdict).as("pydicom's verdict").contains("disagreements 0");
        assertThat(result.exitCode()).isZero();
        Matcher compared = Pattern.compile("compared (\\d+)").matcher(verdict);
        assertThat(compared.find()).isTrue();
        assertThat(Integer.parseInt(compared.group(1))).isGreaterThan(stored.size() * 20);
    }

    @Test
    void seriesMetadataHoldsEachInstanceOfTheSeries() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        Stored s = storedFile("CT_small.dcm");
        Set<String> expected = new HashSet<>();
        stored.values().stream().filter(o -> o.tenant().equals(s.tenant()) && o.series().equals(s.series()))
                .forEach(o -> expected.add(o.sop()));
        JsonNode series = json.readTree(http.get(token(s.tenant()), "/studies/" + s.study() + "/series/" + s.series()
                + "/metadata", null).body());
        Set<String> sops = new HashSet<>();
        series.forEach(i -> sops.add(i.get("00080018").get("Value").get(0).asString()));
        assertThat(sops).isEqualTo(expected);
    }

    @Test
    void bulkDataUrisServeTheValues() throws Exception {
        Stored ct = storedFile("CT_small.dcm");
        HttpResponse<byte[]> r = http.get(token(ct.tenant()), ct.instancePath() + "/bulkdata/7FE00010", ANY_OCTETS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(sha256(WadoHttp.parts(r).get(0).bytes()))
                .isEqualTo(PydicomFrames.digests(List.of(ct.file())).get(ct.file()).get(0));
    }

    // ---- frames ----

    @Test
    void everyFrameEqualsTheFramePydicomFinds() throws Exception {
        List<Path> files = new ArrayList<>(stored.keySet());
        Map<Path, List<String>> expected = PydicomFrames.digests(files);
        int multiFrameNative = 0;
        int multiFrameEncapsulated = 0;
        for (Stored s : stored.values()) {
            List<String> want = expected.get(s.file().toAbsolutePath());
            if (want == null || s.transferSyntax().equals("1.2.840.10008.1.2.1.99")) {
                continue;
            }
            boolean bigEndian = s.transferSyntax().equals("1.2.840.10008.1.2.2");
            for (int n = 1; n <= want.size(); n++) {
                HttpResponse<byte[]> r = http.get(token(s.tenant()), s.instancePath() + "/frames/" + n, ANY_OCTETS);
                assertThat(r.statusCode()).as(s.file() + " frame " + n).isEqualTo(200);
                List<Part> parts = WadoHttp.parts(r);
                assertThat(parts).hasSize(1);
                if (!bigEndian) {
                    assertThat(sha256(parts.get(0).bytes())).as(s.file() + " frame " + n).isEqualTo(want.get(n - 1));
                }
            }
            if (want.size() > 1) {
                if (s.transferSyntax().equals("1.2.840.10008.1.2.5")) {
                    multiFrameEncapsulated++;
                } else {
                    multiFrameNative++;
                }
            }
        }
        assertThat(multiFrameEncapsulated).isGreaterThanOrEqualTo(4);
        assertThat(multiFrameNative).isGreaterThanOrEqualTo(3);
    }

    @Test
    void bigEndianFramesArriveAsTheLittleEndianFrames() throws Exception {
        Stored little = storedFile("sc_rgb16_native_2frame.dcm");
        Stored big = storedFile("sc_rgb16_native_2frame_bigendian.dcm");
        for (int n : List.of(1, 2)) {
            byte[] fromLittle = WadoHttp.parts(http.get(token(little.tenant()), little.instancePath() + "/frames/" + n,
                    ANY_OCTETS)).get(0).bytes();
            byte[] fromBig = WadoHttp.parts(http.get(token(big.tenant()), big.instancePath() + "/frames/" + n,
                    ANY_OCTETS)).get(0).bytes();
            assertThat(fromBig).hasSize(100 * 100 * 3 * 2).isEqualTo(fromLittle);
        }
    }

    @Test
    void aFrameListReturnsOnePartPerFrameInOrder() throws Exception {
        Stored dose = storedFile("rtdose_rle.dcm");
        List<String> want = PydicomFrames.digests(List.of(dose.file())).get(dose.file());
        HttpResponse<byte[]> r = http.get(token(dose.tenant()), dose.instancePath() + "/frames/15,2,9", null);
        assertThat(r.statusCode()).isEqualTo(200);
        List<Part> parts = WadoHttp.parts(r);
        assertThat(parts).extracting(Part::contentType).containsOnly("image/dicom-rle; transfer-syntax=1.2.840.10008.1.2.5");
        assertThat(List.of(sha256(parts.get(0).bytes()), sha256(parts.get(1).bytes()), sha256(parts.get(2).bytes())))
                .containsExactly(want.get(14), want.get(1), want.get(8));
        assertThat(http.get(token(dose.tenant()), dose.instancePath() + "/frames/16", null).statusCode()).isEqualTo(404);
        assertThat(http.get(token(dose.tenant()), dose.instancePath() + "/frames/0", null).statusCode()).isEqualTo(400);
    }

    @Test
    void fiveHundredInstanceSeriesMetadata() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        String path = "/studies/" + LARGE_STUDY + "/series/" + LARGE_SERIES + "/metadata";
        long cold = System.nanoTime();
        HttpResponse<byte[]> first = http.get(token(LARGE), path, "application/dicom+json");
        cold = System.nanoTime() - cold;
        long warm = System.nanoTime();
        HttpResponse<byte[]> second = http.get(token(LARGE), path, "application/dicom+json");
        warm = System.nanoTime() - warm;
        // Reported, not asserted (shared machine): the benchmark compares with Orthanc.
        System.out.printf("WADO-RS series metadata, %d instances: first %d ms, cached %d ms, %d bytes%n",
                SERIES_SIZE, cold / 1_000_000, warm / 1_000_000, first.body().length);
        assertThat(second.body()).isEqualTo(first.body());
        JsonNode series = json.readTree(first.body());
        Set<String> sops = new HashSet<>();
        Set<Long> numbers = new TreeSet<>();
        series.forEach(i -> {
            sops.add(i.get("00080018").get("Value").get(0).asString());
            numbers.add(i.get("00200013").get("Value").get(0).asLong());
        });
        assertThat(sops).hasSize(SERIES_SIZE);
        assertThat(numbers).hasSize(SERIES_SIZE).first().isEqualTo(1L);
    }

    @Test
    void aFrameIsReadFromItsOwnSegmentsOnly() throws Exception {
        CountingBlobStore counting = new CountingBlobStore(ctx.getBean(BlobStore.class));
        StoredInstances instances = new StoredInstances(
                ctx.getBean(EventStore.class),
                ctx.getBean(StudyKeys.class),
                new EncryptedBlobs(counting, ctx.getBean(BlobCipher.class)));
        InstanceStoredEvent event = instances.find(LARGE,
                new StudyInstanceUid(LARGE_STUDY),
                new SopInstanceUid(MULTI_FRAME_SOP)).orElseThrow();
        long segment = BlobCipher.DEFAULT_SEGMENT_SIZE;
        long frameBytes = (long) FRAME_SIDE * FRAME_SIDE * 2;
        assertThat(event.sizeBytes()).isGreaterThan(FRAMES * frameBytes);

        PixelDataIndex index = new PixelDataIndexes(instances, 10)
                .of(event);
        assertThat(index.numberOfFrames()).isEqualTo(FRAMES);
        assertThat(counting.bytesRead.get()).as("ciphertext read to index the frames").isLessThanOrEqualTo(2 * segment);

        counting.bytesRead.set(0);
        ByteRange frame23 = index.frame(23).get(0);
        ByteBuffer pixels = ByteBuffer.allocate((int) frame23.length());
        try (SeekableByteChannel channel = instances.open(event)) {
            channel.position(frame23.offset());
            while (pixels.hasRemaining() && channel.read(pixels) > 0) {
                // read the whole frame
            }
        }
        // A 512 KiB frame spans at most three 256 KiB segments (plus the blob header) of a 20 MiB object.
        assertThat(counting.bytesRead.get()).as("ciphertext read for one frame")
                .isLessThanOrEqualTo(3 * segment + 4096);
        pixels.flip().order(ByteOrder.LITTLE_ENDIAN);
        while (pixels.hasRemaining()) {
            assertThat(pixels.getShort()).isEqualTo((short) 23);
        }

        HttpResponse<byte[]> r = http.get(token(LARGE), "/studies/" + LARGE_STUDY + "/series/" + MULTI_FRAME_SERIES
                + "/instances/" + MULTI_FRAME_SOP + "/frames/40", ANY_OCTETS);
        byte[] frame40 = WadoHttp.parts(r).get(0).bytes();
        assertThat(frame40).hasSize((int) frameBytes);
        assertThat(frame40[0]).isEqualTo((byte) 40);
        assertThat(frame40[(int) frameBytes - 2]).isEqualTo((byte) 40);
    }

    @Test
    void everyReadIsReportedOnceWithWhatWasRead() throws Exception {
        RecordingReadRecorder recorder = ctx.getBean(RecordingReadRecorder.class);
        Stored ct = storedFile("CT_small.dcm");
        HttpResponse<byte[]> ok = http.get(token(ct.tenant()), ct.instancePath() + "/frames/1", ANY_OCTETS);
        // Audit first: the disclosure was reported before the first byte, so it is there when the answer is.
        assertThat(recorder.planned()).anySatisfy(w -> {
            assertThat(w.resource()).isEqualTo(ReadResource.FRAMES);
            assertThat(w.instance()).isEqualTo(ct.sop());
            assertThat(w.frames()).isEqualTo(1);
        });
        assertThat(recorder.planned()).noneMatch(w -> w.outcome() != ReadOutcome.SUCCESS);
        String unknown = uid();
        http.get(token(ct.tenant()), "/studies/" + unknown + "/metadata", null);
        // How a read ended is reported after the body, so the client may see the answer first: wait for it.
        awaitRead(recorder, w -> unknown.equals(w.study()));
        awaitRead(recorder, w -> w.resource() == ReadResource.FRAMES && ct.sop().equals(w.instance()));
        WadoRead frames = recorder.reads().stream()
                .filter(w -> w.resource() == ReadResource.FRAMES
                        && ct.sop().equals(w.instance()))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(frames.outcome()).isEqualTo(ReadOutcome.SUCCESS);
        assertThat(frames.level()).isEqualTo(ReadLevel.INSTANCE);
        assertThat(frames.study()).isEqualTo(ct.study());
        assertThat(frames.series()).isEqualTo(ct.series());
        assertThat(frames.frames()).isEqualTo(1);
        assertThat(frames.bytes()).isEqualTo(ok.body().length);
        assertThat(frames.reader().subject()).isEqualTo("wado-it");
        assertThat(frames.reader().tenant()).isEqualTo(ct.tenant());
        assertThat(frames.reader().roles()).containsExactly("clinician");
        assertThat(recorder.reads()).filteredOn(w -> unknown.equals(w.study())).singleElement()
                .satisfies(w -> {
                    assertThat(w.outcome()).isEqualTo(ReadOutcome.NOT_FOUND);
                    assertThat(w.resource()).isEqualTo(ReadResource.METADATA);
                    assertThat(w.level()).isEqualTo(ReadLevel.STUDY);
                    assertThat(w.bytes()).isZero();
                });
    }

    @Test
    void nothingIsSentWhenTheDisclosureCannotBeRecorded() throws Exception {
        RecordingReadRecorder recorder = ctx.getBean(RecordingReadRecorder.class);
        Stored ct = storedFile("CT_small.dcm");
        recorder.failing(true);
        try {
            for (String path : List.of(ct.instancePath() + "/frames/1", ct.instancePath() + "/metadata",
                    ct.instancePath(), ct.instancePath() + "/rendered")) {
                HttpResponse<byte[]> r = http.get(token(ct.tenant()), path, null);
                assertThat(r.statusCode()).as(path).isEqualTo(500);
                assertThat(WadoHttp.contentType(r)).as(path).startsWith("application/problem+json");
                assertThat(new String(r.body(), StandardCharsets.UTF_8)).as(path)
                        .doesNotContain(ct.sop()).doesNotContain("DICM");
            }
        } finally {
            recorder.failing(false);
        }
        awaitRead(recorder, w -> w.outcome() == ReadOutcome.FAILED && ct.sop().equals(w.instance()));
        assertThat(recorder.reads()).filteredOn(w -> ct.sop().equals(w.instance())
                && w.outcome() == ReadOutcome.FAILED).allSatisfy(w -> assertThat(w.bytes()).isZero());
    }

    private static void awaitRead(RecordingReadRecorder recorder, java.util.function.Predicate<WadoRead> which)
            throws InterruptedException {
        // A safety net, not a timing assertion: the record follows the response by microseconds.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (recorder.reads().stream().noneMatch(which) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    // ---- rendered ----

    @Test
    void renderedNativeImageDecodesAtItsSize() throws Exception {
        Stored ct = storedFile("CT_small.dcm");
        for (String type : List.of("image/jpeg", "image/png")) {
            HttpResponse<byte[]> r = http.get(token(ct.tenant()), ct.instancePath() + "/rendered", type);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(WadoHttp.contentType(r)).isEqualTo(type);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
            assertThat(image).isNotNull();
            assertThat(image.getWidth()).isEqualTo(128);
            assertThat(image.getHeight()).isEqualTo(128);
        }
        HttpResponse<byte[]> thumb = http.get(token(ct.tenant()), ct.instancePath() + "/thumbnail?viewport=64,64",
                "image/png");
        assertThat(ImageIO.read(new ByteArrayInputStream(thumb.body())).getWidth()).isEqualTo(64);
        HttpResponse<byte[]> windowed = http.get(token(ct.tenant()),
                ct.instancePath() + "/frames/1/rendered?window=40,400,linear", "image/png");
        assertThat(windowed.statusCode()).isEqualTo(200);
        for (String bad : List.of("/thumbnail?viewport=abc", "/rendered?window=40", "/frames/x/rendered")) {
            HttpResponse<byte[]> r = http.get(token(ct.tenant()), ct.instancePath() + bad, "image/png");
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(WadoHttp.contentType(r)).as(bad).startsWith("application/problem+json");
        }
    }

    @Test
    void renderingAnUndecodableSyntaxIsAClear406() throws Exception {
        Stored jpegLs = storedFile("MR_small_jpeg_ls_lossless.dcm");
        HttpResponse<byte[]> r = http.get(token(jpegLs.tenant()), jpegLs.instancePath() + "/rendered", "image/jpeg");
        assertThat(r.statusCode()).isEqualTo(406);
        assertThat(WadoHttp.contentType(r)).startsWith("application/problem+json");
        assertThat(new String(r.body())).contains("1.2.840.10008.1.2.4.80");
    }

    // ---- negotiation and isolation ----

    @Test
    void unsupportedAcceptIs406ProblemJson() throws Exception {
        Stored ct = storedFile("CT_small.dcm");
        for (String[] request : List.of(
                new String[] {ct.instancePath(), "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.50"},
                new String[] {ct.instancePath(), "text/html"},
                new String[] {ct.instancePath() + "/metadata", "application/xml"},
                new String[] {ct.instancePath() + "/frames/1", "multipart/related; type=\"image/jpeg\""},
                new String[] {ct.instancePath() + "/rendered", "image/gif"})) {
            HttpResponse<byte[]> r = http.get(token(ct.tenant()), request[0], request[1]);
            assertThat(r.statusCode()).as(request[1]).isEqualTo(406);
            assertThat(WadoHttp.contentType(r)).startsWith("application/problem+json");
        }
        Stored jpeg = storedFile("SC_rgb_jpeg_dcmtk.dcm");
        HttpResponse<byte[]> r = http.get(token(jpeg.tenant()), jpeg.instancePath(),
                "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.1");
        assertThat(r.statusCode()).isEqualTo(406);
        assertThat(new String(r.body())).contains(jpeg.transferSyntax());
    }

    @Test
    void anotherTenantsStudyIsNotFoundAndUnknownUidsLikewise() throws Exception {
        Stored ct = storedFile("CT_small.dcm");
        String stranger = token(new TenantId("wado-stranger"));
        for (String path : List.of("/studies/" + ct.study(), "/studies/" + ct.study() + "/series/" + ct.series(),
                ct.instancePath(), ct.instancePath() + "/metadata", ct.instancePath() + "/frames/1",
                ct.instancePath() + "/rendered", ct.instancePath() + "/bulkdata/7FE00010",
                "/studies/" + ct.study() + "/metadata")) {
            HttpResponse<byte[]> r = http.get(stranger, path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(WadoHttp.contentType(r)).startsWith("application/problem+json");
            assertThat(new String(r.body())).doesNotContain(ct.study());
        }
        String owner = token(ct.tenant());
        assertThat(http.get(owner, "/studies/1.2.3.4.5.6.7.8.9", null).statusCode()).isEqualTo(404);
        assertThat(http.get(owner, "/studies/" + ct.study() + "/series/1.2.3", null).statusCode()).isEqualTo(404);
        assertThat(http.get(owner, "/studies/not-a-uid", null).statusCode()).isEqualTo(400);
    }

    @Test
    void readsNeedATokenAndAReadingRole() throws IOException {
        Stored ct = storedFile("CT_small.dcm");
        assertThat(http.get(null, ct.instancePath(), ANY_DICOM).statusCode()).isEqualTo(401);
        assertThat(http.get(token(ct.tenant(), Role.RESEARCHER), ct.instancePath(), ANY_DICOM).statusCode())
                .isEqualTo(403);
        assertThat(http.get(token(ct.tenant(), Role.AUDITOR), ct.instancePath() + "/metadata", null).statusCode())
                .isEqualTo(403);
    }
}
