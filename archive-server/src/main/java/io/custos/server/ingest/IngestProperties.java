package io.custos.server.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Limits and housekeeping of ingest.
 *
 * @param maxObjectSize  largest single DICOM object accepted (C-STORE or one STOW-RS part)
 * @param maxRequestSize largest STOW-RS request body; the whole body is read before anything is stored
 * @param orphanGrace    how old an unreferenced blob must be before the sweeper removes it
 * @param orphanSweepInterval how often the sweeper runs (it also runs at start-up)
 */
@ConfigurationProperties("custos.ingest")
public record IngestProperties(
        @DefaultValue("512MB") DataSize maxObjectSize,
        @DefaultValue("1GB") DataSize maxRequestSize,
        @DefaultValue("10m") Duration orphanGrace,
        @DefaultValue("15m") Duration orphanSweepInterval) {
}
