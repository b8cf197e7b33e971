package dev.kunren.engine.scenario;

import java.time.Duration;
import java.util.List;

/**
 * How a scenario's incidents are run: the roles a team fills, the components on its status page,
 * and how often customers must hear from it.
 *
 * @param firstPublicUpdate the first public update is due this long after declaring
 * @param publicUpdateEvery later public updates are due at most this long after the previous one
 */
public record IncidentSettings(List<String> roles, List<String> components, Duration firstPublicUpdate,
                               Duration publicUpdateEvery) {

    public static final List<String> DEFAULT_ROLES = List.of("incident-commander", "deputy", "scribe", "operations",
            "customer-liaison", "internal-liaison");
    public static final List<String> DEFAULT_COMPONENTS = List.of("storefront", "cart", "checkout");
    public static final IncidentSettings DEFAULTS = new IncidentSettings(DEFAULT_ROLES, DEFAULT_COMPONENTS,
            Duration.ofMinutes(5), Duration.ofMinutes(20));
}
