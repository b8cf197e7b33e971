package dev.kunren.engine.external;

import dev.kunren.engine.clock.DrillClock;
import dev.kunren.engine.scenario.ExternalEnvironment;
import dev.kunren.engine.timeline.TimelineWriter;
import java.time.Clock;

/**
 * A drill's side of the team's own systems that the world outside reaches: the agents on its
 * hosts. It exists from the drill's creation, so agents can connect and wait for the start.
 */
public final class OwnSystems {

    private final ExternalEnvironment environment;
    private final AgentHub agents;

    public OwnSystems(ExternalEnvironment environment, TimelineWriter timeline, DrillClock clock) {
        this.environment = environment;
        this.agents = new AgentHub(environment.agents(), timeline, clock::elapsed, Clock.systemUTC());
    }

    public ExternalEnvironment environment() {
        return environment;
    }

    public AgentHub agents() {
        return agents;
    }
}
