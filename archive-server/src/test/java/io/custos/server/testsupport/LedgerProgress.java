package io.custos.server.testsupport;

import io.custos.archive.ledger.ChainId;
import io.custos.archive.ledger.ChainLink;
import io.custos.archive.ledger.CheckpointDirectory;
import io.custos.archive.ledger.jdbc.JdbcLedger;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** Where a running archive's ledger stands, for tests that wait for the sealer. */
public final class LedgerProgress {

    private LedgerProgress() {
    }

    /** Every stored event is sealed into a chain, and every chain is covered by published checkpoints. */
    public static boolean everythingCheckpointed(ConfigurableApplicationContext archive) {
        JdbcLedger ledger = archive.getBean(JdbcLedger.class);
        CheckpointDirectory checkpoints = archive.getBean(CheckpointDirectory.class);
        long events = new JdbcTemplate(archive.getBean(DataSource.class))
                .queryForObject("SELECT count(*) FROM domainevententry", Long.class);
        Map<ChainId, ChainLink> heads = ledger.heads();
        long links = heads.values().stream().mapToLong(ChainLink::position).sum();
        return links == events
                && heads.values().stream().allMatch(h -> checkpoints.lastCheckpointed(h.chain()) == h.position());
    }
}
