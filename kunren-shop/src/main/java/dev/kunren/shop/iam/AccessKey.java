package dev.kunren.shop.iam;

import java.time.Duration;

/** An access key of a user of the account; only an active key can create resources. */
public record AccessKey(String id, String user, Duration createdAt, boolean active) {
}
