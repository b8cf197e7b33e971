package dev.kunren.shop.storage;

import java.time.Duration;

/** One stored version of an object: versions are numbered from 1 and never change. */
public record ObjectVersion(String key, int version, String content, Duration at, String author) {
}
