package io.custos.server.atna;

import java.io.ByteArrayInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** Reads values out of an audit message by XPath, for assertions. */
final class AuditXml {

    private final Document document;

    AuditXml(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new IllegalArgumentException("not XML", e);
        }
    }

    String value(String xpath) {
        try {
            return (String) XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.STRING);
        } catch (Exception e) {
            throw new IllegalArgumentException(xpath, e);
        }
    }

    int count(String xpath) {
        try {
            return ((NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.NODESET))
                    .getLength();
        } catch (Exception e) {
            throw new IllegalArgumentException(xpath, e);
        }
    }

    String eventId() {
        return value("/AuditMessage/EventIdentification/EventID/@csd-code");
    }

    String action() {
        return value("/AuditMessage/EventIdentification/@EventActionCode");
    }

    String outcome() {
        return value("/AuditMessage/EventIdentification/@EventOutcomeIndicator");
    }

    /** The ParticipantObjectID of the object with that ID type code. */
    String objectId(String idTypeCode) {
        return value("/AuditMessage/ParticipantObjectIdentification[ParticipantObjectIDTypeCode/@csd-code='"
                + idTypeCode + "']/@ParticipantObjectID");
    }

    /** The UserID of the participant with that role code. */
    String userWithRole(String roleCode) {
        return value("/AuditMessage/ActiveParticipant[RoleIDCode/@csd-code='" + roleCode + "']/@UserID");
    }
}
