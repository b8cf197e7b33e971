package dev.kunren.engine.scenario;

import dev.kunren.shop.ShopConfig;
import dev.kunren.shop.balancer.HealthCheckPolicy;
import java.time.Duration;

/**
 * The practice shop a scenario runs on.
 *
 * @param healthCheckInterval drill time between two load-balancer health-check rounds
 */
public record Environment(int instances, double capacityPerSecond, Duration healthCheckInterval,
                          int unhealthyAfter, int healthyAfter) {

    public ShopConfig shopConfig() {
        return new ShopConfig(instances, capacityPerSecond, new HealthCheckPolicy(unhealthyAfter, healthyAfter));
    }
}
