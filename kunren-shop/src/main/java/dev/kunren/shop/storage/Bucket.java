package dev.kunren.shop.storage;

import dev.kunren.shop.console.ConsoleException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A versioned object-storage bucket: every put keeps the old versions, and a restore puts an old
 * version back as the newest, as S3 versioning does.
 */
public final class Bucket {

    public static final int MAX_OBJECT_BYTES = 64 * 1024;

    private final String name;
    private final Map<String, List<ObjectVersion>> objects = new LinkedHashMap<>();

    public Bucket(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public synchronized ObjectVersion put(String key, String content, Duration at, String author) {
        if (key.isBlank() || key.length() > 200) {
            throw ConsoleException.invalid("an object key must be 1 to 200 characters");
        }
        if (content.length() > MAX_OBJECT_BYTES) {
            throw ConsoleException.invalid("an object may hold at most " + MAX_OBJECT_BYTES + " characters");
        }
        List<ObjectVersion> versions = objects.computeIfAbsent(key, k -> new ArrayList<>());
        ObjectVersion version = new ObjectVersion(key, versions.size() + 1, content, at, author);
        versions.add(version);
        return version;
    }

    public synchronized ObjectVersion latest(String key) {
        return versions(key).getLast();
    }

    public synchronized ObjectVersion version(String key, int version) {
        List<ObjectVersion> versions = versions(key);
        if (version < 1 || version > versions.size()) {
            throw ConsoleException.notFound(name + "/" + key + " has versions 1.." + versions.size() + ", not " + version);
        }
        return versions.get(version - 1);
    }

    /** Every version of an object, oldest first. */
    public synchronized List<ObjectVersion> versions(String key) {
        List<ObjectVersion> versions = objects.get(key);
        if (versions == null) {
            throw ConsoleException.notFound("no object " + key + " in bucket " + name);
        }
        return List.copyOf(versions);
    }

    public synchronized List<String> keys() {
        return List.copyOf(objects.keySet());
    }

    /** Puts a copy of an old version back as the newest version. */
    public synchronized ObjectVersion restore(String key, int version, Duration at, String author) {
        return put(key, version(key, version).content(), at, author);
    }
}
