package io.custos.server.retrieve;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.fileupload2.core.MultipartInput;
import org.springframework.http.MediaType;

/** A small DICOMweb client for the tests: GETs with a bearer token, multipart/related split by commons-fileupload. */
final class WadoHttp {

    record Part(String contentType, byte[] bytes) {
    }

    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;

    WadoHttp(int port) {
        this.base = "http://127.0.0.1:" + port + "/dicom-web";
    }

    HttpResponse<byte[]> get(String token, String path, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String contentType(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse("");
    }

    /** The parts of a multipart/related response, with their Content-Type headers. */
    static List<Part> parts(HttpResponse<byte[]> r) {
        MediaType type = MediaType.parseMediaType(contentType(r));
        String boundary = type.getParameter("boundary");
        try {
            MultipartInput input = MultipartInput.builder()
                    .setInputStream(new ByteArrayInputStream(r.body()))
                    .setBoundary(boundary.getBytes(StandardCharsets.ISO_8859_1))
                    .get();
            List<Part> parts = new ArrayList<>();
            for (boolean more = input.skipPreamble(); more; more = input.readBoundary()) {
                String headers = input.readHeaders();
                String partType = "";
                for (String line : headers.split("\r\n")) {
                    if (line.toLowerCase().startsWith("content-type:")) {
                        partType = line.substring("content-type:".length()).strip();
                    }
                }
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                input.readBodyData(body);
                parts.add(new Part(partType, body.toByteArray()));
            }
            return parts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
