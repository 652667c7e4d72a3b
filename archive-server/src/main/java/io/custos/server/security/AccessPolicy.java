package io.custos.server.security;

import static io.custos.server.security.Role.AUDITOR;
import static io.custos.server.security.Role.CLINICIAN;
import static io.custos.server.security.Role.DATA_STEWARD;
import static io.custos.server.security.Role.RESEARCHER;
import static io.custos.server.security.Role.SERVICE;
import static io.custos.server.security.Role.TENANT_ADMIN;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpMethod;

/**
 * Which roles may call which endpoint groups. Rules are checked in order, the first match decides.
 * A request that no rule covers is refused for every role (default deny): a new endpoint is unreachable
 * until somebody decides here who may call it.
 *
 * <p>The {@link #baseline()} policy ("custos-baseline"):
 * <ul>
 *   <li>{@code stow-rs}: POST {@code /dicom-web/studies/**} → clinician, service, tenant-admin.</li>
 *   <li>{@code dicomweb-read}: GET/HEAD {@code /dicom-web/**} (QIDO-RS, WADO-RS) → clinician, service,
 *       tenant-admin. Researchers are refused because DICOMweb returns identifiable data; they get
 *       de-identified exports approved by a data steward instead. Auditors are refused because they
 *       need the access trail, not the images; they use the audit API.</li>
 *   <li>{@code audit-api}: GET/POST {@code /audit/**} (access trail reports) → auditor only.</li>
 *   <li>{@code key-admin}: GET/POST {@code /admin/keys/**} (the tenant's KEK: status, rotation, retirement)
 *       → tenant-admin only.</li>
 *   <li>{@code export-decision}: POST {@code /exports/{id}/decision} → data-steward.</li>
 *   <li>{@code export-retry}: POST {@code /exports/{id}/retry} → data-steward.</li>
 *   <li>{@code export-request}: POST {@code /exports} → researcher.</li>
 *   <li>{@code export-status}: GET {@code /exports/**} → researcher, data-steward.</li>
 * </ul>
 * Data stewards have no DICOMweb access either: they decide exports, they do not read images.
 */
public final class AccessPolicy {

    private final String name;
    private final List<AccessRule> rules;

    public AccessPolicy(String name, List<AccessRule> rules) {
        this.name = Objects.requireNonNull(name, "name");
        this.rules = List.copyOf(rules);
    }

    public static AccessPolicy baseline() {
        return new AccessPolicy("custos-baseline", List.of(
                new AccessRule("stow-rs", Set.of(HttpMethod.POST), "/dicom-web/studies/**",
                        Set.of(CLINICIAN, SERVICE, TENANT_ADMIN)),
                new AccessRule("dicomweb-read", Set.of(HttpMethod.GET, HttpMethod.HEAD), "/dicom-web/**",
                        Set.of(CLINICIAN, SERVICE, TENANT_ADMIN)),
                new AccessRule("audit-api", Set.of(HttpMethod.GET, HttpMethod.POST), "/audit/**",
                        Set.of(AUDITOR)),
                new AccessRule("key-admin", Set.of(HttpMethod.GET, HttpMethod.POST), "/admin/keys/**",
                        Set.of(TENANT_ADMIN)),
                new AccessRule("export-decision", Set.of(HttpMethod.POST), "/exports/*/decision",
                        Set.of(DATA_STEWARD)),
                new AccessRule("export-retry", Set.of(HttpMethod.POST), "/exports/*/retry", Set.of(DATA_STEWARD)),
                new AccessRule("export-request", Set.of(HttpMethod.POST), "/exports", Set.of(RESEARCHER)),
                new AccessRule("export-status", Set.of(HttpMethod.GET), "/exports/**",
                        Set.of(RESEARCHER, DATA_STEWARD)),
                new AccessRule("admin-api", Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE),
                        "/admin/**", Set.of(TENANT_ADMIN))));
    }

    public String name() {
        return name;
    }

    public List<AccessRule> rules() {
        return rules;
    }

    public Optional<AccessRule> ruleFor(HttpServletRequest request) {
        return rules.stream().filter(r -> r.matches(request)).findFirst();
    }
}
