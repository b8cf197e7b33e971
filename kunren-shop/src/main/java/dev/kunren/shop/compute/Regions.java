package dev.kunren.shop.compute;

import java.util.List;

/** The account's two regions: the shop runs in the first; the second is normally empty. */
public final class Regions {

    public static final String PRIMARY = "ap-northeast-1";
    public static final String SECONDARY = "us-west-2";
    public static final List<String> ALL = List.of(PRIMARY, SECONDARY);

    private Regions() {
    }
}
