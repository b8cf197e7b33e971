package dev.kunren.shop;

import dev.kunren.proxy.TcpProxy;
import dev.kunren.shop.balancer.HealthChange;
import dev.kunren.shop.balancer.LoadBalancer;
import dev.kunren.shop.balancer.Target;
import dev.kunren.shop.instance.WebInstance;
import dev.kunren.shop.store.ShopStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * One team's practice shop: a load balancer in front of web instances, each reached through a
 * fault-proxy link, and a shared data store. Every part listens on its own loopback port.
 */
public final class Shop implements AutoCloseable {

    private final ShopStore store = new ShopStore();
    private final Map<String, WebInstance> instances = new LinkedHashMap<>();
    private final Map<String, TcpProxy> links = new LinkedHashMap<>();
    private final LoadBalancer balancer;

    private Shop(ShopConfig config, InstantSource drillClock, long seed) throws IOException {
        Random linkRandom = new Random(seed);
        List<Target> targets = new ArrayList<>();
        try {
            for (int i = 1; i <= config.instances(); i++) {
                String id = ShopConfig.instanceId(i);
                WebInstance instance = new WebInstance(id, store, config.capacityPerSecond(), drillClock);
                instances.put(id, instance);
                instance.start();
                TcpProxy link = TcpProxy.start("lb-" + id, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), instance.port()), new Random(linkRandom.nextLong()));
                links.put(id, link);
                targets.add(new Target(id, link.listenAddress()));
            }
            balancer = new LoadBalancer(targets, config.healthCheck());
        } catch (IOException | RuntimeException e) {
            closeParts();
            throw e;
        }
    }

    /** Starts a shop whose modelled CPU counts time on {@code drillClock}. */
    public static Shop start(ShopConfig config, InstantSource drillClock) throws IOException {
        return start(config, drillClock, 0);
    }

    /** As {@link #start(ShopConfig, InstantSource)}, with a seed for the links' random faults (jitter, toxicity). */
    public static Shop start(ShopConfig config, InstantSource drillClock, long seed) throws IOException {
        return new Shop(config, drillClock, seed);
    }

    /** Where customers send their requests: the load balancer. */
    public URI uri() {
        return balancer.uri();
    }

    public List<String> instanceIds() {
        return List.copyOf(instances.keySet());
    }

    public WebInstance instance(String id) {
        WebInstance instance = instances.get(id);
        if (instance == null) {
            throw new NoSuchElementException("no instance " + id + "; the shop has " + instances.keySet());
        }
        return instance;
    }

    /** The proxy link between the load balancer and an instance, where network faults go. */
    public TcpProxy link(String instanceId) {
        instance(instanceId);
        return links.get(instanceId);
    }

    public ShopStore store() {
        return store;
    }

    /** One round of load-balancer health checks; returns what changed. */
    public List<HealthChange> checkHealth() {
        return balancer.checkHealth();
    }

    public List<InstanceStatus> status() {
        return instances.values().stream()
                .map(i -> new InstanceStatus(i.id(), i.isRunning(), balancer.isHealthy(i.id()),
                        i.capacity().cpuPercent(), i.capacity().arrivalsLastSecond()))
                .toList();
    }

    /** Clears the modelled load, e.g. after warm-up requests sent before the drill clock started. */
    public void forgetLoad() {
        instances.values().forEach(i -> i.capacity().forgetLoad());
    }

    public int instancesInRotation() {
        return balancer.healthyCount();
    }

    @Override
    public void close() {
        if (balancer != null) {
            balancer.close();
        }
        closeParts();
    }

    private void closeParts() {
        links.values().forEach(TcpProxy::close);
        instances.values().forEach(WebInstance::close);
    }
}
