package dev.kunren.shop;

/**
 * What the monitoring sees of one web instance at a moment.
 *
 * @param running    the process is up and accepting connections
 * @param inRotation the load balancer's health checks consider it healthy
 */
public record InstanceStatus(String id, boolean running, boolean inRotation, double cpuPercent) {
}
