package dev.kunren.shop.registry;

import dev.kunren.shop.console.ConsoleException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The image registry of the web application ({@code shop-web}), with a lifecycle rule that
 * expires old images. A deleted image can be rebuilt from source, which takes build time.
 */
public final class ImageRegistry {

    public static final String REPOSITORY = "shop-web";

    private final Map<String, Image> images = new LinkedHashMap<>();
    private final Duration buildTime;
    private final Random random;
    private boolean lifecycleRuleEnabled = true;

    public ImageRegistry(List<String> versions, Duration buildTime, long seed) {
        this.buildTime = buildTime;
        this.random = new Random(seed);
        versions.forEach(v -> images.put(v, new Image(v, digest(), Duration.ZERO, Duration.ZERO, false)));
    }

    private String digest() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return "sha256:" + HexFormat.of().formatHex(bytes);
    }

    public synchronized List<Image> images() {
        return List.copyOf(images.values());
    }

    public synchronized Image image(String version) {
        Image image = images.get(version);
        if (image == null) {
            throw ConsoleException.notFound("no image " + REPOSITORY + ":" + version + "; versions are " + images.keySet());
        }
        return image;
    }

    public synchronized boolean usable(String version, Duration now) {
        Image image = images.get(version);
        return image != null && image.usableAt(now);
    }

    /** Deletes an image, as the lifecycle rule does; deleting a deleted image changes nothing. */
    public synchronized boolean delete(String version) {
        Image image = image(version);
        if (image.deleted()) {
            return false;
        }
        images.put(version, new Image(version, image.digest(), image.pushedAt(), image.readyAt(), true));
        return true;
    }

    /**
     * Rebuilds a deleted image from its source tag; ready after the build time. Rebuilding an
     * image that exists or is being built changes nothing and says when it is ready.
     */
    public synchronized Image rebuild(String version, Duration now) {
        Image image = image(version);
        if (!image.deleted()) {
            return image;
        }
        Image rebuilt = new Image(version, digest(), now, now.plus(buildTime), false);
        images.put(version, rebuilt);
        return rebuilt;
    }

    /** Undeletes an image as it was (Kunren's safety revert, not something a team can do). */
    public synchronized void restore(String version) {
        Image image = image(version);
        images.put(version, new Image(version, image.digest(), image.pushedAt(), image.readyAt(), false));
    }

    public synchronized boolean lifecycleRuleEnabled() {
        return lifecycleRuleEnabled;
    }

    public synchronized void setLifecycleRuleEnabled(boolean enabled) {
        lifecycleRuleEnabled = enabled;
    }
}
