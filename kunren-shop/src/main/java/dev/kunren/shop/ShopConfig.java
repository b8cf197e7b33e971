package dev.kunren.shop;

import dev.kunren.shop.balancer.HealthCheckPolicy;

/**
 * The shape of one team's practice shop.
 *
 * @param instances         web instances behind the load balancer, named web-1, web-2, …
 * @param capacityPerSecond requests per drill second one instance can serve at 100% CPU
 * @param healthCheck       when the load balancer takes an instance out of rotation and back
 */
public record ShopConfig(int instances, double capacityPerSecond, HealthCheckPolicy healthCheck) {

    public static final int MAX_INSTANCES = 20;

    public ShopConfig {
        if (instances < 1 || instances > MAX_INSTANCES) {
            throw new IllegalArgumentException("instances must be within 1.." + MAX_INSTANCES + ", but was " + instances);
        }
        if (!(capacityPerSecond > 0)) {
            throw new IllegalArgumentException("capacity must be > 0 requests/s, but was " + capacityPerSecond);
        }
    }

    public static String instanceId(int index) {
        return "web-" + index;
    }
}
