package io.custos.server.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A tiny HTTP client for the access-trail tests: method, path, optional bearer token, headers and body. */
final class AuditHttp {

    private final HttpClient client = HttpClient.newHttpClient();
    private final int port;

    AuditHttp(int port) {
        this.port = port;
    }

    HttpResponse<String> send(String method, String pathAndQuery, String token, Map<String, String> headers,
                              byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String pathAndQuery, String token, Map<String, String> headers) {
        return send("GET", pathAndQuery, token, headers, null);
    }

    HttpResponse<String> postJson(String path, String token, String json, Map<String, String> headers) {
        java.util.Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Content-Type", "application/json");
        return send("POST", path, token, all, json.getBytes(StandardCharsets.UTF_8));
    }
}
