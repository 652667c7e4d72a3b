package io.custos.server.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Port 0 in configuration means "any free loopback port" for children that cannot bind port 0 themselves. */
final class FreePort {

    private FreePort() {
    }

    static int orFree(int configured) {
        if (configured > 0) {
            return configured;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }
}
