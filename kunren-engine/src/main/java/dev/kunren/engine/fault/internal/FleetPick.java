package dev.kunren.engine.fault.internal;

import dev.kunren.shop.Shop;
import java.util.List;
import java.util.Random;

/** Picks the instance for an inject whose target is {@code random}: one whose application serves. */
public final class FleetPick {

    private FleetPick() {
    }

    public static String runningInstance(Shop shop, Random random) {
        List<String> serving = shop.status().stream().filter(s -> s.running()).map(s -> s.id()).toList();
        if (serving.isEmpty()) {
            throw new IllegalStateException("no instance is running to pick from");
        }
        return serving.get(random.nextInt(serving.size()));
    }
}
