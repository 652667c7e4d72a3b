package io.custos.query.qido;

import io.custos.archive.domain.TenantId;
import io.custos.query.dicom.DicomJsonWriter;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * QIDO-RS search transactions (PS3.18 10.6) under /dicom-web. The tenant always comes from
 * {@link TenantResolver}, i.e. from the authenticated principal; no request parameter can name one.
 * Responses are application/dicom+json (PS3.18 10.6.3, Annex F), or application/json when that is all
 * the client accepts; 204 when nothing matches (PS3.18 10.6.3.2).
 */
@RestController
@RequestMapping(path = "/dicom-web", produces = {QidoController.DICOM_JSON, MediaType.APPLICATION_JSON_VALUE})
public class QidoController {

    static final String DICOM_JSON = "application/dicom+json";
    private static final MediaType DICOM_JSON_TYPE = MediaType.parseMediaType(DICOM_JSON);

    private final QidoSearch search;
    private final QidoQueryParser parser;
    private final TenantResolver tenants;
    private final DicomJsonWriter writer = new DicomJsonWriter();
    private final JsonFactory problemJson = new JsonFactory();

    public QidoController(QidoSearch search, QidoQueryParser parser, TenantResolver tenants) {
        this.search = search;
        this.parser = parser;
        this.tenants = tenants;
    }

    @GetMapping("/studies")
    public ResponseEntity<byte[]> studies(@RequestParam MultiValueMap<String, String> params,
                                          @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        return run(QidoResource.ALL_STUDIES, null, null, params, accept);
    }

    @GetMapping("/studies/{study}/series")
    public ResponseEntity<byte[]> studySeries(@PathVariable String study,
                                              @RequestParam MultiValueMap<String, String> params,
                                              @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        return run(QidoResource.STUDY_SERIES, study, null, params, accept);
    }

    @GetMapping("/studies/{study}/series/{series}/instances")
    public ResponseEntity<byte[]> seriesInstances(@PathVariable String study, @PathVariable String series,
                                                  @RequestParam MultiValueMap<String, String> params,
                                                  @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        return run(QidoResource.SERIES_INSTANCES, study, series, params, accept);
    }

    @GetMapping("/studies/{study}/instances")
    public ResponseEntity<byte[]> studyInstances(@PathVariable String study,
                                                 @RequestParam MultiValueMap<String, String> params,
                                                 @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        return run(QidoResource.STUDY_INSTANCES, study, null, params, accept);
    }

    @GetMapping("/series")
    public ResponseEntity<byte[]> series(@RequestParam MultiValueMap<String, String> params,
                                         @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        return run(QidoResource.ALL_SERIES, null, null, params, accept);
    }

    @GetMapping("/instances")
    public ResponseEntity<byte[]> instances(@RequestParam MultiValueMap<String, String> params,
                                            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        return run(QidoResource.ALL_INSTANCES, null, null, params, accept);
    }

    private ResponseEntity<byte[]> run(QidoResource resource, String study, String series,
                                       Map<String, List<String>> params, String accept) {
        TenantId tenant = tenants.currentTenant();
        QidoQuery query = parser.parse(resource, Optional.ofNullable(study), Optional.ofNullable(series), params);
        QidoResult result = search.search(tenant, query);
        HttpHeaders headers = new HttpHeaders();
        result.warnings().forEach(w -> headers.add(HttpHeaders.WARNING, w));
        if (result.matches().isEmpty()) {
            return new ResponseEntity<>(headers, HttpStatus.NO_CONTENT);
        }
        headers.setContentType(responseType(accept));
        return new ResponseEntity<>(writer.writeArray(result.matches()), headers, HttpStatus.OK);
    }

    /** application/json only when the client accepts it but not application/dicom+json. */
    private static MediaType responseType(String accept) {
        if (accept == null || accept.isBlank()) {
            return DICOM_JSON_TYPE;
        }
        List<MediaType> accepted = MediaType.parseMediaTypes(accept);
        boolean dicomJson = accepted.stream().anyMatch(m -> m.includes(DICOM_JSON_TYPE));
        boolean json = accepted.stream().anyMatch(m -> m.isCompatibleWith(MediaType.APPLICATION_JSON));
        return !dicomJson && json ? MediaType.APPLICATION_JSON : DICOM_JSON_TYPE;
    }

    /** RFC 9457 problem+json; the detail names parameters only, never their values. */
    @ExceptionHandler(InvalidQueryException.class)
    public ResponseEntity<byte[]> badRequest(InvalidQueryException e) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (JsonGenerator g = problemJson.createGenerator(ObjectWriteContext.empty(), body)) {
            g.writeStartObject();
            g.writeStringProperty("type", "about:blank");
            g.writeStringProperty("title", "Bad Request");
            g.writeNumberProperty("status", 400);
            g.writeStringProperty("detail", e.getMessage());
            g.writeEndObject();
        }
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body.toByteArray());
    }
}
