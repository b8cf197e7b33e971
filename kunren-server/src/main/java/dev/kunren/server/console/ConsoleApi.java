package dev.kunren.server.console;

import dev.kunren.engine.clock.DrillClock;
import dev.kunren.engine.drill.Drill;
import dev.kunren.engine.drill.DrillState;
import dev.kunren.engine.scenario.Scenario;
import dev.kunren.engine.timeline.EventJson;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.http.LocalApiGuard;
import dev.kunren.server.http.Exchange;
import dev.kunren.server.http.Problem;
import dev.kunren.server.http.Router;
import dev.kunren.server.incident.InboxRoutes;
import dev.kunren.server.incident.IncidentCommandRoutes;
import dev.kunren.server.incident.TeamAccess;
import dev.kunren.server.incident.TeamDrill;
import dev.kunren.server.own.OwnSystemsRoutes;
import dev.kunren.shop.Shop;
import dev.kunren.shop.audit.Actor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The console API of one headless drill ({@code kunren run}): the console routes under
 * {@code /api/teams/{team}} on loopback, and with {@link #withIncidentCommand} the incident
 * command routes, where callers name themselves in {@code X-Kunren-Actor}. The web app
 * ({@code kunren serve}) mounts the same routes behind sessions instead.
 */
public final class ConsoleApi implements AutoCloseable {

    /**
     * Who may call every route of a headless drill's console API: whoever presents its token. The
     * API's guard checks it (with the Host and the Origin) before any route, so each route declares
     * the same access.
     */
    static final Router.Access TOKEN = Router.Access.of("the console API's token", x -> { });


    public static final String ACTOR_HEADER = "X-Kunren-Actor";

    private final List<String> teams;
    private final Function<String, Optional<Shop>> environments;
    private final Timeline timeline;
    private final Router router = new Router(EventJson.mapper());
    private final Set<String> allowedHosts;
    private final Optional<String> token;
    private volatile LocalApiGuard guard;
    private volatile boolean tabletop;
    private volatile boolean ownSystems;

    public ConsoleApi(List<String> teams, Function<String, Optional<Shop>> environments, Timeline timeline) {
        this(teams, environments, timeline, Set.of(), Optional.empty());
    }

    /**
     * A console API that answers only to its own address and the {@code allowedHosts} (never a
     * web page: cross-site requests and rebinding are refused), and, with a {@code token}, only to
     * requests that present it.
     */
    public ConsoleApi(List<String> teams, Function<String, Optional<Shop>> environments, Timeline timeline,
                      Set<String> allowedHosts, Optional<String> token) {
        this.allowedHosts = Set.copyOf(allowedHosts);
        this.token = token;
        router.before(x -> {
            LocalApiGuard current = guard;
            if (current == null) {
                throw new Problem(503, "Starting", "the console API is starting; try again");
            }
            current.check(x.request()).ifPresent(refusal -> {
                throw new Problem(refusal.status(), refusal.status() == 401 ? "Unauthorized" : "Forbidden", refusal.reason());
            });
        });
        this.teams = List.copyOf(teams);
        this.environments = environments;
        this.timeline = timeline;
        router.route("GET", "/api/teams", TOKEN, x -> x.json(200, Map.of("teams", this.teams)));
        ConsoleRoutes.mount(router, "/api/teams/{team}", new ConsoleRoutes.Access() {
            @Override
            public Shop shop(Exchange x) {
                return environment(x);
            }

            @Override
            public Actor operator(Exchange x) {
                return actor(x);
            }

            @Override
            public Timeline timeline(Exchange x) {
                return ConsoleApi.this.timeline;
            }

            @Override
            public Router.Access readers() {
                return TOKEN;
            }

            @Override
            public Router.Access operators() {
                return TOKEN;
            }
        });
    }

    /**
     * Adds incident command for every team — acknowledging alerts, incidents, messages and answers,
     * expectations, pages — so a headless drill's teams run the incident from {@code kunren console} too.
     */
    public ConsoleApi withIncidentCommand(Scenario scenario, Drill drill, DrillClock clock) {
        tabletop = scenario.tabletop();
        ownSystems = scenario.external().isPresent();
        Object commandLock = new Object();
        TeamAccess access = new TeamAccess() {
            @Override
            public Caller reader(Exchange x) {
                return new Caller(teamDrill(knownTeam(x), scenario, drill, clock, commandLock),
                        x.header(ACTOR_HEADER).map(String::strip).orElse(""), false);
            }

            @Override
            public Caller member(Exchange x) {
                return new Caller(teamDrill(knownTeam(x), scenario, drill, clock, commandLock), actor(x).name(), false);
            }

            @Override
            public Router.Access readers() {
                return TOKEN;
            }

            @Override
            public Router.Access members() {
                return TOKEN;
            }
        };
        IncidentCommandRoutes.mount(router, "/api/teams/{team}", access);
        InboxRoutes.mount(router, "/api/teams/{team}", access);
        dev.kunren.server.paging.PagingRoutes.mount(router, "/api/teams/{team}", access);
        return this;
    }

    /**
     * Adds the routes the world outside uses — agents' polls ({@code /api/agents/{agent}/poll}),
     * the team's monitoring's alerts ({@code /api/ingest/{source}}), {@code /api/halt} — and the
     * team's view of its own systems ({@code targets}, {@code agents}, {@code probes}).
     */
    public ConsoleApi withOwnSystems(Drill drill) {
        OwnSystemsRoutes.mount(router, "/api", TOKEN, x -> drill);
        OwnSystemsRoutes.mountViews(router, "/api/teams/{team}", TOKEN, x -> {
            knownTeam(x);
            return drill;
        });
        return this;
    }

    private String knownTeam(Exchange x) {
        String team = x.path("team");
        if (!teams.contains(team)) {
            throw Problem.notFound("no team " + team + " in this drill; teams are " + teams);
        }
        return team;
    }

    private TeamDrill teamDrill(String team, Scenario scenario, Drill drill, DrillClock clock, Object commandLock) {
        return new TeamDrill(team, scenario, timeline, clock::elapsed, () -> {
            if (drill.state() == DrillState.ENDED) {
                return Optional.of("the drill has ended");
            }
            return drill.ready() ? Optional.empty() : Optional.of("the drill has not started yet");
        }, commandLock);
    }

    public ConsoleApi start(InetSocketAddress address) throws IOException {
        router.start(address);
        guard = new LocalApiGuard(router.address(), allowedHosts, token);
        return this;
    }

    public InetSocketAddress address() {
        return router.address();
    }

    private Shop environment(Exchange x) {
        String team = knownTeam(x);
        if (tabletop) {
            throw new Problem(409, "Conflict", "this is a tabletop drill: there is no practice system to operate; "
                    + "see kunren console messages and incidents");
        }
        if (ownSystems) {
            throw new Problem(409, "Conflict", "this drill runs on your own systems: there is no practice shop to operate; "
                    + "see kunren console targets, probes and agents, and operate your systems as you always do");
        }
        return environments.apply(team).orElseThrow(() -> new Problem(503, "Not running",
                "team " + team + "'s environment is not running: the drill has not started yet, or has ended"));
    }

    /** The caller as named in {@link #ACTOR_HEADER}: 1 to 40 letters, digits, spaces or ._@-. */
    static Actor actor(Exchange x) {
        String name = x.header(ACTOR_HEADER).map(String::strip).orElse("");
        if (!name.matches("[\\p{L}\\p{N}][\\p{L}\\p{N} ._@-]{0,39}")) {
            throw Problem.badRequest("say who you are in the " + ACTOR_HEADER
                    + " header: 1 to 40 letters, digits, spaces or ._@-, e.g. \"alice\"");
        }
        return Actor.of(name, "console");
    }

    @Override
    public void close() {
        router.close();
    }
}
