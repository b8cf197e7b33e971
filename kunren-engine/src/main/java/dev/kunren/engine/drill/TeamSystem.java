package dev.kunren.engine.drill;

import dev.kunren.engine.fault.FaultSpec;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.RevertReason;
import dev.kunren.engine.timeline.TimelineEvent.WindowClosed;
import dev.kunren.shop.Shop;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a team's drill runs on: the practice shop ({@link SystemRun}) or the team's own systems
 * ({@link ExternalSystemRun}). Both meet the drill through this shape — customers scored in SLI
 * windows, alert rules, faults with time limits and reverts — so scoring, expectations, incident
 * command and the debrief do not care which.
 */
interface TeamSystem extends AutoCloseable {

    /** The practice shop a team operates through its console; empty on the team's own systems. */
    Optional<Shop> shop();

    /** Readies the system before the clock starts: warms the shop's code paths, or finds the team's services. */
    void warmUp(boolean first, Duration budget);

    /** Starts customers; {@code first} on the drill's first start (not when it is taken back after a crash). */
    void startTraffic(boolean first);

    void stopTraffic();

    /** One drill second: close a due window, end and inject faults, evaluate alerts; returns the alert changes. */
    List<AlertChanged> tick(Duration t, boolean lastTick);

    /** Queues a fault to inject at the next tick (a facilitator's "inject now"). */
    void injectSoon(FaultSpec spec);

    /** Reverts every fault at once (a halt, the end of the drill); safe from any thread. */
    void revertAll(RevertReason reason, Duration now);

    /**
     * Begins rebuilding the system from the timeline a stopped process left: what the system does
     * meanwhile is not recorded again. Returns what the team did to it, to do again in order.
     */
    List<Step> beginRebuild(TeamRecord recorded, Restoration restoration);

    /** One drill second of the rebuild: the faults begin and end where the timeline says, the environment moves. */
    void rebuildTick(Duration t);

    /**
     * The rebuild reached the drill time the process stopped at: windows, alerts and the faults
     * to come as the timeline leaves them; it records again from here.
     */
    void endRebuild(Duration stoppedAt);

    double score();

    Optional<WindowClosed> lastWindow();

    List<String> activeFaults();

    List<String> firingAlerts();

    @Override
    void close();
}
