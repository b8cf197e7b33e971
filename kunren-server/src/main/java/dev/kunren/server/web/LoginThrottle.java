package dev.kunren.server.web;

import dev.kunren.server.http.Problem;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows guessing of the facilitator's password, sign-in links and join codes. Each kind has its
 * own count per address (so a room behind one office address that mistypes join codes does not
 * lock out the facilitator), and the password has one more for the account, across addresses.
 * An attempt is counted when it begins and given back when it succeeds, so concurrent guesses
 * are counted exactly: at most {@link #PER_ADDRESS} are ever evaluated per address and minute.
 * Memory is bounded; a flood of new addresses is refused, never forgets a lockout.
 */
final class LoginThrottle {

    /** What is being guessed (a company sign-in's state and code, for {@code COMPANY_SIGN_IN}). */
    enum Kind { PASSWORD, SIGN_IN_LINK, JOIN_CODE, COMPANY_SIGN_IN }

    static final int PER_ADDRESS = 20;
    /** Failed password attempts from every address together, per minute, before a clean address is the only way in. */
    static final int PASSWORD_ACCOUNT = 100;
    static final int MAX_TRACKED = 100_000;
    private static final long WINDOW_NANOS = 60_000_000_000L;

    /** One count in a fixed one-minute window. */
    private static final class Window {
        long start;
        int count;
    }

    private record Key(Kind kind, String address) {
    }

    /** An attempt under way: {@link #succeeded()} gives its count back. */
    interface Attempt {
        void succeeded();
    }

    private final Map<Key, Window> windows = new HashMap<>();
    private final Window account = new Window();
    private final LongSupplier nanoTime;

    LoginThrottle() {
        this(System::nanoTime);
    }

    LoginThrottle(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Counts an attempt of {@code kind} from {@code address}, or refuses it with 429 and Retry-After. */
    synchronized Attempt begin(Kind kind, String address) {
        long now = nanoTime.getAsLong();
        Key key = new Key(kind, address);
        Window window = windows.get(key);
        if (window == null) {
            if (windows.size() >= MAX_TRACKED) {
                windows.values().removeIf(w -> now - w.start >= WINDOW_NANOS);
            }
            if (windows.size() >= MAX_TRACKED) {
                throw Problem.tooMany("too many sign-in attempts from too many addresses; try again in a minute", 60);
            }
            window = new Window();
            window.start = now;
            windows.put(key, window);
        }
        roll(window, now);
        if (window.count >= PER_ADDRESS) {
            throw Problem.tooMany("too many failed attempts from this address; try again in " + secondsLeft(window, now) + " s",
                    secondsLeft(window, now));
        }
        boolean password = kind == Kind.PASSWORD;
        if (password) {
            roll(account, now);
            if (account.count >= PASSWORD_ACCOUNT && window.count > 0) {
                throw Problem.tooMany("too many failed password attempts; try again in " + secondsLeft(account, now) + " s",
                        secondsLeft(account, now));
            }
            account.count++;
        }
        window.count++;
        Window counted = window;
        return () -> {
            synchronized (this) {
                counted.count = Math.max(0, counted.count - 1);
                if (password) {
                    account.count = Math.max(0, account.count - 1);
                }
            }
        };
    }

    private static void roll(Window window, long now) {
        if (now - window.start >= WINDOW_NANOS) {
            window.start = now;
            window.count = 0;
        }
    }

    private static long secondsLeft(Window window, long now) {
        return Math.max(1, (window.start + WINDOW_NANOS - now + 999_999_999L) / 1_000_000_000L);
    }

    /** How many addresses are tracked now (for tests of the bound). */
    synchronized int tracked() {
        return windows.size();
    }
}
