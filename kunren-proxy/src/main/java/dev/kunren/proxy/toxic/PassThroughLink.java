package dev.kunren.proxy.toxic;

import dev.kunren.proxy.ToxicLink;
import java.io.IOException;

/** A link that lets every chunk through unchanged; toxics that act on close or on a timer extend it. */
abstract class PassThroughLink implements ToxicLink {

    @Override
    public boolean pass(byte[] data, int offset, int length, long arrived, ChunkWriter next)
            throws IOException, InterruptedException {
        next.write(data, offset, length);
        return true;
    }
}
