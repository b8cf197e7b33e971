package dev.kunren.http;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * What a server allows one connection and everyone together, so that no client — slow, many
 * or hostile — holds what others need.
 *
 * @param headerTimeout            a request head (and a TLS handshake) must arrive within this from its first byte
 * @param bodyTimeout              a request body must arrive within this after its head
 * @param idleTimeout              a kept-alive connection, or a new one that sends nothing, is closed after this
 * @param writeTimeout             a response write that the client does not take within this closes the connection
 * @param maxHeadBytes             request line and header fields together
 * @param maxHeaderFields          header fields in one request
 * @param maxBodyBytes             a request body
 * @param maxConnections           open connections in all; when reached, the oldest one still waiting for a
 *                                 request gives way
 * @param maxConnectionsPerAddress open connections from one client address
 */
public record ServerLimits(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, Duration writeTimeout,
                           int maxHeadBytes, int maxHeaderFields, int maxBodyBytes, int maxConnections,
                           int maxConnectionsPerAddress) {

    public ServerLimits {
        positive("headerTimeout", headerTimeout);
        positive("bodyTimeout", bodyTimeout);
        positive("idleTimeout", idleTimeout);
        positive("writeTimeout", writeTimeout);
        if (maxHeadBytes < 256 || maxHeaderFields < 1 || maxBodyBytes < 0) {
            throw new IllegalArgumentException("head limit must be >= 256 bytes and 1 field, body limit >= 0");
        }
        if (maxConnections < 1 || maxConnectionsPerAddress < 1) {
            throw new IllegalArgumentException("connection limits must be >= 1, but were " + maxConnections + " and "
                    + maxConnectionsPerAddress);
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, but was " + value);
        }
    }

    /**
     * For servers people and their tools reach (the web app, the console and proxy APIs): 10 s for
     * a head, 30 s for a body, 60 s idle, 256 connections per address, and in all a quarter of this
     * process's file descriptors (at most 10,000).
     */
    public static ServerLimits forPeople(int maxBodyBytes) {
        return new ServerLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(30),
                16 * 1024, 100, maxBodyBytes, defaultMaxConnections(), 256);
    }

    /**
     * For the practice shop's own servers, which Kunren's customers and load balancer reach from
     * this very address: no cap per address, the same timeouts.
     */
    public static ServerLimits internal(int maxBodyBytes) {
        return forPeople(maxBodyBytes).withMaxConnectionsPerAddress(Integer.MAX_VALUE);
    }

    public ServerLimits withMaxConnections(int total) {
        return new ServerLimits(headerTimeout, bodyTimeout, idleTimeout, writeTimeout, maxHeadBytes, maxHeaderFields,
                maxBodyBytes, total, maxConnectionsPerAddress);
    }

    public ServerLimits withMaxConnectionsPerAddress(int perAddress) {
        return new ServerLimits(headerTimeout, bodyTimeout, idleTimeout, writeTimeout, maxHeadBytes, maxHeaderFields,
                maxBodyBytes, maxConnections, perAddress);
    }

    public ServerLimits withTimeouts(Duration header, Duration body, Duration idle, Duration write) {
        return new ServerLimits(header, body, idle, write, maxHeadBytes, maxHeaderFields, maxBodyBytes, maxConnections,
                maxConnectionsPerAddress);
    }

    /** A quarter of the open-file limit, between 64 and 10,000: the rest is for drills, databases and logs. */
    static int defaultMaxConnections() {
        long files = 4096;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            files = unix.getMaxFileDescriptorCount();
        }
        return (int) Math.max(64, Math.min(10_000, files / 4));
    }
}
