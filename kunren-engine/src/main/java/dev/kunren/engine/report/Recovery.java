package dev.kunren.engine.report;

import java.util.List;

/**
 * When customers stopped being hurt, read from a run of SLI windows: at the end of the last
 * window outside objective before the service stayed within objective for {@link #SUSTAINED}
 * windows (or for every window left, if fewer remain). A stray bad window long after the
 * service recovered — one failed request in eighty breaks 99% — is not the fault's impact
 * going on, and must not turn a mitigated fault into "not mitigated". Nor is one that comes only
 * after the fault had ended and the service had stayed within objective for {@link #SUSTAINED}
 * windows since: that is no impact of the fault at all (a machine's hiccup minutes after the team
 * fixed it once made a fault "mitigated" after its own safety limit).
 */
final class Recovery {

    /** Windows within objective in a row that count as recovered. */
    static final int SUSTAINED = 3;
    /** No window broke an objective. */
    static final int NO_IMPACT = -1;
    /** Customers were still affected when the windows ran out. */
    static final int NOT_RECOVERED = -2;

    private Recovery() {
    }

    /** As {@link #lastBadWindow(List, int)} for trouble that has not ended within the windows. */
    static int lastBadWindow(List<Boolean> withinObjective) {
        return lastBadWindow(withinObjective, withinObjective.size());
    }

    /**
     * @param withinObjective each window's verdict, in order
     * @param endedAt         the first window that starts once the trouble has ended (the size if it has not)
     * @return the index of the bad window whose end is the mitigation, {@link #NO_IMPACT} or {@link #NOT_RECOVERED}
     */
    static int lastBadWindow(List<Boolean> withinObjective, int endedAt) {
        int lastBad = NO_IMPACT;
        int goodInARow = 0;
        for (int i = 0; i < withinObjective.size(); i++) {
            if (withinObjective.get(i)) {
                goodInARow++;
                if (lastBad >= 0 && goodInARow >= SUSTAINED) {
                    return lastBad;
                }
                if (goodInARow >= SUSTAINED && i - SUSTAINED + 1 >= endedAt) {
                    return NO_IMPACT;  // settled after the trouble ended, never having broken an objective
                }
            } else {
                lastBad = i;
                goodInARow = 0;
            }
        }
        if (lastBad < 0) {
            return NO_IMPACT;
        }
        return goodInARow > 0 ? lastBad : NOT_RECOVERED;
    }
}
