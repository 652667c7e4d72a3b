package io.custos.server.atna;

import com.thaiopensource.util.PropertyMapBuilder;
import com.thaiopensource.validate.ValidateProperty;
import com.thaiopensource.validate.ValidationDriver;
import com.thaiopensource.validate.rng.CompactSchemaReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/** Validates audit message XML against PS3.15 A.5.1.1's RELAX NG compact schema with Jing. */
final class AuditMessageSchema {

    private static final URL SCHEMA = Objects.requireNonNull(
            AuditMessageSchema.class.getResource("/atna/dicom-audit-message.rnc"), "schema resource");

    private AuditMessageSchema() {
    }

    /** The schema's complaints about the document; empty when it is valid. */
    static List<String> errors(byte[] xml) {
        List<String> errors = new ArrayList<>();
        ErrorHandler collect = new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) {
                errors.add(e.getLineNumber() + ":" + e.getColumnNumber() + " " + e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) {
                error(e);
            }
        };
        PropertyMapBuilder properties = new PropertyMapBuilder();
        properties.put(ValidateProperty.ERROR_HANDLER, collect);
        ValidationDriver driver = new ValidationDriver(properties.toPropertyMap(), CompactSchemaReader.getInstance());
        try {
            if (!driver.loadSchema(new InputSource(SCHEMA.toExternalForm()))) {
                throw new IllegalStateException("the audit schema does not load: " + errors);
            }
            if (!driver.validate(new InputSource(new ByteArrayInputStream(xml))) && errors.isEmpty()) {
                errors.add("invalid");
            }
        } catch (SAXException | IOException e) {
            errors.add(e.toString());
        }
        return errors;
    }
}
