package dev.kunren.shop.balancer;

/** The load balancer took a target out of rotation, or put it back. */
public record HealthChange(String instanceId, boolean healthy) {
}
