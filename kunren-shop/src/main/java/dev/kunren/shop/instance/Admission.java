package dev.kunren.shop.instance;

/**
 * The capacity model's answer for one request: serve it after stretching its service time by
 * {@code slowdown}, or reject it because the instance is overloaded.
 */
public record Admission(boolean admitted, double slowdown) {

    static Admission serve(double slowdown) {
        return new Admission(true, slowdown);
    }

    static Admission reject() {
        return new Admission(false, 0);
    }
}
