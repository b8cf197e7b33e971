package dev.kunren.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A connection toxics act on: two pumps on virtual threads doing blocking I/O (a toxic may hold,
 * delay or slice what passes), and each toxic's link for this connection. Connections start here
 * when the proxy has toxics, or move here from the event loop when one is added.
 */
final class ToxicConnection implements Connection, ProxiedConnection {

    private static final int BUFFER_SIZE = 32 * 1024;
    static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("proxy-timers").daemon().factory());

    private final TcpProxy proxy;
    private final Socket client;
    private final Socket server;
    private final Map<Toxic, ToxicLink> links = new IdentityHashMap<>();
    private volatile boolean closing;
    private final Object clientWrites = new Object();

    ToxicConnection(TcpProxy proxy, Socket client, Socket server) {
        this.proxy = proxy;
        this.client = client;
        this.server = server;
    }

    /**
     * Pumps both directions until either side closes; {@code toServer} and {@code toClient} are bytes
     * the event loop had read but not yet written, sent first (no toxic saw them arrive).
     */
    void run(byte[] toServer, byte[] toClient) {
        Thread.ofVirtual().name("proxy-down-" + proxy.name()).start(() -> pump(server, client, Toxic.Stream.DOWNSTREAM, toClient));
        pump(client, server, Toxic.Stream.UPSTREAM, toServer);
    }

    @Override
    public synchronized void attach(Toxic toxic) {
        if (!closing) {
            links.computeIfAbsent(toxic, t -> t.link(this));
        }
    }

    @Override
    public void detach(Toxic toxic) {
        ToxicLink link;
        synchronized (this) {
            link = links.remove(toxic);
        }
        if (link != null) {
            link.cancel();
        }
    }

    private ToxicLink[] linksFor(Toxic[] toxics) {
        ToxicLink[] result = new ToxicLink[toxics.length];
        synchronized (this) {
            for (int i = 0; i < toxics.length; i++) {
                ToxicLink link = links.get(toxics[i]);
                result[i] = link != null ? link : ToxicLink.PASS;
            }
        }
        return result;
    }

    private void pump(Socket from, Socket to, Toxic.Stream stream, byte[] unsent) {
        byte[] buffer = new byte[BUFFER_SIZE];
        boolean failed = false;
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            if (unsent.length > 0) {
                write(stream, out, unsent, 0, unsent.length);
            }
            int n;
            while ((n = in.read(buffer)) >= 0) {
                Toxic[] toxics = proxy.toxics(stream);
                if (toxics.length == 0) {
                    write(stream, out, buffer, 0, n);
                } else if (!pass(stream, linksFor(toxics), 0, buffer, 0, n, System.nanoTime(), out)) {
                    break;
                }
            }
            for (ToxicLink link : linksFor(proxy.toxics(stream))) {
                link.beforeClose();
            }
        } catch (IOException e) {
            failed = !closing && !(e instanceof java.net.SocketException);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
            proxy.ended(this, failed);
        }
    }

    private void write(Toxic.Stream stream, OutputStream out, byte[] data, int offset, int length) throws IOException {
        if (stream == Toxic.Stream.DOWNSTREAM) {
            synchronized (clientWrites) {
                out.write(data, offset, length);
            }
        } else {
            out.write(data, offset, length);
        }
    }

    @Override
    public void respondToClient(byte[] bytes) throws IOException {
        synchronized (clientWrites) {
            client.getOutputStream().write(bytes);
        }
    }

    private boolean pass(Toxic.Stream stream, ToxicLink[] links, int index, byte[] data, int offset, int length, long arrived,
                         OutputStream out) throws IOException, InterruptedException {
        if (index == links.length) {
            write(stream, out, data, offset, length);
            return true;
        }
        boolean[] downstreamOk = {true};
        boolean ok = links[index].pass(data, offset, length, arrived, (d, o, l) -> {
            if (!pass(stream, links, index + 1, d, o, l, arrived, out)) {
                downstreamOk[0] = false;
            }
        });
        return ok && downstreamOk[0];
    }

    @Override
    public void close() {
        closing = true;
        TcpProxy.closeQuietly(client);
        TcpProxy.closeQuietly(server);
        cancelLinks();
    }

    @Override
    public void reset() {
        closing = true;
        try {
            client.setSoLinger(true, 0);
            server.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // a socket already closed needs no reset
        }
        close();
    }

    private void cancelLinks() {
        ToxicLink[] all;
        synchronized (this) {
            all = links.values().toArray(ToxicLink[]::new);
            links.clear();
        }
        for (ToxicLink link : all) {
            link.cancel();
        }
    }

    @Override
    public ScheduledExecutorService timers() {
        return TIMERS;
    }
}
