package dev.kunren.shop.iam;

import dev.kunren.shop.console.ConsoleException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The account's access keys: listed, revoked (deactivated) and rotated (replaced by a new one). */
public final class AccessKeys {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final Map<String, AccessKey> keys = new LinkedHashMap<>();
    private final Random random;

    public AccessKeys(long seed) {
        this.random = new Random(seed);
        create("deploy-bot", Duration.ZERO);
        create("ops-admin", Duration.ZERO);
    }

    private AccessKey create(String user, Duration at) {
        StringBuilder id = new StringBuilder("AKIA");
        for (int i = 0; i < 16; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        AccessKey key = new AccessKey(id.toString(), user, at, true);
        keys.put(key.id(), key);
        return key;
    }

    public synchronized List<AccessKey> keys() {
        return List.copyOf(keys.values());
    }

    public synchronized AccessKey key(String id) {
        AccessKey key = keys.get(id);
        if (key == null) {
            throw ConsoleException.notFound("no access key " + id);
        }
        return key;
    }

    /** The first active key of a user, e.g. the one a leaked-credentials scenario abuses. */
    public synchronized AccessKey activeKeyOf(String user) {
        return keys.values().stream().filter(k -> k.user().equals(user) && k.active()).findFirst()
                .orElseThrow(() -> ConsoleException.conflict(user + " has no active access key"));
    }

    public synchronized boolean isActive(String id) {
        AccessKey key = keys.get(id);
        return key != null && key.active();
    }

    /** Deactivates a key; revoking a revoked key changes nothing. Returns whether it changed. */
    public synchronized boolean revoke(String id) {
        AccessKey key = key(id);
        if (!key.active()) {
            return false;
        }
        keys.put(id, new AccessKey(id, key.user(), key.createdAt(), false));
        return true;
    }

    /** Issues a new key for the same user and deactivates the old one; returns the new key. */
    public synchronized AccessKey rotate(String id, Duration at) {
        AccessKey old = key(id);
        revoke(id);
        return create(old.user(), at);
    }
}
