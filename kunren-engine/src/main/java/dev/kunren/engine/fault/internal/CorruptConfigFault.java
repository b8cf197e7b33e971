package dev.kunren.engine.fault.internal;

import dev.kunren.shop.Shop;
import dev.kunren.shop.audit.Actor;
import dev.kunren.shop.compute.InstanceState;
import dev.kunren.shop.config.AppConfig;
import dev.kunren.shop.config.AppConfig.InvalidConfigException;
import dev.kunren.shop.storage.ObjectVersion;
import java.util.List;

/**
 * A colleague uploads a half-edited app-config.json and reloads it: the instances keep passing
 * their (shallow) health checks but answer every request with an error. The change is in the
 * audit trail under the colleague's name. Fixed once every running instance uses a valid config;
 * the revert restores the newest valid version, unless the team already has.
 */
public final class CorruptConfigFault extends OnceRevertible {

    static final Actor COLLEAGUE = new Actor("tanaka", "10.0.3.27", "");
    static final String BROKEN = """
            {
              "databaseTimeoutMs": 1000,
              "paymentTimeoutMs": 1500,
              "paymentFallback": "fail",
              "cacheTtlSeconds": 30,
              "featureFlags": {"newCheckout": true
            """;

    private final Shop shop;

    public CorruptConfigFault(Shop shop) {
        this.shop = shop;
    }

    @Override
    protected void apply() {
        shop.console().putObject(COLLEAGUE, AppConfig.KEY, BROKEN);
        shop.console().reloadConfig(COLLEAGUE);
    }

    @Override
    protected void undo() {
        if (fixed()) {
            return;
        }
        List<ObjectVersion> versions = shop.configBucket().versions(AppConfig.KEY);
        for (int i = versions.size() - 1; i >= 0; i--) {
            if (valid(versions.get(i).content())) {
                shop.console().restoreObject(SafetyActor.ACTOR, AppConfig.KEY, versions.get(i).version());
                shop.console().reloadConfig(SafetyActor.ACTOR);
                return;
            }
        }
    }

    @Override
    public boolean fixed() {
        return valid(shop.configBucket().latest(AppConfig.KEY).content())
                && shop.fleet().instances(java.util.Optional.empty()).stream()
                .filter(i -> i.state() == InstanceState.RUNNING && i.appRunning())
                .allMatch(i -> i.configValid());
    }

    private static boolean valid(String json) {
        try {
            AppConfig.parse(json);
            return true;
        } catch (InvalidConfigException e) {
            return false;
        }
    }
}
