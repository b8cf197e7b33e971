package dev.kunren.shop.compute;

/**
 * The web tier's auto-scaling group as the console describes it.
 *
 * @param healthReplacement unhealthy instances are terminated and replaced automatically
 * @param targetCpuPercent  target-tracking scaling on average CPU; 0 when off
 * @param version           the image version new instances launch with
 */
public record ScalingGroupView(String name, int min, int max, int desired, int inService, boolean healthReplacement,
                               double targetCpuPercent, String version, boolean refreshing) {
}
