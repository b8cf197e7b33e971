package dev.kunren.shop.balancer;

/**
 * How many consecutive failed probes take a target out of rotation, and how many passed ones put
 * it back. How often probes run is the drill engine's business.
 */
public record HealthCheckPolicy(int unhealthyAfter, int healthyAfter) {

    public HealthCheckPolicy {
        if (unhealthyAfter < 1) {
            throw new IllegalArgumentException("unhealthyAfter must be >= 1, but was " + unhealthyAfter);
        }
        if (healthyAfter < 1) {
            throw new IllegalArgumentException("healthyAfter must be >= 1, but was " + healthyAfter);
        }
    }
}
