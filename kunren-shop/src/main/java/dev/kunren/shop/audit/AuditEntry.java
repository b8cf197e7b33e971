package dev.kunren.shop.audit;

import java.time.Duration;
import java.util.Map;

/**
 * One operation on the environment, as the audit trail keeps it.
 *
 * @param at      drill time of the call
 * @param result  what happened, in words: the error for a refused call
 */
public record AuditEntry(long id, Duration at, String actor, String source, String accessKey, String operation,
                         String resource, Map<String, String> parameters, boolean success, String result) {
}
