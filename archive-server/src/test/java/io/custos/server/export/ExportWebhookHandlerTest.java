package io.custos.server.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.custos.archive.export.api.ExportId;
import io.custos.archive.export.api.ExportState;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ExportWebhookHandlerTest {

    private static final byte[] SECRET = "a webhook secret of at least 32 bytes".getBytes(StandardCharsets.UTF_8);
    private static final ExportId ID = new ExportId("t1/0b6f9c1e-3f4a-4d7e-9a51-2f1c3b5d7e90");
    private static final Instant AT = Instant.parse("2026-12-07T01:00:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);

    private record Received(Map<String, List<String>> headers, byte[] body) {
    }

    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(204);

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void theBodyCarriesIdsStateHashCountsAndTimeOnly() {
        JsonNode body = JsonMapper.builder().build().readTree(ExportWebhookHandler.body(ID, ExportState.COMPLETED,
                "ab".repeat(32), 12, 3456, null, AT));
        assertThat(body.propertyNames()).containsExactly("exportId", "state", "manifestSha256", "files", "bytes",
                "time");
        assertThat(body.path("exportId").asString()).isEqualTo("0b6f9c1e-3f4a-4d7e-9a51-2f1c3b5d7e90");
        assertThat(body.path("state").asString()).isEqualTo("COMPLETED");
        assertThat(body.path("files").asInt()).isEqualTo(12);
        assertThat(body.path("bytes").asLong()).isEqualTo(3456);
        assertThat(body.path("time").asString()).isEqualTo("2026-12-07T01:00:00Z");

        JsonNode failed = JsonMapper.builder().build().readTree(ExportWebhookHandler.body(ID, ExportState.FAILED,
                null, 0, 0, "STORE_UNAVAILABLE", AT));
        assertThat(failed.propertyNames()).containsExactly("exportId", "state", "manifestSha256", "files", "bytes",
                "time", "reason");
    }

    @Test
    void postsTheSignedBodyToTheTenantsReceiver() throws Exception {
        ExportWebhookHandler handler = handler(startReceiver());
        byte[] body = ExportWebhookHandler.body(ID, ExportState.COMPLETED, "ab".repeat(32), 1, 2, null, AT);
        handler.deliver(ID, body, "event-1");

        assertThat(received).hasSize(1);
        Received r = received.get(0);
        assertThat(r.body()).isEqualTo(body);
        assertThat(r.headers().get("X-custos-timestamp")).containsExactly("1800000000");
        assertThat(r.headers().get("X-custos-delivery")).containsExactly("event-1");
        assertThat(WebhookSignature.verify(SECRET, "1800000000", r.body(),
                r.headers().get("X-custos-signature").get(0))).isTrue();
    }

    @Test
    void aTenantWithoutWebhookSendsNothing() throws Exception {
        ExportWebhookHandler handler = handler(startReceiver());
        handler.deliver(new ExportId("t2/0b6f9c1e-3f4a-4d7e-9a51-2f1c3b5d7e90"), new byte[] {'{', '}'}, "event-1");
        assertThat(received).isEmpty();
    }

    /** Throwing is the retry policy: the tracking processor backs off and delivers the same event again. */
    @Test
    void aReceiverThatAnswersAnErrorOrIsDownMakesTheDeliveryThrowSoItIsRetried() throws Exception {
        status.set(503);
        ExportWebhookHandler refusing = handler(startReceiver());
        assertThatThrownBy(() -> refusing.deliver(ID, new byte[] {'{', '}'}, "event-1"))
                .isInstanceOf(ExportWebhookHandler.WebhookRefusedException.class).hasMessageContaining("503");

        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ExportWebhookHandler down = handler(URI.create("http://127.0.0.1:" + closedPort + "/hook"));
        assertThatThrownBy(() -> down.deliver(ID, new byte[] {'{', '}'}, "event-1"))
                .isInstanceOf(UncheckedIOException.class).hasMessageNotContaining("{");
    }

    private URI startReceiver() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            received.add(new Received(Map.copyOf(exchange.getRequestHeaders()),
                    exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    private static ExportWebhookHandler handler(URI url) {
        ExportWebhooks webhooks = new ExportWebhooks(Map.of("t1",
                new ExportWebhooks.Target(url, SECRET, Duration.ofSeconds(5))));
        return new ExportWebhookHandler(webhooks, HttpClient.newHttpClient(), CLOCK);
    }
}
