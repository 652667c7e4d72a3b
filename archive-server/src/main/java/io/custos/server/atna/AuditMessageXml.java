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
 * JDK's StAX writer does the escaping.
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
            xml.writeAttribute("EventActionCode", e.action());
        }
        xml.writeAttribute("EventDateTime", e.at().toString());
        xml.writeAttribute("EventOutcomeIndicator", e.outcome().code());
        coded(xml, "EventID", e.id());
        for (AuditCode type : e.types()) {
            coded(xml, "EventTypeCode", type);
        }
        if (e.description() != null) {
            xml.writeStartElement("EventOutcomeDescription");
            xml.writeCharacters(e.description());
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private static void participant(XMLStreamWriter xml, ActiveParticipant p) throws XMLStreamException {
        xml.writeStartElement("ActiveParticipant");
        xml.writeAttribute("UserID", p.userId());
        if (p.alternativeUserId() != null) {
            xml.writeAttribute("AlternativeUserID", p.alternativeUserId());
        }
        xml.writeAttribute("UserIsRequestor", Boolean.toString(p.requestor()));
        if (p.accessPoint() != null) {
            xml.writeAttribute("NetworkAccessPointID", p.accessPoint());
            // A.5.1.1: 1 = machine name, 2 = IP address
            xml.writeAttribute("NetworkAccessPointTypeCode", p.accessPointIsAddress() ? "2" : "1");
        }
        for (AuditCode role : p.roles()) {
            coded(xml, "RoleIDCode", role);
        }
        xml.writeEndElement();
    }

    private static void source(XMLStreamWriter xml, AuditSource s) throws XMLStreamException {
        xml.writeStartElement("AuditSourceIdentification");
        if (s.enterpriseSiteId() != null) {
            xml.writeAttribute("AuditEnterpriseSiteID", s.enterpriseSiteId());
        }
        xml.writeAttribute("AuditSourceID", s.sourceId());
        if (s.typeCode() != null) {
            xml.writeEmptyElement("AuditSourceTypeCode");
            xml.writeAttribute("csd-code", s.typeCode());
        }
        xml.writeEndElement();
    }

    private static void object(XMLStreamWriter xml, ParticipantObject o) throws XMLStreamException {
        xml.writeStartElement("ParticipantObjectIdentification");
        xml.writeAttribute("ParticipantObjectID", o.id());
        if (o.typeCode() != null) {
            xml.writeAttribute("ParticipantObjectTypeCode", o.typeCode());
        }
        if (o.typeCodeRole() != null) {
            xml.writeAttribute("ParticipantObjectTypeCodeRole", o.typeCodeRole());
        }
        if (o.dataLifeCycle() != null) {
            xml.writeAttribute("ParticipantObjectDataLifeCycle", o.dataLifeCycle());
        }
        coded(xml, "ParticipantObjectIDTypeCode", o.idType());
        if (o.name() != null) {
            xml.writeStartElement("ParticipantObjectName");
            xml.writeCharacters(o.name());
            xml.writeEndElement();
        } else {
            xml.writeStartElement("ParticipantObjectQuery");
            xml.writeCharacters(Base64.getEncoder().encodeToString(o.query()));
            xml.writeEndElement();
        }
        for (Detail d : o.details()) {
            xml.writeEmptyElement("ParticipantObjectDetail");
            xml.writeAttribute("type", d.type());
            xml.writeAttribute("value", Base64.getEncoder().encodeToString(d.value()));
        }
        if (!o.sopClasses().isEmpty()) {
            xml.writeStartElement("ParticipantObjectDescription");
            for (SopClassCount c : o.sopClasses()) {
                xml.writeEmptyElement("SOPClass");
                if (c.uid() != null) {
                    xml.writeAttribute("UID", c.uid());
                }
                xml.writeAttribute("NumberOfInstances", Integer.toString(c.instances()));
            }
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private static void coded(XMLStreamWriter xml, String element, AuditCode code) throws XMLStreamException {
        xml.writeEmptyElement(element);
        xml.writeAttribute("csd-code", code.code());
        xml.writeAttribute("codeSystemName", code.codeSystemName());
        xml.writeAttribute("originalText", code.originalText());
    }
}
