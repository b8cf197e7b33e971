package dev.kunren.server.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Hears, on a PostgreSQL connection of its own, which drills got new committed events (the
 * {@code LISTEN} side of {@link JdbcEventStore}'s {@code pg_notify}). A broken connection is
 * replaced, and the listeners are told that something may have been missed meanwhile.
 */
final class EventNotices implements AutoCloseable {

    private static final int WAIT_MILLIS = 1_000;
    private static final long RECONNECT_MILLIS = 1_000;

    private final String url;
    private final String user;
    private final String password;
    private final String channel;
    private final String applicationName;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final Thread listening;
    private volatile boolean closed;

    EventNotices(String url, String user, String password, String applicationName, String channel) {
        this.url = url;
        this.applicationName = applicationName;
        this.user = user;
        this.password = password;
        this.channel = channel;
        this.listening = Thread.ofPlatform().name("kunren-event-notices").daemon().start(this::listen);
    }

    void add(Consumer<String> listener) {
        listeners.add(listener);
    }

    private void listen() {
        while (!closed) {
            try (Connection connection = connect()) {
                tell(null);  // anything committed while nobody listened is read now
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] notices = postgres.getNotifications(WAIT_MILLIS);
                    if ((notices == null || notices.length == 0) && !connection.isValid(2)) {
                        break;  // a quiet second, and the connection is gone
                    }
                    for (PGNotification notice : notices == null ? new PGNotification[0] : notices) {
                        tell(notice.getParameter());
                    }
                }
            } catch (SQLException broken) {
                // the database is away: try again shortly
            }
            try {
                Thread.sleep(RECONNECT_MILLIS);  // not a wait for a condition: the pace of reconnecting
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", applicationName);
        Connection connection = DriverManager.getConnection(url, properties);
        try (Statement listen = connection.createStatement()) {
            listen.execute("LISTEN " + channel);
        }
        return connection;
    }

    private void tell(String drillId) {
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(drillId);
            } catch (RuntimeException e) {
                System.err.println("kunren: a listener of committed events failed: " + e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        listening.interrupt();
    }
}
