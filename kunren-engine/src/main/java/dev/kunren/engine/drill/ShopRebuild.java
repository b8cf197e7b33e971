package dev.kunren.engine.drill;

import dev.kunren.engine.clock.DurationText;
import dev.kunren.engine.fault.FaultSupervisor;
import dev.kunren.engine.fault.RecordedFault;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent.ConsoleOperation;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjected;
import dev.kunren.engine.timeline.TimelineEvent.FaultReverted;
import dev.kunren.shop.Shop;
import dev.kunren.shop.audit.Actor;
import dev.kunren.shop.console.ConsoleException;
import dev.kunren.shop.console.ConsoleReplay;
import java.time.Duration;
import java.util.List;

/**
 * Rebuilds one team's practice shop from its timeline after a crash: the faults begin and end at
 * the drill times recorded (on the targets recorded), and what the team did through its console
 * is done again at the times it was done. The shop's own automation (scaling, failover) runs as it
 * did, on the same drill clock; it sees no customers while it is rebuilt.
 */
final class ShopRebuild {

    private final String team;
    private final Shop shop;
    private final FaultSupervisor faults;
    private final TeamRecord recorded;
    private final Restoration restoration;
    private final Duration drillEnd;
    private final List<EventRecord> faultEvents;
    private int nextFaultEvent;

    ShopRebuild(String team, Shop shop, FaultSupervisor faults, TeamRecord recorded, Restoration restoration, Duration drillEnd) {
        this.team = team;
        this.shop = shop;
        this.faults = faults;
        this.recorded = recorded;
        this.restoration = restoration;
        this.drillEnd = drillEnd;
        this.faultEvents = recorded.records().stream()
                .filter(r -> r.event() instanceof FaultInjected || r.event() instanceof FaultReverted).toList();
    }

    TeamRecord recorded() {
        return recorded;
    }

    List<Step> teamSteps() {
        return recorded.teamOperations().stream().map(r -> new Step(r.at(), () -> perform(r))).toList();
    }

    private void perform(EventRecord record) {
        ConsoleOperation op = (ConsoleOperation) record.event();
        try {
            ConsoleReplay.perform(shop.console(), Actor.of(op.actor(), op.source()), op.operation(), op.resource(), op.parameters());
        } catch (ConsoleException | IllegalArgumentException e) {
            restoration.note(team, op.actor() + "'s " + op.operation() + " on " + op.resource() + " at "
                    + DurationText.format(record.at()) + " could not be done again (" + e.getMessage() + ")");
        }
    }

    /** The faults that began or ended by drill time {@code t}, in the order recorded; then faults that act over time move. */
    void faultsAt(Duration t) {
        while (nextFaultEvent < faultEvents.size() && faultEvents.get(nextFaultEvent).at().compareTo(t) <= 0) {
            EventRecord record = faultEvents.get(nextFaultEvent++);
            switch (record.event()) {
                case FaultInjected injected -> reinstate(injected, record.at());
                case FaultReverted reverted -> faults.retire(reverted.faultId());
                default -> throw new IllegalStateException("not a fault event: " + record.event());
            }
        }
        faults.advance(t);
    }

    private void reinstate(FaultInjected injected, Duration at) {
        boolean back = RecordedFault.spec(injected, at, drillEnd).map(spec -> faults.reinstate(spec, injected.limit())).orElse(false);
        if (!back) {
            restoration.note(team, "fault " + injected.faultId() + " (" + injected.faultType() + ") could not be made again");
        }
    }

    /** The rebuild is done: the faults still in flight go on, with what is left of their limits. */
    void finish() {
        restoration.resumed(team, faults.activeIds());
    }
}
