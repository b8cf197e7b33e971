package dev.kunren.engine.fault;

import dev.kunren.shop.Shop;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Automatic recovery a team can turn on, which stops a recurring threat. */
public enum AutoRecovery {
    /** The scaling group replaces instances that fail health checks. */
    HEALTH_REPLACEMENT("health-replacement"),
    /** The scaling group tracks a CPU target. */
    AUTOSCALING("autoscaling"),
    /** The database fails over by itself when the primary dies. */
    AUTO_FAILOVER("auto-failover");

    private final String key;

    AutoRecovery(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public boolean enabledIn(Shop shop) {
        return switch (this) {
            case HEALTH_REPLACEMENT -> shop.fleet().group().healthReplacement();
            case AUTOSCALING -> shop.fleet().group().targetCpuPercent() > 0;
            case AUTO_FAILOVER -> shop.database().autoFailover();
        };
    }

    public static Optional<AutoRecovery> byKey(String key) {
        return Arrays.stream(values()).filter(r -> r.key.equals(key)).findFirst();
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(AutoRecovery::key).toList();
    }
}
