package dev.kunren.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One selector thread moving bytes both ways for the connections no toxic touches; one per core,
 * shared by every proxy in the process. A chunk costs a read and a write on this thread, where two
 * pumps on virtual threads cost a park and an unpark for each direction.
 */
final class EventLoop {

    /**
     * One per core unless {@code -Dkunren.proxy.eventLoops=N} says otherwise (read once, when the
     * first connection is moved). A drill's process keeps one per core: the practice shop's
     * links all share them with the drill's own work. {@code kunren proxy} on its own takes one per
     * two cores (its {@code --event-loops}), as it shares the host with the service and its load.
     */
    private static final EventLoop[] LOOPS = startLoops(Math.max(1,
            Integer.getInteger(TcpProxy.EVENT_LOOPS_PROPERTY, Runtime.getRuntime().availableProcessors())));
    private static final AtomicInteger NEXT = new AtomicInteger();

    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Every read lands here first; only what a full socket refuses is copied aside. */
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);

    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());

    /** What a registered channel's attachment does when its channel is ready. */
    interface Handler {
        void ready(SelectionKey key, EventLoop loop);
    }

    private EventLoop(int index) throws IOException {
        selector = Selector.open();
        Thread.ofPlatform().name("proxy-loop-" + index).daemon().start(this::run);
    }

    private static EventLoop[] startLoops(int count) {
        EventLoop[] loops = new EventLoop[count];
        try {
            for (int i = 0; i < count; i++) {
                loops[i] = new EventLoop(i);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the proxy", e);
        }
        return loops;
    }

    /** The loop a new connection goes to: in turn, so each core gets its share. */
    static EventLoop next() {
        return LOOPS[Math.floorMod(NEXT.getAndIncrement(), LOOPS.length)];
    }

    /** Runs {@code task} on this loop's thread, before it next looks at its channels. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    Selector selector() {
        return selector;
    }

    /** The loop's read buffer, cleared: only for use on this loop's thread, within one handler call. */
    ByteBuffer buffer() {
        return buffer.clear();
    }

    private void run() {
        while (true) {
            try {
                // the consumer form: no selected-key set to fill, iterate and empty on every wake
                selector.select(this::dispatch);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "proxy event loop: " + e, e);
            }
            // only the tasks there now: one may post another that must wait for the next select
            for (int i = tasks.size(); i > 0; i--) {
                Runnable task = tasks.poll();
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "proxy event loop: " + e, e);
                }
            }
        }
    }

    private void dispatch(SelectionKey key) {
        try {
            ((Handler) key.attachment()).ready(key, this);
        } catch (CancelledKeyException e) {
            // closed from another thread between the check and the use: that connection is gone
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "proxy event loop: " + e, e);
        }
    }
}
