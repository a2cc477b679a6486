package dev.opsbook.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on a free loopback port to {@code 127.0.0.1:target}, which a test can cut: {@link #cut()}
 * closes the listening socket and every forwarded connection, as a database host that went away would
 * look to its clients — without touching the shared server behind it. {@link #restore()} listens again on
 * the same port: the database is back.
 */
public final class TcpProxy implements AutoCloseable {
    private final int target;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;

    public TcpProxy(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = server.getLocalPort();
        listen(server);
    }

    /** A proxy in a static field's initialiser (an I/O failure there is unchecked). */
    public static TcpProxy to(int target) {
        try {
            return new TcpProxy(target);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code jdbcUrl} (which names the target port) through this proxy. */
    public String route(String jdbcUrl) {
        return jdbcUrl.replace(":" + target + "/", ":" + port + "/");
    }

    private void listen(ServerSocket socket) {
        Thread.ofPlatform().daemon().name("test-proxy-accept").start(() -> accept(socket));
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 2_000);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread.ofPlatform().daemon().name("test-proxy-pump").start(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // closed by cut() or by an end
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    /** The database goes away: no new connections, the open ones are reset. */
    public synchronized void cut() {
        closeQuietly(server);
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
    }

    /** The database is back: new connections are forwarded again, on the same port. */
    public synchronized void restore() throws IOException {
        if (!server.isClosed()) {
            return;
        }
        ServerSocket again = new ServerSocket();
        again.setReuseAddress(true);
        again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server = again;
        listen(again);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
    }
}
