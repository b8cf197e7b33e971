package dev.kunren.shop.store;

/** An item the shop sells. Prices are in yen. */
public record Product(int id, String name, int priceYen) {

    String toJson() {
        return "{\"id\":" + id + ",\"name\":\"" + name + "\",\"priceYen\":" + priceYen + "}";
    }
}
