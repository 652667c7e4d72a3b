package io.custos.deidentify.header;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import io.custos.deidentify.dates.DateShifter;
import io.custos.deidentify.profile.ConfidentialityTable;
import io.custos.deidentify.profile.DeidentificationProfile;
import io.custos.deidentify.profile.ProfileOption;
import io.custos.deidentify.profile.SafeAttributes;
import io.custos.deidentify.pseudonym.PatientKey;
import io.custos.deidentify.pseudonym.Pseudonyms;
import io.custos.deidentify.report.DeidentificationReport;
import io.custos.deidentify.secret.ProjectSecret;
import io.custos.deidentify.uid.UidRemapper;
import java.util.Objects;
import java.util.Optional;

/**
 * Header de-identification of one project's instances with one profile: the Basic Application Level
 * Confidentiality Profile of PS3.15 Annex E with the chosen options. Immutable and thread-safe: one instance
 * serves every thread of an export, and the same input gives the same output (UIDs, pseudonyms and date shifts
 * are keyed by the project secret, not drawn at random).
 *
 * <p>Pixel data is passed through untouched: burned-in text is the pixel path's job (see the module README).
 * Read sources with {@code setDecompressPixelData(false)} so the pixel data stays in its transfer syntax.
 */
public final class Deidentifier {

    private final DeidentificationProfile profile;
    private final UidRemapper uids;
    private final DateShifter dateShifter;
    private final Pseudonyms pseudonyms;

    public Deidentifier(DeidentificationProfile profile, ProjectSecret secret) {
        this.profile = Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(secret, "secret");
        this.uids = new UidRemapper(secret);
        this.dateShifter = new DateShifter(secret);
        this.pseudonyms = new Pseudonyms(secret);
    }

    /** De-identifies {@code source}, which is left unchanged. */
    public DeidentifiedInstance deidentify(AttributeList source) {
        Objects.requireNonNull(source, "source");
        PatientKey patient = PatientKey.of(
                value(source, TagFromName.IssuerOfPatientID),
                value(source, TagFromName.PatientID),
                value(source, TagFromName.StudyInstanceUID));
        DeidentificationReport.Builder report = new DeidentificationReport.Builder();
        report.burnedInAnnotation("YES".equalsIgnoreCase(value(source, TagFromName.BurnedInAnnotation).strip()));
        InstanceContext context = new InstanceContext(
                profile,
                ConfidentialityTable.standard(),
                SafeAttributes.standard(),
                uids,
                profile.has(ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES)
                        ? Optional.of(dateShifter.shiftFor(patient)) : Optional.empty(),
                pseudonyms.pseudonymFor(patient),
                IdentifyingText.of(source, profile),
                OutputCharacterSet.of(source),
                report);
        AttributeList out = new DatasetWalker(context).walkTopLevel(source);
        MethodStamp.apply(out, profile, report);
        String transferSyntax = value(source, TagFromName.TransferSyntaxUID).strip();
        return new DeidentifiedInstance(out,
                transferSyntax.isEmpty() ? TransferSyntax.ExplicitVRLittleEndian : transferSyntax, report.build());
    }

    public DeidentificationProfile profile() {
        return profile;
    }

    private static String value(AttributeList list, com.pixelmed.dicom.AttributeTag tag) {
        Attribute attribute = list.get(tag);
        return attribute == null ? "" : attribute.getSingleStringValueOrEmptyString();
    }
}
