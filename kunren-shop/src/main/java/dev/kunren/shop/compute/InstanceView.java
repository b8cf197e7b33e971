package dev.kunren.shop.compute;

import java.time.Duration;

/**
 * An instance as the console describes it.
 *
 * @param appRunning  the web application's process is up (false for a killed process and for
 *                    instances that run no web application)
 * @param inRotation  the load balancer considers it healthy
 * @param reason      why it is in its state (e.g. why a launch failed), or empty
 */
public record InstanceView(String id, String region, String type, String version, InstanceState state,
                           boolean inScalingGroup, boolean appRunning, boolean inRotation, double cpuPercent,
                           int configVersion, boolean configValid, Duration launchedAt, String launchedBy,
                           String accessKey, double hourlyCostYen, String reason) {
}
