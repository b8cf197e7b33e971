package dev.kunren.shop.balancer;

import java.net.InetSocketAddress;

/** A backend of the load balancer: an instance id and the address the balancer sends its traffic to. */
public record Target(String instanceId, InetSocketAddress address) {
}
