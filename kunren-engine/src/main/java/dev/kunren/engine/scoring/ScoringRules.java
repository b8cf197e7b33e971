package dev.kunren.engine.scoring;

import java.util.List;

/**
 * Points per customer request, AWS GameDay style: the first latency tier a successful request
 * falls under gives its points, a slower one earns nothing, a failed one costs
 * {@code failurePoints} (a negative number).
 */
public record ScoringRules(List<LatencyTier> tiers, double failurePoints) {

    public ScoringRules {
        tiers = List.copyOf(tiers);
    }

    public double pointsFor(boolean failed, long latencyNanos) {
        if (failed) {
            return failurePoints;
        }
        for (LatencyTier tier : tiers) {
            if (latencyNanos < tier.under().toNanos()) {
                return tier.points();
            }
        }
        return 0;
    }
}
