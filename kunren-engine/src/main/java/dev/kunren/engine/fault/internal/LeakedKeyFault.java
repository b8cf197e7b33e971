package dev.kunren.engine.fault.internal;

import dev.kunren.shop.Shop;
import dev.kunren.shop.audit.Actor;
import dev.kunren.shop.compute.InstanceState;
import dev.kunren.shop.compute.InstanceView;
import dev.kunren.shop.compute.Regions;
import dev.kunren.shop.console.ConsoleException;
import java.time.Duration;
import java.util.Optional;

/**
 * Someone who found deploy-bot's access key launches expensive instances in the other region,
 * and comes back every {@code every} while the key works. Only the audit trail and the other
 * region's resource list show it. Fixed once the key is inactive and no instance it launched
 * runs; the revert terminates what the attacker launched.
 */
public final class LeakedKeyFault extends OnceRevertible {

    static final String SOURCE = "198.51.100.23";
    static final String TYPE = "c5.24xlarge";
    static final double COST_YEN_PER_HOUR = 620;

    private final Shop shop;
    private final int count;
    private final Duration every;
    private Actor attacker;
    private Duration nextAttempt;

    public LeakedKeyFault(Shop shop, int count, Duration every) {
        this.shop = shop;
        this.count = count;
        this.every = every;
    }

    @Override
    protected void apply() {
        attacker = new Actor("deploy-bot", SOURCE, shop.accessKeys().activeKeyOf("deploy-bot").id());
        attempt(shop.now());
    }

    @Override
    public synchronized void tick(Duration now) {
        if (attacker != null && nextAttempt != null && now.compareTo(nextAttempt) >= 0) {
            attempt(now);
        }
    }

    private synchronized void attempt(Duration now) {
        nextAttempt = now.plus(every);
        try {
            shop.console().runInstancesWithKey(attacker, Regions.SECONDARY, TYPE, count, COST_YEN_PER_HOUR);
        } catch (ConsoleException refused) {
            // the key no longer works: the attempt is in the audit trail, refused
        }
    }

    @Override
    protected synchronized void undo() {
        for (InstanceView instance : shop.fleet().instances(Optional.empty())) {
            if (instance.accessKey().equals(attacker.accessKey()) && instance.state() != InstanceState.TERMINATED) {
                shop.fleet().terminate(instance.id(), SafetyActor.ACTOR, shop.now());
            }
        }
        attacker = null;
    }

    @Override
    public synchronized boolean fixed() {
        if (attacker == null) {
            return false;
        }
        return !shop.accessKeys().isActive(attacker.accessKey())
                && shop.fleet().instances(Optional.empty()).stream().noneMatch(i ->
                i.accessKey().equals(attacker.accessKey()) && i.state() != InstanceState.TERMINATED);
    }
}
