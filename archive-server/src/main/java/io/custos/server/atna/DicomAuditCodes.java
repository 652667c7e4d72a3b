package io.custos.server.atna;

/**
 * The coded values used in the messages, with the PS3.15 / PS3.16 place that defines them. Event IDs are
 * CID 400 "Audit Event ID", event type codes CID 401, role IDs CID 402, participant object ID types CID 404
 * (PS3.16); the RFC-3881 codes are those PS3.15 A.5.3 prescribes for the patient and URI objects.
 */
final class DicomAuditCodes {

    /** PS3.15 A.5.3.2 Audit Log Used. */
    static final AuditCode AUDIT_LOG_USED = AuditCode.dcm("110101", "Audit Log Used");
    /** PS3.15 A.5.3.5 DICOM Instances Accessed (here: deletion, action D). */
    static final AuditCode INSTANCES_ACCESSED = AuditCode.dcm("110103", "DICOM Instances Accessed");
    /** PS3.15 A.5.3.6 DICOM Instances Transferred (ingest: action C; retrieval by a client: action R). */
    static final AuditCode INSTANCES_TRANSFERRED = AuditCode.dcm("110104", "DICOM Instances Transferred");
    /** PS3.15 A.5.3.11 Query. */
    static final AuditCode QUERY = AuditCode.dcm("110112", "Query");
    /** PS3.15 A.5.3.12 Security Alert. */
    static final AuditCode SECURITY_ALERT = AuditCode.dcm("110113", "Security Alert");
    /** PS3.15 A.5.3.13 User Authentication. */
    static final AuditCode USER_AUTHENTICATION = AuditCode.dcm("110114", "User Authentication");

    /** Event type of User Authentication (CID 401). */
    static final AuditCode LOGIN = AuditCode.dcm("110122", "Login");
    /** Event types of Security Alert (CID 401). */
    static final AuditCode NODE_AUTHENTICATION = AuditCode.dcm("110126", "Node Authentication");
    static final AuditCode SECURITY_CONFIGURATION = AuditCode.dcm("110129", "Security Configuration");
    static final AuditCode USE_OF_RESTRICTED_FUNCTION = AuditCode.dcm("110132", "Use of Restricted Function");

    /** Role IDs (CID 402): the sending and the receiving side of a transfer or query. */
    static final AuditCode SOURCE = AuditCode.dcm("110153", "Source Role ID");
    static final AuditCode DESTINATION = AuditCode.dcm("110152", "Destination Role ID");

    /** Participant object ID types (CID 404 and RFC 3881 5.5.4). */
    static final AuditCode STUDY_INSTANCE_UID = AuditCode.dcm("110180", "Study Instance UID");
    static final AuditCode SOP_CLASS_UID = AuditCode.dcm("110181", "SOP Class UID");
    static final AuditCode PATIENT_NUMBER = AuditCode.rfc3881("2", "Patient Number");
    static final AuditCode URI = AuditCode.rfc3881("12", "URI");

    /** Study Root Query/Retrieve Information Model - FIND: what a QIDO-RS study search is (PS3.18 10.6). */
    static final String STUDY_ROOT_FIND = "1.2.840.10008.5.1.4.1.2.2.1";

    private DicomAuditCodes() {
    }
}
