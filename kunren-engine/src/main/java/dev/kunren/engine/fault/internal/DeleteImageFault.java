package dev.kunren.engine.fault.internal;

import dev.kunren.shop.Shop;

/**
 * The registry's lifecycle rule deletes the image the scaling group launches from, so every new
 * instance fails to start. Fixed once the image is usable again (rebuilt); the revert rebuilds it.
 */
public final class DeleteImageFault extends OnceRevertible {

    private final Shop shop;
    private final String version;

    public DeleteImageFault(Shop shop) {
        this.shop = shop;
        this.version = shop.fleet().group().version();
    }

    @Override
    protected void apply() {
        shop.console().expireImage(version);
    }

    @Override
    protected void undo() {
        shop.registry().restore(version);
    }

    @Override
    public boolean fixed() {
        return shop.registry().usable(version, shop.now());
    }
}
