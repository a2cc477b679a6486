package dev.opsbook.probe;

import dev.opsbook.failover.ProbeResult;
import dev.opsbook.runbook.ProbeSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Healthy when a TCP connection to host:port opens within the timeout (then it is closed at once). */
final class TcpProbe implements Probe {
    private final ProbeSpec.Tcp spec;

    TcpProbe(ProbeSpec.Tcp spec) {
        this.spec = spec;
    }

    @Override
    public ProbeSpec spec() {
        return spec;
    }

    @Override
    public ProbeResult check() {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(spec.host(), spec.port()), (int) Math.max(1, spec.timeout().toMillis()));
            return ProbeResult.healthy(spec.name(), "tcp", Duration.ofNanos(System.nanoTime() - start),
                    "connected to " + spec.host() + ":" + spec.port());
        } catch (IOException | IllegalArgumentException e) {
            return ProbeResult.failed(spec.name(), "tcp", Duration.ofNanos(System.nanoTime() - start),
                    spec.host() + ":" + spec.port() + ": " + Probes.describe(e));
        }
    }
}
