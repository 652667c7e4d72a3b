package io.custos.server.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.TenantId;
import io.custos.server.config.CustosProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Residency: every endpoint of a node belongs to the node's region, and projections get a keyspace per region. */
class RegionBindingTest {

    @Test
    void anAeTitleOfAnotherRegionStopsTheNodeAtStart() {
        CustosProperties node = properties("eu-west", null, new CustosProperties.CalledAe("US_AE", "acme", "us-east",
                List.of()));
        assertThatThrownBy(() -> new DimseConfiguration().aePolicy(node))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("US_AE").hasMessageContaining("us-east").hasMessageContaining("eu-west");
    }

    @Test
    void anAeTitleWithoutRegionBelongsToTheNodesRegion() {
        CustosProperties node = properties("eu-west", null, new CustosProperties.CalledAe("EU_AE", "acme", null,
                List.of()));
        assertThat(new DimseConfiguration().aePolicy(node).calledAe("EU_AE"))
                .hasValueSatisfying(ae -> {
                    assertThat(ae.region()).isEqualTo(new RegionId("eu-west"));
                    assertThat(ae.tenant()).isEqualTo(new TenantId("acme"));
                });
    }

    @Test
    void theProjectionKeyspaceIsPerRegionUnlessConfigured() {
        assertThat(properties("eu-west", null).projectionKeyspace()).isEqualTo("custos_eu_west");
        assertThat(properties("local", "").projectionKeyspace()).isEqualTo("custos_local");
        assertThat(properties("local", "archive_prod").projectionKeyspace()).isEqualTo("archive_prod");
    }

    private static CustosProperties properties(String region, String keyspace, CustosProperties.CalledAe... aes) {
        return new CustosProperties(Path.of("target/unused"), region,
                new CustosProperties.Postgres(null, null, null, 0, "custos"),
                new CustosProperties.Cassandra(List.of(), "datacenter1", keyspace, Map.of(), null, null,
                        Duration.ofSeconds(30), new CustosProperties.Embedded(null, null, 0, 0, "256m", "1g",
                        Duration.ofSeconds(180))),
                new CustosProperties.Dimse("127.0.0.1", 0, 1, List.of(aes)));
    }
}
