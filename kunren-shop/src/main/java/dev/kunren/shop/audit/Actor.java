package dev.kunren.shop.audit;

/**
 * Who performed an operation, and from where: a team member through the console, an automation of
 * the environment, or a scripted colleague or attacker of the scenario.
 *
 * @param name   as the audit trail shows it, e.g. {@code alice}, {@code autoscaling}, {@code tanaka}
 * @param source where the call came from, e.g. {@code console}, {@code 198.51.100.23}, {@code internal}
 * @param accessKey the access key the call was signed with, or empty
 */
public record Actor(String name, String source, String accessKey) {

    public static Actor of(String name, String source) {
        return new Actor(name, source, "");
    }

    /** The environment acting on its own (auto scaling, automatic failover, lifecycle rules). */
    public static Actor automation(String name) {
        return new Actor(name, "internal", "");
    }
}
