package io.custos.server.export;

import io.custos.archive.export.api.ExportEvents.ExportCompletedEvent;
import io.custos.archive.export.api.ExportEvents.ExportFailedEvent;
import io.custos.archive.export.api.ExportId;
import io.custos.archive.export.api.ExportState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells a tenant's receiver that one of its exports completed or failed: a POST of a small JSON body (ids, state,
 * manifest hash, counts, time; no PHI, no study) signed with the tenant's secret ({@link WebhookSignature}).
 *
 * <p>It runs in its own tracking processor ({@value #PROCESSING_GROUP}, own token and thread), as the ATNA export
 * does: a receiver that is down or answers anything but 2xx makes the delivery throw, and the processor retries
 * the same event with growing back-off (Axon's tracking processor: 1 s doubling to 60 s). So a down receiver
 * delays notifications, never loses them, and never holds up the other processors; after a restart delivery
 * resumes from the stored token. Delivery is at least once: receivers deduplicate by {@code X-Custos-Delivery}
 * (the event's id) or by export id and state.
 */
@ProcessingGroup(ExportWebhookHandler.PROCESSING_GROUP)
class ExportWebhookHandler {

    static final String PROCESSING_GROUP = "export-webhooks";
    static final String DELIVERY_HEADER = "X-Custos-Delivery";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ExportWebhooks webhooks;
    private final HttpClient http;
    private final Clock clock;

    ExportWebhookHandler(ExportWebhooks webhooks, HttpClient http, Clock clock) {
        this.webhooks = webhooks;
        this.http = http;
        this.clock = clock;
    }

    @EventHandler
    void on(ExportCompletedEvent e, @Timestamp Instant at, @MessageIdentifier String delivery) {
        deliver(e.exportId(), body(e.exportId(), ExportState.COMPLETED, e.manifestSha256(), e.files(), e.bytes(),
                null, at), delivery);
    }

    @EventHandler
    void on(ExportFailedEvent e, @Timestamp Instant at, @MessageIdentifier String delivery) {
        deliver(e.exportId(), body(e.exportId(), ExportState.FAILED, null, 0, 0, e.reason(), at), delivery);
    }

    /**
     * The notification: {@code exportId} (the id the REST API uses), {@code state}, {@code manifestSha256},
     * {@code files}, {@code bytes}, {@code time} (of the event), and for a failure its {@code reason} code.
     */
    static byte[] body(ExportId id, ExportState state, String manifestSha256, int files, long bytes, String reason,
                       Instant at) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("exportId", id.value().substring(id.value().indexOf('/') + 1));
        body.put("state", state.name());
        body.put("manifestSha256", manifestSha256);
        body.put("files", files);
        body.put("bytes", bytes);
        body.put("time", at.toString());
        if (reason != null) {
            body.put("reason", reason);
        }
        return JSON.writeValueAsBytes(body);
    }

    void deliver(ExportId id, byte[] body, String delivery) {
        ExportWebhooks.Target target = webhooks.forTenant(id.tenant()).orElse(null);
        if (target == null) {
            return;
        }
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(target.url())
                .timeout(target.timeout())
                .header("Content-Type", "application/json")
                .header(WebhookSignature.TIMESTAMP_HEADER, timestamp)
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(target.secret(), timestamp, body))
                .header(DELIVERY_HEADER, delivery)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // Thrown so the processor retries this event later; the message names the tenant, not the body.
            throw new UncheckedIOException("export webhook of tenant " + id.tenant() + " not delivered", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("export webhook delivery interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new WebhookRefusedException("export webhook of tenant " + id.tenant() + " answered "
                    + response.statusCode());
        }
    }

    /** The receiver answered, but not with 2xx: retried like an unreachable receiver. */
    static final class WebhookRefusedException extends RuntimeException {
        WebhookRefusedException(String message) {
            super(message);
        }
    }
}
