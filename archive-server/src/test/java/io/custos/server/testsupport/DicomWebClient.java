package io.custos.server.testsupport;

import io.custos.server.security.Role;
import io.custos.server.security.TokenMinter;
import io.custos.server.security.TokenRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A DICOMweb client of a running test archive: QIDO-RS GETs and STOW-RS POSTs (PS3.18 10.5, 10.6) over real
 * HTTP, with bearer tokens minted by the archive's embedded issuer. Bodies are returned, never printed: they
 * carry the corpus patients' names and IDs.
 */
public final class DicomWebClient {

    public static final String DICOM = "application/dicom";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConfigurableApplicationContext archive;
    private final String root;
    private final HttpClient http = HttpClient.newHttpClient();

    public DicomWebClient(ConfigurableApplicationContext archive) {
        this.archive = archive;
        this.root = "http://127.0.0.1:" + archive.getEnvironment().getRequiredProperty("local.server.port");
    }

    /** The base URL of the archive's HTTP listener, e.g. {@code http://127.0.0.1:40123}. */
    public String root() {
        return root;
    }

    /** A one-hour token of {@code tenant} for the server's region with the given roles. */
    public String token(String tenant, Role... roles) {
        return archive.getBean(TokenMinter.class).mint(new TokenRequest("e2e-" + roles[0].claimValue(),
                Set.of(roles), tenant, Set.of("local"), Duration.ofHours(1)));
    }

    /** GET below {@code /dicom-web}; {@code token} may be null (no Authorization header). */
    public HttpResponse<String> get(String token, String pathAndQuery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + "/dicom-web" + pathAndQuery))
                .header("Accept", "application/dicom+json").GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /** QIDO-RS result as a JSON array; 204 (no match) is an empty array, anything else but 200 fails. */
    public List<JsonNode> qido(String token, String pathAndQuery) {
        HttpResponse<String> r = get(token, pathAndQuery);
        if (r.statusCode() == 204) {
            return List.of();
        }
        if (r.statusCode() != 200) {
            // The path names UIDs only; query values could be PHI, so only the resource is named.
            throw new AssertionError("QIDO " + pathAndQuery.split("\\?")[0] + " answered " + r.statusCode());
        }
        return JSON.readTree(r.body()).valueStream().toList();
    }

    /** STOW-RS of the given objects, each one part of type application/dicom. */
    public HttpResponse<String> stow(String token, String path, byte[]... objects) {
        String boundary = "custos-e2e-" + UUID.randomUUID();
        return post(token, path, "multipart/related; type=\"application/dicom\"; boundary=" + boundary,
                multipart(boundary, objects));
    }

    /** POST below {@code /dicom-web} with any content type and body; {@code token} may be null. */
    public HttpResponse<String> post(String token, String path, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + "/dicom-web" + path))
                .header("Accept", "application/dicom+json")
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /** POST of a JSON body to one of the archive's REST resources (outside {@code /dicom-web}). */
    public HttpResponse<String> postJson(String token, String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(root + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** GET of one of the archive's REST resources (outside {@code /dicom-web}) as JSON. */
    public HttpResponse<String> getJson(String token, String path) {
        return send(HttpRequest.newBuilder(URI.create(root + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build());
    }

    /** A multipart/related body (RFC 2387, PS3.18 8.6.1.2) with one application/dicom part per object. */
    public static byte[] multipart(String boundary, byte[]... objects) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] object : objects) {
            body.writeBytes(("--" + boundary + "\r\nContent-Type: " + DICOM + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(object);
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    public static JsonNode json(String body) {
        return JSON.readTree(body);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
