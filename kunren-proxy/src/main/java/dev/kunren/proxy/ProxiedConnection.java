package dev.kunren.proxy;

/** An open connection through a proxy, whichever way its bytes are moved. */
sealed interface ProxiedConnection permits LoopConnection, ToxicConnection {

    /** The toxic now acts on this connection too. */
    void attach(Toxic toxic);

    /** The toxic was removed: it stops acting and releases what it held. */
    void detach(Toxic toxic);

    /** Closes both sides. */
    void close();
}
