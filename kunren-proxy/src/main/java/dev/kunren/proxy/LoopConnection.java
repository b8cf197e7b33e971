package dev.kunren.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A connection no toxic touches, moved by an {@link EventLoop}: each readable chunk is written on at
 * once; what a full socket refuses waits aside while its source stops being read. When a toxic
 * appears, the connection hands its sockets over to a {@link ToxicConnection}.
 */
final class LoopConnection implements ProxiedConnection, EventLoop.Handler {

    private static final long CONNECT_TIMEOUT_MILLIS = 2_000;

    private final TcpProxy proxy;
    private final EventLoop loop;
    private final SocketChannel client;
    private final SocketChannel server;
    private final InetSocketAddress upstream;
    private final AtomicBoolean ended = new AtomicBoolean();
    // the rest only on the loop's thread
    private SelectionKey clientKey;
    private SelectionKey serverKey;
    private ByteBuffer unsentToServer;
    private ByteBuffer unsentToClient;
    private boolean handingOver;
    private ScheduledFuture<?> connectTimeout;

    private LoopConnection(TcpProxy proxy, SocketChannel client, SocketChannel server, InetSocketAddress upstream) {
        this.proxy = proxy;
        this.loop = EventLoop.next();
        this.client = client;
        this.server = server;
        this.upstream = upstream;
    }

    /** Connects an accepted client to {@code upstream} on an event loop; the proxy hears how it went. */
    static void start(TcpProxy proxy, SocketChannel client, InetSocketAddress upstream) throws IOException {
        LoopConnection connection = new LoopConnection(proxy, client, SocketChannel.open(), upstream);
        connection.loop.execute(connection::connect);
    }

    private void connect() {
        try {
            for (SocketChannel channel : new SocketChannel[] {client, server}) {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            if (server.connect(upstream)) {
                connected();
            } else {
                serverKey = server.register(loop.selector(), SelectionKey.OP_CONNECT, this);
                connectTimeout = ToxicConnection.TIMERS.schedule(() -> loop.execute(this::connectTimedOut),
                        CONNECT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (IOException e) {
            unreachable();
        }
    }

    private void connectTimedOut() {
        if (!server.isConnected()) {
            unreachable();
        }
    }

    private void unreachable() {
        if (ended.compareAndSet(false, true)) {
            closeChannels();
            proxy.connectFailed();
        }
    }

    private void connected() throws IOException {
        if (connectTimeout != null) {
            connectTimeout.cancel(false);
        }
        if (!proxy.opened(this)) {
            close();
            return;
        }
        if (proxy.hasToxics()) {
            handOver();
            return;
        }
        serverKey = server.register(loop.selector(), SelectionKey.OP_READ, this);
        clientKey = client.register(loop.selector(), SelectionKey.OP_READ, this);
    }

    @Override
    public void ready(SelectionKey key, EventLoop loop) {
        try {
            if (key.isConnectable()) {
                if (server.finishConnect()) {
                    connected();
                }
                return;
            }
            if (key.isWritable()) {
                flush(key);
            }
            if (key.isValid() && key.isReadable()) {
                forward(key);
            }
        } catch (IOException e) {
            if (!server.isConnected()) {
                unreachable();
            } else {
                end(!(e instanceof SocketException));
            }
        }
    }

    private void forward(SelectionKey from) throws IOException {
        if (proxy.hasToxics()) {
            handOver();
            return;
        }
        SelectionKey to = other(from);
        ByteBuffer chunk = loop.buffer();
        int read = ((SocketChannel) from.channel()).read(chunk);
        if (read < 0) {
            close();
            return;
        }
        chunk.flip();
        ((SocketChannel) to.channel()).write(chunk);
        if (chunk.hasRemaining()) {
            setUnsent(to, ByteBuffer.allocate(chunk.remaining()).put(chunk).flip());
            from.interestOps(from.interestOps() & ~SelectionKey.OP_READ);
            to.interestOps(to.interestOps() | SelectionKey.OP_WRITE);
        }
    }

    private void flush(SelectionKey to) throws IOException {
        ByteBuffer unsent = unsent(to);
        ((SocketChannel) to.channel()).write(unsent);
        if (!unsent.hasRemaining()) {
            setUnsent(to, null);
            to.interestOps(to.interestOps() & ~SelectionKey.OP_WRITE);
            SelectionKey from = other(to);
            from.interestOps(from.interestOps() | SelectionKey.OP_READ);
        }
    }

    private SelectionKey other(SelectionKey key) {
        return key == clientKey ? serverKey : clientKey;
    }

    private ByteBuffer unsent(SelectionKey to) {
        return to == clientKey ? unsentToClient : unsentToServer;
    }

    private void setUnsent(SelectionKey to, ByteBuffer bytes) {
        if (to == clientKey) {
            unsentToClient = bytes;
        } else {
            unsentToServer = bytes;
        }
    }

    /** A toxic was added: this connection moves to pumps the toxics can act in. */
    @Override
    public void attach(Toxic toxic) {
        loop.execute(() -> {
            if (clientKey != null) {
                handOver();
            }
        });
    }

    @Override
    public void detach(Toxic toxic) {
        // no toxic ever acted here
    }

    /**
     * Leaves the event loop: the channels are deregistered (which the loop's next select completes),
     * then become blocking, and a {@link ToxicConnection} carries on with them and any unsent bytes.
     */
    private void handOver() {
        if (handingOver || ended.get()) {
            return;
        }
        handingOver = true;
        if (clientKey != null) {
            clientKey.cancel();
            serverKey.cancel();
        }
        loop.execute(this::handOverDeregistered);
    }

    private void handOverDeregistered() {
        if (ended.get()) {
            return;
        }
        if (client.isRegistered() || server.isRegistered()) {
            loop.execute(this::handOverDeregistered);
            return;
        }
        ToxicConnection successor;
        try {
            client.configureBlocking(true);
            server.configureBlocking(true);
            successor = new ToxicConnection(proxy, client.socket(), server.socket());
        } catch (IOException e) {
            end(true);
            return;
        }
        if (!proxy.replace(this, successor)) {
            return;
        }
        byte[] toServer = bytes(unsentToServer);
        byte[] toClient = bytes(unsentToClient);
        Thread.ofVirtual().name("proxy-up-" + proxy.name()).start(() -> successor.run(toServer, toClient));
    }

    private static byte[] bytes(ByteBuffer unsent) {
        if (unsent == null) {
            return new byte[0];
        }
        byte[] bytes = new byte[unsent.remaining()];
        unsent.get(bytes);
        return bytes;
    }

    @Override
    public void close() {
        end(false);
    }

    private void end(boolean failed) {
        if (ended.compareAndSet(false, true)) {
            closeChannels();
            proxy.ended(this, failed);
        }
    }

    private void closeChannels() {
        TcpProxy.closeQuietly(client);
        TcpProxy.closeQuietly(server);
        // a registered channel really closes when its selector next deregisters it
        loop.selector().wakeup();
    }
}
