package io.custos.query.wado;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/** RFC 9457 application/problem+json answers; the detail never holds PHI (only UIDs' roles, syntaxes, counts). */
final class WadoProblems {

    private static final JsonFactory JSON = new JsonFactory();

    private WadoProblems() {
    }

    /** Writes the problem if nothing was sent yet; otherwise the response is already on its way and stays cut. */
    static void write(HttpServletResponse response, int status, String detail) {
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        response.setStatus(status);
        response.setContentType("application/problem+json");
        try (OutputStream out = response.getOutputStream();
             JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
            g.writeStartObject();
            g.writeStringProperty("type", "about:blank");
            g.writeStringProperty("title", title(status));
            g.writeNumberProperty("status", status);
            g.writeStringProperty("detail", detail);
            g.writeEndObject();
        } catch (IOException gone) {
            // The client is gone; there is nobody left to tell.
        }
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 406 -> "Not Acceptable";
            default -> "Internal Server Error";
        };
    }
}
