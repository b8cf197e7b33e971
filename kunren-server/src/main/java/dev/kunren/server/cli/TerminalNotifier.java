package dev.kunren.server.cli;

import dev.kunren.engine.alert.Notifier;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.NotificationSent;
import java.time.Duration;

/** Shows firing and resolved alerts on the terminal, as the on-call's pager would. */
final class TerminalNotifier implements Notifier {

    private final ProgressPanel panel;

    TerminalNotifier(ProgressPanel panel) {
        this.panel = panel;
    }

    @Override
    public NotificationSent send(String drillLabel, Duration at, AlertChanged alert) {
        String word = alert.state() == AlertState.FIRING ? "ALERT     " : "RESOLVED  ";
        panel.line(ProgressPanel.clock(at) + "  " + word + alert.rule() + " [" + alert.severity() + "] " + alert.summary()
                + " (now " + alert.value() + ", rule " + alert.condition() + ")");
        return new NotificationSent(alert.rule(), alert.state(), "terminal", true, "shown");
    }
}
