package io.custos.query.qido;

import io.custos.query.index.IndexLevel;
import java.util.EnumSet;
import java.util.Set;

/**
 * The QIDO-RS search resources of PS3.18 10.6.1 (Table 10.6.1-2), with the level they return and the levels
 * whose attributes may be used as matching keys (the result level and the levels above it).
 */
public enum QidoResource {
    ALL_STUDIES(IndexLevel.STUDY, EnumSet.of(IndexLevel.STUDY)),
    STUDY_SERIES(IndexLevel.SERIES, EnumSet.of(IndexLevel.STUDY, IndexLevel.SERIES)),
    ALL_SERIES(IndexLevel.SERIES, EnumSet.of(IndexLevel.STUDY, IndexLevel.SERIES)),
    STUDY_INSTANCES(IndexLevel.INSTANCE, EnumSet.allOf(IndexLevel.class)),
    SERIES_INSTANCES(IndexLevel.INSTANCE, EnumSet.allOf(IndexLevel.class)),
    ALL_INSTANCES(IndexLevel.INSTANCE, EnumSet.allOf(IndexLevel.class));

    private final IndexLevel level;
    private final Set<IndexLevel> matchable;

    QidoResource(IndexLevel level, Set<IndexLevel> matchable) {
        this.level = level;
        this.matchable = matchable;
    }

    public IndexLevel level() {
        return level;
    }

    public Set<IndexLevel> matchableLevels() {
        return matchable;
    }

    /** Levels whose default attributes a result carries (PS3.18 10.6.3.3, Tables 10.6.3-3 to -5). */
    public Set<IndexLevel> returnedLevels() {
        return switch (this) {
            case ALL_STUDIES -> EnumSet.of(IndexLevel.STUDY);
            case STUDY_SERIES -> EnumSet.of(IndexLevel.SERIES);
            // Without a study in the path the client cannot know the study, so its attributes come along.
            case ALL_SERIES -> EnumSet.of(IndexLevel.STUDY, IndexLevel.SERIES);
            case STUDY_INSTANCES -> EnumSet.of(IndexLevel.SERIES, IndexLevel.INSTANCE);
            case SERIES_INSTANCES -> EnumSet.of(IndexLevel.INSTANCE);
            case ALL_INSTANCES -> EnumSet.allOf(IndexLevel.class);
        };
    }
}
