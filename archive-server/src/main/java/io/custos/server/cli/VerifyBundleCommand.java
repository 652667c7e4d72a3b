package io.custos.server.cli;

import io.custos.archive.ledger.evidence.EvidenceBundleVerifier;
import io.custos.archive.ledger.evidence.EvidenceBundleVerifier.EventResult;
import io.custos.archive.ledger.evidence.EvidenceQuestion;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code custos verify-bundle}: verifies an evidence bundle offline (no database, no network), trusting only the
 * ledger's public key. Prints one line per event (OK, or FAILED with the kind), the entries the archive could not
 * prove, whether the archive's signature over the bundle holds, and a result line. Exit code 0 only when every
 * event verifies, nothing is unprovable and the bundle's signature holds; 1 otherwise; 2 when the bundle or the
 * key cannot be read.
 */
@Command(name = "verify-bundle", mixinStandardHelpOptions = true,
        description = "Verify an evidence bundle offline: event hashes, chain links, inclusion proofs, checkpoints.")
public final class VerifyBundleCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "The evidence bundle (.zip) exported by the audit API.")
    Path bundle;

    @Option(names = "--public-key", required = true,
            description = "The ledger's Ed25519 public key (hex), obtained from a trusted copy.")
    Path publicKey;

    @Option(names = "--failures-only", description = "Print only the events that fail (and the result).")
    boolean failuresOnly;

    private final PrintStream out;

    public VerifyBundleCommand() {
        this(System.out);
    }

    /** @param out where the report goes (tests capture it) */
    public VerifyBundleCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        EvidenceBundleVerifier.Report report;
        try {
            byte[] key = HexFormat.of().parseHex(Files.readString(publicKey).strip());
            report = new EvidenceBundleVerifier(new Ed25519PublicKeyParameters(key, 0)).verify(bundle, this::print);
        } catch (IOException | RuntimeException e) {
            out.println("verification could not run: " + e.getMessage());
            return 2;
        }
        EvidenceQuestion q = report.question();
        out.printf("question: %s of tenant %s, %s..%s, keys %s; exported by %s at %s%n", q.report(), q.tenant(),
                q.from(), q.to(), q.keys().keySet(), q.exportedBy(), q.exportedAt());
        report.notProvable().forEach(n -> out.println("NOT PROVABLE " + n));
        out.println(report.statementSigned() ? "bundle signature: OK (question and event lists as the archive signed)"
                : "bundle signature: FAILED (the question or the lists of events differ from what the archive signed)");
        if (report.holds()) {
            out.printf("result: OK, %d events of %d answer entries verified against %d signed checkpoints%n",
                    report.events(), report.answerEntries(), report.checkpoints());
            return 0;
        }
        out.printf("result: FAILED, %d of %d events failed, %d entries not provable%n", report.failed(),
                report.events(), report.notProvable().size());
        return 1;
    }

    private void print(EventResult r) {
        if (r.verified() && !failuresOnly) {
            out.printf("OK      %s %s #%d (access %s)%n", r.eventId(), r.chain(), r.position(), r.accessId());
        } else if (!r.verified()) {
            out.printf("FAILED  %s %s #%d (access %s): %s (%s)%n", r.eventId(), r.chain(), r.position(),
                    r.accessId(), r.failure(), r.detail());
        }
    }
}
