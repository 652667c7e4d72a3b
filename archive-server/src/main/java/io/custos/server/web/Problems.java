package io.custos.server.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 9457 problem+json answers of the REST controllers: {@code type}, {@code title}, {@code status},
 * {@code detail}, then any extension members. Details name fields and rules, never request values (they may
 * be PHI).
 */
public final class Problems {

    private Problems() {
    }

    /** A problem titled with the status's reason phrase. */
    public static ResponseEntity<Map<String, Object>> problem(HttpStatus status, String detail) {
        return problem(status, status.getReasonPhrase(), detail, Map.of());
    }

    public static ResponseEntity<Map<String, Object>> problem(HttpStatus status, String title, String detail,
                                                              Map<String, Object> extensions) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.putAll(extensions);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
