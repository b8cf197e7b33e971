package dev.kunren.shop.network;

/** One network path a security rule allows, e.g. web instances to the payment API. */
public record Route(String id, String from, String to, String description, boolean allowed) {
}
