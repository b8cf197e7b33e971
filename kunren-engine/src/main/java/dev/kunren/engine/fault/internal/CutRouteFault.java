package dev.kunren.engine.fault.internal;

import dev.kunren.shop.Shop;
import dev.kunren.shop.audit.Actor;

/**
 * A colleague tidying security rules removes one route by mistake: its packets are dropped, so
 * callers wait until their timeouts. Fixed once the route is allowed again.
 */
public final class CutRouteFault extends OnceRevertible {

    static final Actor COLLEAGUE = new Actor("suzuki", "10.0.3.41", "");

    private final Shop shop;
    private final String route;

    public CutRouteFault(Shop shop, String route) {
        this.shop = shop;
        this.route = route;
        shop.network().route(route);
    }

    @Override
    protected void apply() {
        shop.console().setRoute(COLLEAGUE, route, false);
    }

    @Override
    protected void undo() {
        if (!fixed()) {
            shop.console().setRoute(SafetyActor.ACTOR, route, true);
        }
    }

    @Override
    public boolean fixed() {
        return shop.network().allows(route);
    }
}
