package io.custos.query.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What every projection schema needs: a checked keyspace name (it is concatenated into CQL, so it must be a
 * plain identifier) and DDL run with a timeout long enough for schema agreement on a loaded node (the
 * driver's 2 s default is too short for DDL).
 */
public final class CqlSchema {

    private static final Pattern KEYSPACE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");
    private static final Duration DDL_TIMEOUT = Duration.ofSeconds(60);

    private CqlSchema() {
    }

    public static String checkedKeyspace(String keyspace) {
        if (keyspace == null || !KEYSPACE.matcher(keyspace).matches()) {
            throw new IllegalArgumentException("keyspace name must match " + KEYSPACE.pattern());
        }
        return keyspace;
    }

    public static void execute(CqlSession session, List<String> ddl) {
        for (String statement : ddl) {
            session.execute(SimpleStatement.newInstance(statement).setTimeout(DDL_TIMEOUT));
        }
    }
}
