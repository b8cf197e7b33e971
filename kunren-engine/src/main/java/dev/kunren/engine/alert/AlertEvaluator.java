package dev.kunren.engine.alert;

import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Evaluates alert rules against readings at given drill times. Pure logic: the caller passes the
 * time, so tests need no clock. A rule goes pending when its condition first holds, firing once it
 * has held for the rule's {@code for}, resolved when it stops holding; a pending rule whose
 * condition clears goes back to inactive.
 */
public final class AlertEvaluator {

    private final Map<String, RuleState> states = new LinkedHashMap<>();

    public AlertEvaluator(List<AlertRule> rules) {
        rules.forEach(rule -> states.put(rule.name(), new RuleState(rule)));
    }

    /** Returns the state changes at {@code now}, in rule order. */
    public List<AlertChanged> evaluate(Duration now, MetricReadings readings) {
        List<AlertChanged> changes = new ArrayList<>();
        for (RuleState state : states.values()) {
            AlertRule rule = state.rule;
            OptionalDouble value = readings.valueFor(rule);
            boolean breached = value.isPresent() && rule.breached(value.getAsDouble());
            double shown = value.orElse(Double.NaN);
            if (breached && state.current == AlertState.INACTIVE) {
                state.since = now;
                state.current = AlertState.PENDING;
                if (!rule.forDuration().isZero()) {
                    changes.add(change(rule, AlertState.PENDING, shown));
                }
            }
            if (breached && state.current == AlertState.PENDING
                    && now.minus(state.since).compareTo(rule.forDuration()) >= 0) {
                state.current = AlertState.FIRING;
                changes.add(change(rule, AlertState.FIRING, shown));
            } else if (!breached && state.current == AlertState.PENDING) {
                state.current = AlertState.INACTIVE;
                changes.add(change(rule, AlertState.INACTIVE, shown));
            } else if (!breached && state.current == AlertState.FIRING) {
                state.current = AlertState.INACTIVE;
                changes.add(change(rule, AlertState.RESOLVED, shown));
            }
        }
        return changes;
    }

    /**
     * Sets a rule where the timeline last left it ({@code state} at {@code since}): a drill taken
     * back after a crash neither fires again what was firing nor forgets what was pending.
     */
    public void restore(String rule, AlertState state, Duration since) {
        RuleState rs = states.get(rule);
        if (rs != null) {
            rs.current = state == AlertState.RESOLVED ? AlertState.INACTIVE : state;
            rs.since = since;
        }
    }

    public List<String> firing() {
        return states.values().stream().filter(s -> s.current == AlertState.FIRING).map(s -> s.rule.name()).toList();
    }

    private static AlertChanged change(AlertRule rule, AlertState state, double value) {
        double rounded = Double.isNaN(value) ? 0 : Math.round(value * 100) / 100.0;
        return new AlertChanged(rule.name(), rule.severity(), state, rule.summary(), rounded, rule.condition(), rule.summaries());
    }

    private static final class RuleState {
        final AlertRule rule;
        AlertState current = AlertState.INACTIVE;
        Duration since = Duration.ZERO;

        RuleState(AlertRule rule) {
            this.rule = rule;
        }
    }
}
