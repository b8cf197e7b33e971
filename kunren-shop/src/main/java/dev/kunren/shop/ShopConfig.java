package dev.kunren.shop;

import dev.kunren.shop.balancer.HealthCheckPolicy;
import java.time.Duration;

/**
 * The shape of one team's practice environment.
 *
 * @param instances         web instances at the start (the scaling group's desired size), named web-1, web-2, …
 * @param minInstances      the scaling group's minimum
 * @param maxInstances      the scaling group's maximum
 * @param capacityPerSecond requests per drill second one instance can serve at 100% CPU
 * @param healthCheck       when the load balancer takes an instance out of rotation and back
 * @param bootTime          drill time from launching an instance to its application serving
 * @param restartTime       drill time a reboot takes
 * @param replicationLag    how far the database replica normally trails the primary
 * @param imageBuildTime    drill time to rebuild a deleted image
 */
public record ShopConfig(int instances, int minInstances, int maxInstances, double capacityPerSecond,
                         HealthCheckPolicy healthCheck, Duration bootTime, Duration restartTime,
                         Duration replicationLag, Duration imageBuildTime) {

    public static final int MAX_INSTANCES = 20;

    public ShopConfig {
        if (instances < 1 || instances > MAX_INSTANCES) {
            throw new IllegalArgumentException("instances must be within 1.." + MAX_INSTANCES + ", but was " + instances);
        }
        if (minInstances < 0 || minInstances > instances || maxInstances < instances || maxInstances > MAX_INSTANCES) {
            throw new IllegalArgumentException("need 0 <= min <= instances <= max <= " + MAX_INSTANCES + ", but were min "
                    + minInstances + ", instances " + instances + ", max " + maxInstances);
        }
        if (!(capacityPerSecond > 0)) {
            throw new IllegalArgumentException("capacity must be > 0 requests/s, but was " + capacityPerSecond);
        }
    }

    /** An environment with the usual timings: 40 s boot, 15 s reboot, 1 s replication lag, 90 s image build. */
    public ShopConfig(int instances, double capacityPerSecond, HealthCheckPolicy healthCheck) {
        this(instances, instances, Math.min(MAX_INSTANCES, Math.max(6, instances * 3)), capacityPerSecond, healthCheck,
                Duration.ofSeconds(40), Duration.ofSeconds(15), Duration.ofSeconds(1), Duration.ofSeconds(90));
    }
}
