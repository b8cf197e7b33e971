package dev.kunren.engine.alert;

import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.NotificationSent;
import java.time.Duration;

/** Tells people that an alert fired or resolved: a terminal, a chat webhook. */
public interface Notifier {

    /**
     * Delivers the notice of an alert change at drill time {@code at} and says how it went. May
     * block; the engine calls it off the drill loop.
     */
    NotificationSent send(String drillLabel, Duration at, AlertChanged alert);
}
