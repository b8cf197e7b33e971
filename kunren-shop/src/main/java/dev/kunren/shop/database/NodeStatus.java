package dev.kunren.shop.database;

/** A database node as the console describes it. */
public record NodeStatus(String name, Database.Role role, boolean running, boolean writerEndpoint) {
}
