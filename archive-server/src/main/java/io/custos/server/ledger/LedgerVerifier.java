package io.custos.server.ledger;

import io.custos.archive.ledger.CheckpointDirectory;
import io.custos.archive.ledger.LedgerVerification;
import io.custos.archive.ledger.jdbc.JdbcLedger;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/** Builds the verification the CLI and the tests run, with the same chain assignment as the sealer. */
public final class LedgerVerifier {

    private LedgerVerifier() {
    }

    public static LedgerVerification verification(JdbcLedger ledger, CheckpointDirectory checkpoints, String region,
                                                  byte[] publicKey) {
        return new LedgerVerification(ledger, checkpoints, new PayloadChainAssigner(region),
                new Ed25519PublicKeyParameters(publicKey, 0));
    }
}
