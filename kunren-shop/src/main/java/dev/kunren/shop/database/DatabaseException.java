package dev.kunren.shop.database;

/** A query the database could not run: node down, read-only, or a lock wait that timed out. */
public final class DatabaseException extends Exception {

    public DatabaseException(String message) {
        super(message);
    }
}
