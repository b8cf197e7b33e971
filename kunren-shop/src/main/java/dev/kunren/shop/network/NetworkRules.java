package dev.kunren.shop.network;

import dev.kunren.shop.console.ConsoleException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The security rules between the shop's parts. A route that is not allowed drops packets, so a
 * caller waits until its own timeout, as behind a misconfigured security group.
 */
public final class NetworkRules {

    public static final String LB_TO_WEB = "lb-to-web";
    public static final String WEB_TO_DB = "web-to-db";
    public static final String WEB_TO_CACHE = "web-to-cache";
    public static final String WEB_TO_PAYMENT = "web-to-payment";

    private final Map<String, Route> routes = new LinkedHashMap<>();
    private volatile BiConsumer<String, Boolean> listener = (id, allowed) -> { };

    public NetworkRules() {
        add(LB_TO_WEB, "load balancer", "web instances", "tcp/8080 from the load balancer's security group");
        add(WEB_TO_DB, "web instances", "database", "tcp/5432 to the database's security group");
        add(WEB_TO_CACHE, "web instances", "cache", "tcp/6379 to the cache's security group");
        add(WEB_TO_PAYMENT, "web instances", "payment API", "tcp/443 egress to the payment provider");
    }

    private void add(String id, String from, String to, String description) {
        routes.put(id, new Route(id, from, to, description, true));
    }

    /** Called with a route's id and whether it is now allowed, whenever that changes. */
    public void onChange(BiConsumer<String, Boolean> listener) {
        this.listener = listener;
    }

    public synchronized List<Route> routes() {
        return List.copyOf(routes.values());
    }

    public synchronized Route route(String id) {
        Route route = routes.get(id);
        if (route == null) {
            throw ConsoleException.notFound("no route " + id + "; routes are " + routes.keySet());
        }
        return route;
    }

    public boolean allows(String id) {
        return route(id).allowed();
    }

    /** Allows or denies a route; setting what is already set changes nothing. Returns whether it changed. */
    public boolean set(String id, boolean allowed) {
        synchronized (this) {
            Route route = route(id);
            if (route.allowed() == allowed) {
                return false;
            }
            routes.put(id, new Route(id, route.from(), route.to(), route.description(), allowed));
        }
        listener.accept(id, allowed);
        return true;
    }
}
