package io.custos.server.atna;

import io.custos.server.atna.AuditMessage.ActiveParticipant;
import io.custos.server.atna.AuditMessage.AuditSource;
import io.custos.server.atna.AuditMessage.Detail;
import io.custos.server.atna.AuditMessage.Event;
import io.custos.server.atna.AuditMessage.ParticipantObject;
import io.custos.server.atna.AuditMessage.SopClassCount;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes an {@link AuditMessage} as the XML of the DICOM Audit Message Schema (PS3.15 A.5.1.1), UTF-8, on one
 * line (syslog receivers treat line ends specially). Element order follows the schema, which fixes it; the
 * JDK's StAX writer does the escaping. Text from the network (AE titles, user names, paths) may hold characters
 * XML 1.0 cannot carry at all (control characters): they become U+FFFD, so the message stays well-formed.
 */
public final class AuditMessageXml {

    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    public byte[] write(AuditMessage message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try {
            XMLStreamWriter xml = FACTORY.createXMLStreamWriter(out, StandardCharsets.UTF_8.name());
            xml.writeStartDocument(StandardCharsets.UTF_8.name(), "1.0");
            xml.writeStartElement("AuditMessage");
            event(xml, message.event());
            for (ActiveParticipant p : message.participants()) {
                participant(xml, p);
            }
            source(xml, message.source());
            for (ParticipantObject o : message.objects()) {
                object(xml, o);
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write an audit message", e);
        }
        return out.toByteArray();
    }

    private static void event(XMLStreamWriter xml, Event e) throws XMLStreamException {
        xml.writeStartElement("EventIdentification");
        if (e.action() != null) {
            attribute(xml, "EventActionCode", e.action());
        }
        attribute(xml, "EventDateTime", e.at().toString());
        attribute(xml, "EventOutcomeIndicator", e.outcome().code());
        coded(xml, "EventID", e.id());
        for (AuditCode type : e.types()) {
            coded(xml, "EventTypeCode", type);
        }
        if (e.description() != null) {
            xml.writeStartElement("EventOutcomeDescription");
            text(xml, e.description());
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private static void participant(XMLStreamWriter xml, ActiveParticipant p) throws XMLStreamException {
        xml.writeStartElement("ActiveParticipant");
        attribute(xml, "UserID", p.userId());
        if (p.alternativeUserId() != null) {
            attribute(xml, "AlternativeUserID", p.alternativeUserId());
        }
        attribute(xml, "UserIsRequestor", Boolean.toString(p.requestor()));
        if (p.accessPoint() != null) {
            attribute(xml, "NetworkAccessPointID", p.accessPoint());
            // A.5.1.1: 1 = machine name, 2 = IP address
            attribute(xml, "NetworkAccessPointTypeCode", p.accessPointIsAddress() ? "2" : "1");
        }
        for (AuditCode role : p.roles()) {
            coded(xml, "RoleIDCode", role);
        }
        xml.writeEndElement();
    }

    private static void source(XMLStreamWriter xml, AuditSource s) throws XMLStreamException {
        xml.writeStartElement("AuditSourceIdentification");
        if (s.enterpriseSiteId() != null) {
            attribute(xml, "AuditEnterpriseSiteID", s.enterpriseSiteId());
        }
        attribute(xml, "AuditSourceID", s.sourceId());
        if (s.typeCode() != null) {
            xml.writeEmptyElement("AuditSourceTypeCode");
            attribute(xml, "csd-code", s.typeCode());
        }
        xml.writeEndElement();
    }

    private static void object(XMLStreamWriter xml, ParticipantObject o) throws XMLStreamException {
        xml.writeStartElement("ParticipantObjectIdentification");
        attribute(xml, "ParticipantObjectID", o.id());
        if (o.typeCode() != null) {
            attribute(xml, "ParticipantObjectTypeCode", o.typeCode());
        }
        if (o.typeCodeRole() != null) {
            attribute(xml, "ParticipantObjectTypeCodeRole", o.typeCodeRole());
        }
        if (o.dataLifeCycle() != null) {
            attribute(xml, "ParticipantObjectDataLifeCycle", o.dataLifeCycle());
        }
        coded(xml, "ParticipantObjectIDTypeCode", o.idType());
        if (o.name() != null) {
            xml.writeStartElement("ParticipantObjectName");
            text(xml, o.name());
            xml.writeEndElement();
        } else {
            xml.writeStartElement("ParticipantObjectQuery");
            text(xml, Base64.getEncoder().encodeToString(o.query()));
            xml.writeEndElement();
        }
        for (Detail d : o.details()) {
            xml.writeEmptyElement("ParticipantObjectDetail");
            attribute(xml, "type", d.type());
            attribute(xml, "value", Base64.getEncoder().encodeToString(d.value()));
        }
        if (!o.sopClasses().isEmpty()) {
            xml.writeStartElement("ParticipantObjectDescription");
            for (SopClassCount c : o.sopClasses()) {
                xml.writeEmptyElement("SOPClass");
                if (c.uid() != null) {
                    attribute(xml, "UID", c.uid());
                }
                attribute(xml, "NumberOfInstances", Integer.toString(c.instances()));
            }
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private static void attribute(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeAttribute(name, xmlSafe(value));
    }

    private static void text(XMLStreamWriter xml, String value) throws XMLStreamException {
        xml.writeCharacters(xmlSafe(value));
    }

    /** XML 1.0 Char production (section 2.2): tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD, supplementary. */
    static String xmlSafe(String value) {
        StringBuilder b = null;
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
            if (!allowed && b == null) {
                b = new StringBuilder(value.length()).append(value, 0, i);
            }
            if (b != null) {
                b.appendCodePoint(allowed ? c : 0xFFFD);
            }
            i += Character.charCount(c);
        }
        return b == null ? value : b.toString();
    }

    private static void coded(XMLStreamWriter xml, String element, AuditCode code) throws XMLStreamException {
        xml.writeEmptyElement(element);
        attribute(xml, "csd-code", code.code());
        attribute(xml, "codeSystemName", code.codeSystemName());
        attribute(xml, "originalText", code.originalText());
    }
}
