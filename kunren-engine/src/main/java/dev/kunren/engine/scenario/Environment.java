package dev.kunren.engine.scenario;

import dev.kunren.shop.ShopConfig;
import dev.kunren.shop.balancer.HealthCheckPolicy;
import java.time.Duration;

/**
 * The practice environment a scenario runs on.
 *
 * @param instances           web instances at the start (the scaling group's desired size)
 * @param maxInstances        the scaling group's maximum
 * @param healthCheckInterval drill time between two load-balancer health-check rounds
 * @param bootTime            drill time from launching an instance to its serving
 * @param replicationLag      how far the database replica normally trails the primary
 */
public record Environment(int instances, int maxInstances, double capacityPerSecond, Duration healthCheckInterval,
                          int unhealthyAfter, int healthyAfter, Duration bootTime, Duration replicationLag) {

    public ShopConfig shopConfig() {
        return new ShopConfig(instances, Math.min(instances, 1), maxInstances, capacityPerSecond,
                new HealthCheckPolicy(unhealthyAfter, healthyAfter), bootTime, Duration.ofSeconds(15), replicationLag,
                Duration.ofSeconds(90));
    }
}
