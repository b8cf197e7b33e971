package dev.kunren.server.store;

import dev.kunren.engine.KunrenException;

/** The database could not be reached or did not accept a statement; the message names which. */
public final class StoreException extends KunrenException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
