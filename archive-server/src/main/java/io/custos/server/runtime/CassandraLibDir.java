package io.custos.server.runtime;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the directory of Cassandra jars built by the cassandra-node module. The {@code ./custos} launcher and
 * the integration tests pass it explicitly; the fallbacks cover running from the repository root, from the
 * archive-server module, or from the built jar.
 */
final class CassandraLibDir {

    static final Path RELATIVE = Path.of("cassandra-node", "target", "lib");

    private CassandraLibDir() {
    }

    static Path resolve(Path configured) {
        if (configured != null && !configured.toString().isBlank()) {
            return configured.toAbsolutePath().normalize();
        }
        List<Path> candidates = new ArrayList<>();
        Path cwd = Path.of("").toAbsolutePath();
        candidates.add(cwd.resolve(RELATIVE));
        candidates.add(cwd.resolveSibling(RELATIVE.toString()));
        codeLocation().ifPresent(jar -> {
            // archive-server/target/custos.jar -> <repo>/cassandra-node/target/lib
            Path target = jar.getParent();
            if (target != null && target.getParent() != null && target.getParent().getParent() != null) {
                candidates.add(target.getParent().getParent().resolve(RELATIVE));
            }
        });
        return candidates.stream().filter(Files::isDirectory).findFirst()
                .map(p -> p.toAbsolutePath().normalize())
                .orElse(candidates.get(0));
    }

    private static java.util.Optional<Path> codeLocation() {
        try {
            var source = CassandraLibDir.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return java.util.Optional.empty();
            }
            String location = source.getLocation().toString();
            // Inside a Boot fat jar the location is jar:nested:/path/custos.jar/!BOOT-INF/classes/!/
            int nested = location.indexOf("nested:");
            if (nested >= 0) {
                String path = location.substring(nested + "nested:".length());
                int end = path.indexOf("/!");
                return java.util.Optional.of(Path.of(end >= 0 ? path.substring(0, end) : path));
            }
            return java.util.Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
