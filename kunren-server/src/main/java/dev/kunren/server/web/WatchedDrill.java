package dev.kunren.server.web;

import dev.kunren.engine.timeline.Timeline;

/** What a live stream reads of a drill: run here, or by another server and followed through the database. */
interface WatchedDrill {

    String id();

    Timeline timeline();

    /** Whether the facilitator lets observers see what was injected while the drill runs. */
    boolean observersSeeFaults();

    boolean ended();
}
