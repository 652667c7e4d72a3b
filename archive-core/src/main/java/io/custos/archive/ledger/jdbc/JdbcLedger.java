package io.custos.archive.ledger.jdbc;

import io.custos.archive.ledger.ChainId;
import io.custos.archive.ledger.ChainLink;
import io.custos.archive.ledger.StoredEvent;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ledger's tables next to the event store in PostgreSQL, and its reads of the event store's rows exactly as
 * stored ({@code domainevententry}, Axon's JDBC schema).
 *
 * <ul>
 *   <li>{@code custos_ledger_links}: every link, unique per (chain, position) and per event, so a second sealer
 *   racing the first fails its transaction instead of forking a chain;</li>
 *   <li>{@code custos_ledger_cursor}: the highest global index sealed;</li>
 *   <li>{@code custos_ledger_gaps}: global indexes below the cursor not yet seen (a transaction that took the
 *   index has not committed yet, or rolled back), with when they were first seen.</li>
 * </ul>
 * Links and cursor advance in one transaction: after a crash the sealer resumes exactly where it stopped.
 */
public final class JdbcLedger {

    private static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS custos_ledger_links (
                tenant        text   NOT NULL,
                region        text   NOT NULL,
                position      bigint NOT NULL,
                global_index  bigint NOT NULL,
                event_id      text   NOT NULL UNIQUE,
                event_hash    bytea  NOT NULL,
                previous_hash bytea  NOT NULL,
                hash          bytea  NOT NULL,
                PRIMARY KEY (tenant, region, position))""", """
            CREATE TABLE IF NOT EXISTS custos_ledger_cursor (
                id                int    PRIMARY KEY CHECK (id = 1),
                last_global_index bigint NOT NULL)""", """
            CREATE TABLE IF NOT EXISTS custos_ledger_gaps (
                global_index bigint      PRIMARY KEY,
                first_seen   timestamptz NOT NULL)""");

    private static final String EVENT_COLUMNS = "globalindex, eventidentifier, aggregateidentifier, sequencenumber,"
            + " type, payloadtype, payloadrevision, timestamp, payload, metadata";

    private final DataSource dataSource;

    public JdbcLedger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void createSchemaIfAbsent() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String ddl : SCHEMA) {
                s.execute(ddl);
            }
            commitIfNeeded(c);
        } catch (SQLException e) {
            throw new LedgerStoreException("cannot create the ledger tables", e);
        }
    }

    /** The sealing position: highest global index sealed, and the open gaps below it with their first sighting. */
    public record Cursor(long lastGlobalIndex, Map<Long, java.time.Instant> gaps) {
    }

    public Cursor cursor() {
        try (Connection c = dataSource.getConnection()) {
            long last = 0; // Axon's global indexes start at 1
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT last_global_index FROM custos_ledger_cursor WHERE id = 1")) {
                if (rs.next()) {
                    last = rs.getLong(1);
                }
            }
            Map<Long, java.time.Instant> gaps = new LinkedHashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT global_index, first_seen FROM custos_ledger_gaps ORDER BY 1")) {
                while (rs.next()) {
                    gaps.put(rs.getLong(1), rs.getTimestamp(2).toInstant());
                }
            }
            commitIfNeeded(c);
            return new Cursor(last, gaps);
        } catch (SQLException e) {
            throw new LedgerStoreException("cannot read the ledger cursor", e);
        }
    }

    /** Rows after the cursor, and rows that fill open gaps, in global index order. */
    public List<StoredEvent> eventsAfter(long lastGlobalIndex, Collection<Long> gaps, int limit) {
        String sql = "SELECT " + EVENT_COLUMNS + " FROM domainevententry WHERE globalindex > ?"
                + " OR globalindex = ANY (?) ORDER BY globalindex LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setLong(1, lastGlobalIndex);
            Array array = c.createArrayOf("bigint", gaps.toArray());
            q.setArray(2, array);
            q.setInt(3, limit);
            List<StoredEvent> rows = readEvents(q);
            commitIfNeeded(c);
            return rows;
        } catch (SQLException e) {
            throw new LedgerStoreException("cannot read the event store", e);
        }
    }

    /**
     * The rows that no recorded link names, in global index order: those committed since the last sealing pass,
     * and any row inserted behind the sealer's back (the verifier's input for insertions).
     */
    public List<StoredEvent> unsealedEvents() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT " + EVENT_COLUMNS + " FROM domainevententry e"
                     + " WHERE NOT EXISTS (SELECT 1 FROM custos_ledger_links l WHERE l.event_id = e.eventidentifier)"
                     + " ORDER BY globalindex")) {
            List<StoredEvent> rows = readEvents(q);
            commitIfNeeded(c);
            return rows;
        } catch (SQLException e) {
            throw new LedgerStoreException("cannot read the event store", e);
        }
    }

    /** The rows with these event identifiers (in global index order; unknown ids are simply absent). */
    public List<StoredEvent> eventsByIds(Collection<String> eventIds) {
        String sql = "SELECT " + EVENT_COLUMNS + " FROM domainevententry WHERE eventidentifier = ANY (?)"
                + " ORDER BY globalindex";
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setArray(1, c.createArrayOf("text", eventIds.toArray()));
            List<StoredEvent> rows = readEvents(q);
            commitIfNeeded(c);
            return rows;
        } catch (SQLException e) {
            throw new LedgerStoreException("cannot read the event store", e);
        }
    }

    /**
     * The rows of the given payload types, stored at or after {@code notBefore}, whose JSON payload has one of
     * {@code values} in its top-level {@code field}, grouped by that value (e.g. the start and summary events of
     * frame access windows by their window id). Reads every row of those types in that time: no index on the
     * field exists.
     *
     * @param notBefore an ISO-8601 prefix compared with the stored timestamp text, e.g. a day {@code 2026-11-01}
     */
    public Map<String, List<StoredEvent>> eventsByPayloadField(Collection<String> payloadTypes, String field,
                                                               Collection<String> values, String notBefore) {
        String sql = "SELECT * FROM (SELECT " + EVENT_COLUMNS + ", convert_from(payload, 'UTF8')::jsonb ->> ? AS v"
                + " FROM domainevententry WHERE payloadtype = ANY (?) AND timestamp >= ?) e WHERE v = ANY (?)"
                + " ORDER BY globalindex";
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, field);
            q.setArray(2, c.createArrayOf("text", payloadTypes.toArray()));
            q.setString(3, notBefore);
            q.setArray(4, c.createArrayOf("text", values.toArray()));
            Map<String, List<StoredEvent>> byValue = new LinkedHashMap<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    byValue.computeIfAbsent(rs.getString(11), v -> new ArrayList<>()).add(event(rs));
                }
            }
            commitIfNeeded(c);
            return byValue;
        } catch (SQLException e) {
            throw new LedgerStoreException("cannot read the event store", e);
        }
    }

    /** The recorded links of these events, by event id (events not sealed yet are absent). */
    public Map<String, ChainLink> linksOfEvents(Collection<String> eventIds) {
        String sql = "SELECT tenant, region, position, global_index, event_id, event_hash, previous_hash, hash"
                + " FROM custos_ledger_links WHERE event_id = ANY (?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setArray(1, c.createArrayOf("text", eventIds.toArray()));
            Map<String, ChainLink> links = new HashMap<>();
            for (ChainLink link : readLinks(q)) {
                links.put(link.eventId(), link);
            }
            commitIfNeeded(c);
            return links;
        } catch (SQLException e) {
            throw new LedgerStoreException("cannot read links", e);
        }
    }

    private static List<StoredEvent> readEvents(PreparedStatement q) throws SQLException {
        List<StoredEvent> rows = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                rows.add(event(rs));
            }
        }
        return rows;
    }

    private static StoredEvent event(ResultSet rs) throws SQLException {
        return new StoredEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getBytes(9), rs.getBytes(10));
    }

    /** The last link of every chain. */
    public Map<ChainId, ChainLink> heads() {
        String sql = "SELECT DISTINCT ON (tenant, region) tenant, region, position, global_index, event_id,"
                + " event_hash, previous_hash, hash FROM custos_ledger_links ORDER BY tenant, region, position DESC";
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            Map<ChainId, ChainLink> heads = new HashMap<>();
            for (ChainLink link : readLinks(q)) {
                heads.put(link.chain(), link);
            }
            commitIfNeeded(c);
            return heads;
        } catch (SQLException e) {
            throw new LedgerStoreException("cannot read the chain heads", e);
        }
    }

    /** The chain's links from position {@code first} to {@code last}, in order. */
    public List<ChainLink> links(ChainId chain, long first, long last) {
        String sql = "SELECT tenant, region, position, global_index, event_id, event_hash, previous_hash, hash"
                + " FROM custos_ledger_links WHERE tenant = ? AND region = ? AND position BETWEEN ? AND ?"
                + " ORDER BY position";
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, chain.tenant());
            q.setString(2, chain.region());
            q.setLong(3, first);
            q.setLong(4, last);
            List<ChainLink> links = readLinks(q);
            commitIfNeeded(c);
            return links;
        } catch (SQLException e) {
            throw new LedgerStoreException("cannot read the links of " + chain.label(), e);
        }
    }

    private static List<ChainLink> readLinks(PreparedStatement q) throws SQLException {
        List<ChainLink> links = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                links.add(new ChainLink(new ChainId(rs.getString(1), rs.getString(2)), rs.getLong(3), rs.getLong(4),
                        rs.getString(5), rs.getBytes(6), rs.getBytes(7), rs.getBytes(8)));
            }
        }
        return links;
    }

    /** Stores new links, the new cursor and the gap changes in one transaction. */
    public void commit(List<ChainLink> links, long lastGlobalIndex, Map<Long, java.time.Instant> newGaps,
                       Set<Long> closedGaps) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO custos_ledger_links (tenant, region,"
                        + " position, global_index, event_id, event_hash, previous_hash, hash)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (ChainLink l : links) {
                        insert.setString(1, l.chain().tenant());
                        insert.setString(2, l.chain().region());
                        insert.setLong(3, l.position());
                        insert.setLong(4, l.globalIndex());
                        insert.setString(5, l.eventId());
                        insert.setBytes(6, l.eventHash());
                        insert.setBytes(7, l.previousHash());
                        insert.setBytes(8, l.hash());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                try (PreparedStatement cursor = c.prepareStatement("INSERT INTO custos_ledger_cursor (id,"
                        + " last_global_index) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET last_global_index ="
                        + " GREATEST(custos_ledger_cursor.last_global_index, EXCLUDED.last_global_index)")) {
                    cursor.setLong(1, lastGlobalIndex);
                    cursor.executeUpdate();
                }
                try (PreparedStatement gap = c.prepareStatement("INSERT INTO custos_ledger_gaps (global_index,"
                        + " first_seen) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                    for (Map.Entry<Long, java.time.Instant> g : newGaps.entrySet()) {
                        gap.setLong(1, g.getKey());
                        gap.setTimestamp(2, java.sql.Timestamp.from(g.getValue()));
                        gap.addBatch();
                    }
                    gap.executeBatch();
                }
                try (PreparedStatement close = c.prepareStatement(
                        "DELETE FROM custos_ledger_gaps WHERE global_index = ANY (?)")) {
                    close.setArray(1, c.createArrayOf("bigint", closedGaps.toArray()));
                    close.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new LedgerStoreException("cannot store sealed links (SQL state " + e.getSQLState() + ")", e);
        }
    }

    private static void commitIfNeeded(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }
}
