package dev.kunren.shop.registry;

import java.time.Duration;

/**
 * One version of the web application's image. {@code readyAt} is when a rebuild finishes; an image
 * can be launched only once it is ready and while it is not deleted.
 */
public record Image(String version, String digest, Duration pushedAt, Duration readyAt, boolean deleted) {

    public boolean usableAt(Duration now) {
        return !deleted && now.compareTo(readyAt) >= 0;
    }
}
