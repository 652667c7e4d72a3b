package io.custos.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.server.security.Role;
import io.custos.server.testsupport.ArchiveRecords;
import io.custos.server.testsupport.DicomJson;
import io.custos.server.testsupport.DicomWebClient;
import io.custos.server.testsupport.RunningArchive;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every file of pydicom's corpus sent unchanged over STOW-RS (one request per file, in the CSV's order) to a
 * fresh archive, as a service account of its own tenant: each request gets the status and Failure Reason the CSV
 * verdict implies (PS3.18 10.5.3: 200 stored, 409 with Failed SOP Sequence), QIDO-RS finds every stored file
 * with dcmdump's values, the stored bytes are exactly the file's, and refusals leave nothing behind but one
 * InstanceIngestRejectedEvent each.
 */
class CorpusStowIT extends CorpusIngestContract {

    private static final String FAILED_SOP_SEQUENCE = "00081198";
    private static final String REFERENCED_SOP_SEQUENCE = "00081199";
    private static final String FAILURE_REASON = "00081197";
    private static final String REFERENCED_SOP_INSTANCE_UID = "00081155";
    private static final String REFERENCED_SOP_CLASS_UID = "00081150";

    private final Map<Expected, HttpResponse<String>> responses = new LinkedHashMap<>();

    @Override
    String tenant() {
        return "stow-corpus";
    }

    @Override
    List<Expected> expectations() {
        return CorpusPlan.stow();
    }

    @Override
    void send(RunningArchive archive, List<Expected> plan) {
        DicomWebClient web = new DicomWebClient(archive.context());
        String token = web.token(tenant(), Role.SERVICE);
        for (Expected e : plan) {
            responses.put(e, web.stow(token, "/studies", e.file().bytes()));
        }
    }

    @Test
    void everyFileGetsItsExpectedResponse() {
        List<String> wrong = new ArrayList<>();
        responses.forEach((e, r) -> {
            String file = e.file().path();
            int expectedHttp = e.success() ? 200 : 409;
            if (r.statusCode() != expectedHttp) {
                wrong.add(file + ": HTTP " + r.statusCode() + " instead of " + expectedHttp);
                return;
            }
            JsonNode body = DicomWebClient.json(r.body());
            JsonNode failed = body.path(FAILED_SOP_SEQUENCE).path("Value");
            JsonNode referenced = body.path(REFERENCED_SOP_SEQUENCE).path("Value");
            if (e.success()) {
                if (referenced.size() != 1 || !failed.isMissingNode()
                        || !e.sop().equals(DicomJson.first(referenced.get(0), REFERENCED_SOP_INSTANCE_UID))
                        || !e.facts().require("SOPClassUID").equals(DicomJson.first(referenced.get(0), REFERENCED_SOP_CLASS_UID))) {
                    wrong.add(file + ": Referenced SOP Sequence");
                }
            } else if (failed.size() != 1 || !referenced.isMissingNode()
                    || !String.valueOf(e.status()).equals(DicomJson.first(failed.get(0), FAILURE_REASON))) {
                wrong.add(file + ": Failed SOP Sequence / Failure Reason (expected " + e.reason() + ")");
            }
        });
        assertThat(wrong).as("STOW-RS responses (file: what differs)").isEmpty();
        assertThat(plan().stream().filter(e -> e.outcome() == Expected.Outcome.STORED)).hasSizeGreaterThan(100);
    }

    /** STOW-RS keeps the request's bytes, so digests identify files exactly. */
    @Test
    void eachRefusalIsRecordedWithTheRefusedFilesDigestAndNoBlobHoldsIt() {
        CorpusChecks checks = checks();
        ArchiveRecords records = new ArchiveRecords(archive().context());
        Function<List<String>, Map<String, Long>> count = l -> l.stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(count.apply(records.rejected().stream().map(r -> r.sha256() + " " + r.reason()).toList()))
                .as("digest and reason of every InstanceIngestRejectedEvent")
                .isEqualTo(count.apply(checks.refused().stream()
                        .map(e -> CorpusPlan.sha256(e.file().bytes()) + " " + e.reason().name()).toList()));
        Set<String> refusedDigests = checks.refused().stream().map(e -> CorpusPlan.sha256(e.file().bytes()))
                .collect(Collectors.toSet());
        Set<String> storedDigests = checks.stored().stream().map(e -> CorpusPlan.sha256(e.file().bytes()))
                .collect(Collectors.toSet());
        assertThat(records.blobFiles()).as("blob files named after refused bytes")
                .noneMatch(f -> refusedDigests.stream().anyMatch(d -> !storedDigests.contains(d) && f.contains(d)));
    }

    @Override
    void storedBytesAreWhatWasSent(Map<String, String> digestBySop) {
        List<String> altered = checks().stored().stream()
                .filter(e -> !CorpusPlan.sha256(e.file().bytes()).equals(digestBySop.get(e.sop())))
                .map(e -> e.file().path()).toList();
        assertThat(altered).as("files whose stored bytes differ from the file").isEmpty();
    }
}
