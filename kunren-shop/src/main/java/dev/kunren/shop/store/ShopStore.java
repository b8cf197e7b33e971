package dev.kunren.shop.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The shop's data store: a fixed catalog, carts and orders. Shared by every web instance of one
 * shop, as a database would be.
 */
public final class ShopStore {

    private static final List<Product> CATALOG = List.of(
            new Product(1, "Sencha green tea 100g", 1200),
            new Product(2, "Matcha 30g", 2400),
            new Product(3, "Hojicha 80g", 980),
            new Product(4, "Genmaicha 200g", 860),
            new Product(5, "Tea cup, Arita ware", 3200),
            new Product(6, "Kyusu teapot", 5400),
            new Product(7, "Chasen whisk", 2900),
            new Product(8, "Tea towel", 700),
            new Product(9, "Gyokuro 50g", 3600),
            new Product(10, "Wagashi assortment", 1800),
            new Product(11, "Tea caddy, cherry bark", 6800),
            new Product(12, "Tea sampler", 2500));

    private final Map<String, Map<Integer, Integer>> carts = new ConcurrentHashMap<>();
    private final Map<Long, String> orders = new ConcurrentHashMap<>();
    private final AtomicLong lastOrder = new AtomicLong();

    public static int catalogSize() {
        return CATALOG.size();
    }

    public String productsJson() {
        return CATALOG.stream().map(Product::toJson).collect(Collectors.joining(",", "[", "]"));
    }

    public Optional<Product> product(int id) {
        return id >= 1 && id <= CATALOG.size() ? Optional.of(CATALOG.get(id - 1)) : Optional.empty();
    }

    /** Adds items to a customer's cart and returns the number of items in it. */
    public int addToCart(String customer, Product product, int quantity) {
        Map<Integer, Integer> cart = carts.computeIfAbsent(customer, c -> new ConcurrentHashMap<>());
        cart.merge(product.id(), quantity, Integer::sum);
        return cart.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Places an order and returns its number; the customer's cart is emptied. */
    public long placeOrder(String customer) {
        carts.remove(customer);
        long order = lastOrder.incrementAndGet();
        orders.put(order, customer);
        return order;
    }

    /** Orders the store holds now (lost ones, after a failover, no longer count). */
    public long ordersPlaced() {
        return orders.size();
    }

    public boolean hasOrder(long order) {
        return orders.containsKey(order);
    }

    /** Drops orders a failed primary acknowledged but never replicated. */
    public void forgetOrders(List<Long> lost) {
        lost.forEach(orders::remove);
    }
}
