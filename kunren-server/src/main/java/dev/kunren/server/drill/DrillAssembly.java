package dev.kunren.server.drill;

import dev.kunren.engine.alert.Notifier;
import dev.kunren.engine.alert.WebhookNotifier;
import dev.kunren.engine.clock.DrillClock;
import dev.kunren.engine.drill.Drill;
import dev.kunren.engine.drill.DrillListener;
import dev.kunren.engine.oncall.PageDelivery;
import dev.kunren.engine.scenario.Scenario;
import dev.kunren.engine.timeline.Timeline;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one way Kunren puts a drill together, for {@code kunren run}, {@code kunren serve} and
 * {@code kunren demo} alike: the scenario on its clock and timeline for its teams, alerts to the
 * scenario's chat webhook (or the one given instead), pages out through {@code pages}.
 */
public final class DrillAssembly {

    private DrillAssembly() {
    }

    /**
     * @param webhook  where alerts are posted instead of the scenario's {@code notifications.webhook}, if given
     * @param more     notifiers of the command itself (the terminal of {@code kunren run})
     */
    public static Drill assemble(Scenario scenario, DrillClock clock, Timeline timeline, long seed, List<String> teams,
                                 Optional<URI> webhook, List<Notifier> more, PageDelivery pages, DrillListener listener) {
        List<Notifier> notifiers = new ArrayList<>(more);
        webhook.or(() -> scenario.webhook().map(URI::create)).ifPresent(url -> notifiers.add(new WebhookNotifier(url)));
        Drill drill = new Drill(scenario, clock, timeline, seed, teams, notifiers, listener);
        drill.deliverPagesWith(pages);
        return drill;
    }
}
