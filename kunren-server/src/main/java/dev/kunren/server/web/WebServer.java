package dev.kunren.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kunren.engine.drill.Drill;
import dev.kunren.engine.fault.FaultType;
import dev.kunren.engine.timeline.EventJson;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.Timeline;
import dev.kunren.http.LocalApiGuard;
import dev.kunren.server.chat.ChatSettings;
import dev.kunren.server.chat.SlashCommandRoute;
import dev.kunren.server.console.ConsoleRoutes;
import dev.kunren.server.http.Exchange;
import dev.kunren.server.http.Problem;
import dev.kunren.server.http.RateLimits;
import dev.kunren.server.http.Router;
import dev.kunren.server.incident.InboxRoutes;
import dev.kunren.server.incident.IncidentCommandRoutes;
import dev.kunren.server.incident.TeamAccess;
import dev.kunren.server.oidc.OidcException;
import dev.kunren.server.oidc.OidcSettings;
import dev.kunren.server.oidc.OidcSignIn;
import dev.kunren.server.own.OwnSystemsRoutes;
import dev.kunren.server.paging.PageAcknowledgement;
import dev.kunren.server.paging.PageDeliveries;
import dev.kunren.server.paging.PageLinks;
import dev.kunren.server.paging.PagingRoutes;
import dev.kunren.server.store.JdbcEventStore;
import dev.kunren.shop.Shop;
import dev.kunren.shop.audit.Actor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The web app ({@code kunren serve}): the REST API the pages use (OpenAPI at
 * {@code /api/openapi.json}), live updates over server-sent events, and the pages themselves.
 * Facilitator and team members sign in to cookie sessions; every state change needs the
 * session's CSRF token; a member sees and operates only their own team.
 */
public final class WebServer implements AutoCloseable {

    private final Router router = new Router(EventJson.mapper());
    private final Sessions sessions;
    private final Guard guard;
    private final FacilitatorPassword password;
    private final DrillManager drills;
    private final LoginThrottle throttle = new LoginThrottle();
    /** Joins with a valid code, per address: a room behind one address joins in a burst, a script cannot flood a team. */
    private final RateLimits joins = new RateLimits("joins from this address (30 a minute)", 30, 30, 100_000);
    private final InjectNowForm injectNow = new InjectNowForm();
    private final java.util.Set<String> signInLinks = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final PageLinks pageLinks;
    private final JdbcEventStore store;
    private final NodeRelay relay;
    private volatile String nodeUrl;
    private static final String OIDC_COOKIE = "kunren_oidc";
    private final Clock clock;
    private volatile OidcSignIn oidc;
    private volatile String publicUrl;
    private volatile Optional<PageDeliveries.Smtp> smtp = Optional.empty();

    public WebServer(JdbcEventStore store, Path library, Clock clock) {
        this(store, library, clock, null);
    }

    /**
     * A web app whose {@code /api/chat/slack} takes slash commands signed with
     * {@code slackSigningSecret} (the Slack app's; null: none are taken).
     */
    public WebServer(JdbcEventStore store, Path library, Clock clock, String slackSigningSecret) {
        this.clock = clock;
        this.store = store;
        this.pageLinks = sharedPageLinks(store);
        this.sessions = new Sessions(clock, Optional.of(store.room()), store.leases().shared());
        this.guard = new Guard(sessions);
        this.password = new FacilitatorPassword(store);
        this.drills = new DrillManager(store, library, clock);
        router.mapErrors(e -> e instanceof DrillManager.InvalidScenario invalid
                ? new Problem(422, "Invalid scenario", invalid.getMessage(), Map.of("errors", invalid.errors())) : null);
        router.mapErrors(e -> e instanceof IllegalArgumentException bad ? Problem.badRequest(bad.getMessage()) : null);
        router.mapErrors(e -> e instanceof OidcException failed ? new Problem(401, "Unauthorized", failed.getMessage()) : null);
        router.mapErrors(e -> e instanceof OidcSignIn.Forbidden refused ? new Problem(403, "Forbidden", refused.getMessage()) : null);
        // the database is down or restarting: the drills go on, and this request may be tried again
        router.mapErrors(e -> e instanceof dev.kunren.server.store.StoreException unavailable
                ? new Problem(503, "Store unavailable", unavailable.getMessage()) : null);
        sessionRoutes();
        facilitatorRoutes();
        teamRoutes();
        StaticPages.mount(router);
        new EventStream(guard, drills, store.leases().shared() ? Optional.of(new FollowedDrills(store, clock)) : Optional.empty())
                .mount(router);
        this.relay = new NodeRelay(store, drills);
        router.relay(relay).believeVouched(relay::vouchedFor);
        new StatusPageRoutes(drills).mount(router);
        new ImprovisedMessageRoutes(guard, drills).mount(router);
        new DebriefRoutes(guard, drills, store, clock).mount(router);
        new EvaluationRoutes(guard, drills).mount(router);
        new SlashCommandRoute(Optional.ofNullable(slackSigningSecret), clock, this::listening, relay::slashCommand).mount(router);
        pageRoutes();
        drills.deliverPagesWith(new PageDeliveries(() -> smtp, pageLinks, () -> Optional.of(publicUrl())));
    }

    /** How this server signs pages' acknowledge links. */
    PageLinks pageLinks() {
        return pageLinks;
    }

    /** Page links signed with the database's key: any server on it, and this one after a restart, takes them. */
    private static PageLinks sharedPageLinks(JdbcEventStore store) {
        try {
            return new PageLinks(java.util.HexFormat.of().parseHex(store.settingOrPut("page_link_key", () -> {
                byte[] key = new byte[32];
                new java.security.SecureRandom().nextBytes(key);
                return java.util.HexFormat.of().formatHex(key);
            })));
        } catch (dev.kunren.server.store.StoreException unavailable) {
            return new PageLinks();  // the database is away: this process's own key, its links good until it stops
        }
    }

    /**
     * Where the other servers on the database reach this one, to hand it the requests for the
     * drills it runs ({@code kunren serve --node-url}); without it, the address it listens on.
     */
    public WebServer nodeUrl(String url) {
        this.nodeUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return this;
    }

    /** Tells the other servers on a shared database where this one is, once it listens. */
    private void announce() {
        if (store.leases().shared()) {
            store.nodes().announce(announcedUrl(), clock.instant());
        }
    }

    /** Where the other servers on the database reach this one: as given, or the address it listens on. */
    public String announcedUrl() {
        return nodeUrl != null ? nodeUrl : listeningUrl();
    }

    /** Where people open this server, for links sent out (pages' acknowledge links): given, or the address it listens on. */
    public WebServer publicUrl(String url) {
        this.publicUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return this;
    }

    private String publicUrl() {
        return publicUrl != null ? publicUrl : listeningUrl();
    }

    private String listeningUrl() {
        InetSocketAddress at = router.address();
        String host = at.getAddress().isAnyLocalAddress() ? "127.0.0.1" : at.getAddress().getHostAddress();
        return (secure() ? "https" : "http") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + at.getPort();
    }

    /** The SMTP server pages are e-mailed through; without one, e-mail pages are recorded as not delivered. */
    public WebServer smtp(PageDeliveries.Smtp server) {
        this.smtp = Optional.of(server);
        return this;
    }

    private static JsonNode json(Exchange x) {
        try {
            return x.bodyJson();
        } catch (IOException e) {
            throw Problem.badRequest("the request body is not valid JSON");
        }
    }

    /** Taking a page by the link it carries: signed, for one person, once. */
    private void pageRoutes() {
        Router.Access pageLink = Router.Access.of("a signed page link", x -> pageLinks.read(json(x).path("token").asText("")));
        router.route("POST", "/api/pages/acknowledge", pageLink, x -> {
            Guard.sameOrigin(x);
            String token = x.bodyJson().path("token").asText("");
            PageLinks.Claim claim = pageLinks.read(token);
            LiveDrill drill = drills.drill(claim.drillId());
            if (pageLinks.used(token)) {
                throw new Problem(410, "Gone", "this link was already used: a page is acknowledged once");
            }
            EventRecord taken = PageAcknowledgement.acknowledge(drill.teamDrill(claim.team()), claim.pageId(), claim.person(), false,
                    "link");
            pageLinks.spend(token);
            x.json(201, Map.of("seq", taken.seq(), "event", taken.event()));
        });
    }

    /** The teams of running drills whose chat is this channel: where a slash command typed there goes. */
    private List<SlashCommandRoute.Listener> listening(String channelId, String channelName) {
        List<SlashCommandRoute.Listener> found = new ArrayList<>();
        for (LiveDrill drill : drills.drills()) {
            if (drill.phase() == LiveDrill.Phase.ENDED) {
                continue;
            }
            for (LiveDrill.Team team : drill.teams()) {
                drill.chat(team.name()).filter(chat -> chat.listensTo(channelId, channelName))
                        .ifPresent(chat -> found.add(new SlashCommandRoute.Listener(drill.teamDrill(team.name()), chat)));
            }
        }
        return found;
    }

    /** Serves plain HTTP on {@code address}. */
    public WebServer start(InetSocketAddress address) throws IOException {
        router.start(address);
        announce();
        return this;
    }

    /**
     * Serves on {@code address} within {@code limits}, HTTPS when {@code tls} is given;
     * {@code trustProxy} believes a reverse proxy's X-Forwarded-* headers.
     */
    public WebServer start(InetSocketAddress address, dev.kunren.http.ServerLimits limits, javax.net.ssl.SSLContext tls,
                           boolean trustProxy) throws IOException {
        router.trustProxy(trustProxy).start(address, limits, tls);
        announce();
        return this;
    }

    /** Every route it serves, as {@code METHOD /path/{param}}. */
    public java.util.List<String> routes() {
        return router.routes();
    }

    /** Who may call each route, as the route declares it ({@code METHOD /path/{param}} to the access's name). */
    public java.util.Map<String, String> access() {
        return router.access();
    }

    /** Whether it serves HTTPS. */
    public boolean secure() {
        return router.secure();
    }

    public InetSocketAddress address() {
        return router.address();
    }

    public FacilitatorPassword password() {
        return password;
    }

    public DrillManager drills() {
        return drills;
    }

    public Sessions sessions() {
        return sessions;
    }

    /**
     * A token for {@code /?signin=TOKEN} that signs the facilitator in once, without the password:
     * how {@code kunren demo} opens straight into its drill.
     */
    public String oneTimeSignInToken() {
        String token = sessions.token();
        signInLinks.add(token);
        return token;
    }

    // ---- sessions ----

    private void sessionRoutes() {
        router.route("GET", "/api/session", Router.Access.ANYONE, x -> {
            Optional<Session> session = guard.session(x);
            x.json(200, session.map(WebServer::describe).orElse(Map.of("role", "none", "oidc", oidc != null)));
        });
        // sign-in through the company's OpenID provider (authorization code + PKCE), for facilitators and observers
        router.route("GET", "/api/session/oidc", Router.Access.ANYONE, x -> {
            // a member may come with their team's join code: they join under their company name
            OidcSignIn.Start start = oidc().start(publicUrl() + "/api/session/oidc/callback",
                    x.query("code").map(c -> c.length() > 64 ? c.substring(0, 64) : c));
            x.responseHeader("Set-Cookie", OIDC_COOKIE + "=" + start.state() + "; Path=/api/session/oidc; HttpOnly; "
                    + (x.secure() ? "Secure; " : "") + "SameSite=Lax; Max-Age=600");  // Lax: the provider sends the browser back cross-site
            redirect(x, start.redirect().toString());
        });
        router.route("GET", "/api/session/oidc/callback", Router.Access.ANYONE, x -> {
            // counted apart from the password: a broken company sign-in must not lock the password out for everyone
            LoginThrottle.Attempt attempt = throttle.begin(LoginThrottle.Kind.COMPANY_SIGN_IN, x.remoteAddress());
            if (x.query("error").isPresent()) {
                throw new Problem(401, "Unauthorized", "the identity provider refused the sign-in: " + x.query("error").get()
                        + x.query("error_description").map(d -> " (" + d + ")").orElse(""));
            }
            String bound = x.header("Cookie").flatMap(c -> cookie(c, OIDC_COOKIE)).orElse("");
            OidcSignIn.Person person = oidc().finish(bound, x.query("state").orElse(""), x.query("code").orElse(""));
            attempt.succeeded();
            Session session;
            if (person.role().isPresent()) {
                session = person.role().get() == OidcSignIn.Role.FACILITATOR ? sessions.facilitator(person.name())
                        : sessions.observer("", person.name());
            } else {
                String shown = person.name().replaceAll("[^\\p{L}\\p{N} ._@-]", "").strip();  // as a display name may be
                session = join(x, person.joinCode().orElseThrow(), shown.isEmpty() ? "member" : shown.substring(0, Math.min(40, shown.length())));
            }
            x.responseHeader("Set-Cookie", Sessions.cookie(session, x.secure()));
            redirect(x, session.facilitator() ? "/facilitator" : session.role() == Session.Role.OBSERVER ? "/observe" : "/team");
        });
        router.route("POST", "/api/session/facilitator", Router.Access.ANYONE, x -> {
            Guard.sameOrigin(x);
            LoginThrottle.Attempt attempt = throttle.begin(LoginThrottle.Kind.PASSWORD, x.remoteAddress());
            if (!password.matches(x.bodyJson().path("password").asText(null))) {
                throw new Problem(401, "Unauthorized", "wrong password");
            }
            attempt.succeeded();
            signIn(x, sessions.facilitator());
        });
        router.route("POST", "/api/session/link", Router.Access.ANYONE, x -> {
            Guard.sameOrigin(x);
            LoginThrottle.Attempt attempt = throttle.begin(LoginThrottle.Kind.SIGN_IN_LINK, x.remoteAddress());
            if (!signInLinks.remove(x.bodyJson().path("token").asText(""))) {
                throw new Problem(401, "Unauthorized", "this sign-in link is unknown or was already used");
            }
            attempt.succeeded();
            signIn(x, sessions.facilitator());
        });
        router.route("POST", "/api/session/join", Router.Access.ANYONE, x -> {
            Guard.sameOrigin(x);
            JsonNode body = x.bodyJson();
            String name = body.path("name").asText("").strip();
            if (!name.matches("[\\p{L}\\p{N}][\\p{L}\\p{N} ._@-]{0,39}")) {
                throw Problem.badRequest("a display name is 1 to 40 letters, digits, spaces or ._@-");
            }
            signIn(x, join(x, body.path("code").asText(""), name));
        });
        router.route("POST", "/api/session/logout", guard.signedIn, x -> {
            Session session = guard.require(x);
            sessions.end(session.token());
            x.responseHeader("Set-Cookie", Sessions.expiredCookie(x.secure()));
            x.json(200, Map.of("role", "none"));
        });
    }

    /** Joins the team (or the observers) a code opens, under {@code name}: with a display name, or a company account's. */
    private Session join(Exchange x, String code, String name) {
        LoginThrottle.Attempt attempt = throttle.begin(LoginThrottle.Kind.JOIN_CODE, x.remoteAddress());
        String[] target = drills.byJoinCode(code).orElseThrow(() -> new Problem(404, "Not found", "no team has this join code"));
        attempt.succeeded();
        joins.take(x.remoteAddress());
        LiveDrill drill = drills.drill(target[0]);
        if (target[1].equals(DrillManager.OBSERVERS)) {
            drills.joinObserver(drill, name);
            return sessions.observer(target[0], name);
        }
        drills.join(drill, target[1], name);
        return sessions.member(target[0], target[1], name);
    }

    private OidcSignIn oidc() {
        if (oidc == null) {
            throw Problem.notFound("sign-in through an OpenID provider is not set up: kunren serve --oidc-issuer URL --oidc-client-id ID");
        }
        return oidc;
    }

    /** Signs facilitators and observers in through the company's OpenID provider (docs/web.md). */
    public WebServer oidc(OidcSettings settings) {
        this.oidc = new OidcSignIn(settings, clock, store.leases().shared() ? store.leases().nodeId() : "");
        return this;
    }

    private static void redirect(Exchange x, String location) throws IOException {
        x.responseHeader("Location", location);
        x.text(302, "text/plain; charset=utf-8", "See " + location + "\n");
    }

    private static Optional<String> cookie(String header, String name) {
        for (String part : header.split(";")) {
            String cookie = part.strip();
            if (cookie.startsWith(name + "=")) {
                return Optional.of(cookie.substring(name.length() + 1));
            }
        }
        return Optional.empty();
    }

    private static void signIn(Exchange x, Session session) throws IOException {
        x.responseHeader("Set-Cookie", Sessions.cookie(session, x.secure()));
        x.json(200, describe(session));
    }

    private static Map<String, Object> describe(Session session) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("role", session.role().name().toLowerCase());
        map.put("name", session.name());
        map.put("drill", session.drillId());
        map.put("team", session.team());
        map.put("csrfToken", session.csrfToken());
        return map;
    }

    // ---- facilitator ----

    private void facilitatorRoutes() {
        router.route("GET", "/api/scenarios", guard.facilitatorOnly, x -> {
            guard.facilitator(x);
            x.json(200, drills.library());
        });
        router.route("GET", "/api/drills", Router.Access.of("facilitator, or an observer of every drill", x -> {
            Session session = guard.require(x);
            if (!session.facilitator() && !session.observerOf("")) {  // observers of every drill pick one to watch
                throw new Problem(403, "Forbidden", "only the facilitator may do this");
            }
        }), x -> {
            boolean facilitator = guard.require(x).facilitator();
            Map<String, JsonNode> listed = new java.util.TreeMap<>();
            for (LiveDrill drill : drills.drills()) {
                Map<String, Object> summary = summary(drill);
                if (!facilitator) {  // an observer sees the teams, never their join codes
                    summary.put("teams", drill.teams().stream().map(t -> Map.of("name", t.name())).toList());
                }
                listed.put(drill.id(), EventJson.mapper().valueToTree(summary));
            }
            // and those the other servers on the database hold (an ended drill, which every server lists, once)
            relay.gather(x, "/api/drills").forEach(theirs -> theirs.forEach(drill -> listed.putIfAbsent(drill.path("id").asText(), drill)));
            x.json(200, listed.values());
        });
        router.route("POST", "/api/drills", guard.facilitatorOnly, x -> {
            guard.facilitator(x);
            JsonNode body = x.bodyJson();
            double speed = body.path("speed").asDouble(1);
            LiveDrill drill = body.hasNonNull("yaml")
                    ? drills.createFromUpload(body.path("fileName").asText(""), body.path("yaml").asText(), speed)
                    : drills.createFromLibrary(body.path("scenario").asText(""), speed);
            x.json(201, summary(drill));
        });
        router.route("GET", "/api/drills/{drill}", guard.inDrill, x -> {
            Session session = guard.require(x);
            LiveDrill drill = drills.drill(x.path("drill"));
            requireInDrill(session, drill);
            Map<String, Object> summary = summary(drill);
            summary.put("store", drills.storeHealth());
            summary.put("runbook", drills.hasRunbook(drill));
            if (!session.facilitator()) {
                summary.put("teams", drill.teams().stream().map(t -> Map.of("name", t.name())).toList());
            } else {
                summary.put("token", drill.token());  // for agents, alert webhooks and kunren halt (docs/own-systems.md)
                summary.put("observerCode", drill.observerCode());
                summary.put("observers", drill.observers());
                summary.put("observersSeeFaults", drill.observersSeeFaults());
            }
            x.json(200, summary);
        });
        router.route("GET", "/api/drills/{drill}/runbook", guard.inDrill, x -> {
            Session session = guard.require(x);
            LiveDrill drill = drills.drill(x.path("drill"));
            requireInDrill(session, drill);
            String language = x.query("lang").filter("ja"::equals).orElse("en");
            String text = drills.runbook(drill, language).orElseThrow(() -> Problem.notFound("this drill's scenario has no runbook"));
            x.json(200, Map.of("text", text));
        });
        router.route("POST", "/api/drills/{drill}/teams", guard.facilitatorOnly, x -> {
            guard.facilitator(x);
            LiveDrill drill = drills.drill(x.path("drill"));
            x.json(201, drills.addTeam(drill, x.bodyJson().path("name").asText("")));
        });
        control("start", drills::start);
        control("pause", LiveDrill::pause);
        control("resume", LiveDrill::resume);
        // the answer to end and halt shows the drill ended (faults reverted, expectations decided), not ending
        control("end", drill -> {
            drill.end();
            drill.awaitEnd(java.time.Duration.ofSeconds(5));
        });
        // the emergency stop: the facilitator's, or `kunren halt` from any terminal with the drill's token
        router.route("POST", "/api/drills/{drill}/halt", Router.Access.of("facilitator, or the drill's token", x -> {
            if (!LocalApiGuard.presents(x.request(), drills.drill(x.path("drill")).token().getBytes(StandardCharsets.UTF_8))) {
                guard.facilitator(x);
            }
        }), x -> {
            LiveDrill drill = drills.drill(x.path("drill"));
            boolean withToken = LocalApiGuard.presents(x.request(), drill.token().getBytes(StandardCharsets.UTF_8));
            if (!withToken) {
                guard.facilitator(x);
            }
            drill.halt();
            drill.awaitEnd(java.time.Duration.ofSeconds(5));
            x.json(200, withToken ? Map.of("result", "halted: every fault is reverted, on agents and proxies too") : summary(drill));
        });
        OwnSystemsRoutes.mountAgentsAndIngest(router, "/api/drills/{drill}", Router.Access.of("the drill's token", x -> {
            if (!LocalApiGuard.presents(x.request(), drills.drill(x.path("drill")).token().getBytes(StandardCharsets.UTF_8))) {
                throw new Problem(401, "Unauthorized", "present this drill's token (Authorization: Bearer TOKEN); "
                        + "the facilitator sees it on the drill's page");
            }
        }), this::withDrillToken);
        router.route("PUT", "/api/drills/{drill}/observers", guard.facilitatorOnly, x -> {
            guard.facilitator(x);
            LiveDrill drill = drills.drill(x.path("drill"));
            com.fasterxml.jackson.databind.JsonNode see = x.bodyJson().path("seeFaults");
            if (!see.isBoolean()) {
                throw Problem.badRequest("give seeFaults: true to show observers what was injected before the debrief, false to hide it");
            }
            drills.observersSeeFaults(drill, see.asBoolean());
            x.json(200, Map.of("observerCode", drill.observerCode(), "observers", drill.observers(), "seeFaults", drill.observersSeeFaults()));
        });
        router.route("GET", "/api/drills/{drill}/teams/{team}/chat", guard.facilitatorOnly, x -> {
            guard.facilitator(x);
            LiveDrill drill = drills.drill(x.path("drill"));
            drill.team(x.path("team")).orElseThrow(() -> Problem.notFound("no team " + x.path("team")));
            x.json(200, drill.chat(x.path("team")).map(ChatSettings::describe).orElse(Map.of("webhook", "", "channel", "", "language", "en")));
        });
        router.route("PUT", "/api/drills/{drill}/teams/{team}/chat", guard.facilitatorOnly, x -> {
            guard.facilitator(x);
            LiveDrill drill = drills.drill(x.path("drill"));
            ChatSettings settings = ChatSettings.parse(x.bodyJson());
            drills.linkChat(drill, x.path("team"), settings);
            x.json(200, settings.describe());
        });
        router.route("POST", "/api/drills/{drill}/teams/{team}/injects", guard.facilitatorOnly, x -> {
            guard.facilitator(x);
            LiveDrill drill = drills.drill(x.path("drill"));
            drill.team(x.path("team")).orElseThrow(() -> Problem.notFound("no team " + x.path("team")));
            drill.injectNow(x.path("team"), injectNow.fault(x.bodyJson()));
            x.json(202, Map.of("result", "injecting at the next drill second"));
        });
        router.route("GET", "/api/drills/{drill}/timeline", guard.inDrill, x -> {
            Session session = guard.require(x);
            LiveDrill drill = drills.drill(x.path("drill"));
            requireInDrill(session, drill);
            int after = x.queryInt("after").orElse(0);
            List<Object> events = new ArrayList<>();
            for (EventRecord record : drill.timeline().records()) {
                if (record.seq() > after && EventStream.visible(session, drill, record)) {
                    events.add(EventStream.withDetails(record));
                }
            }
            x.json(200, events);
        });
        router.route("GET", "/api/drills/{drill}/scoreboard", guard.inDrill, x -> {
            Session session = guard.require(x);
            LiveDrill drill = drills.drill(x.path("drill"));
            requireInDrill(session, drill);
            x.json(200, Scoreboard.of(drill));
        });
    }

    private static void requireInDrill(Session session, LiveDrill drill) {
        if (!session.inDrill(drill.id())) {
            throw new Problem(403, "Forbidden", "you are not in this drill");
        }
    }

    private interface Control {
        void apply(LiveDrill drill);
    }

    /** The running drill a request with that drill's own token is about: agents' polls and alert webhooks. */
    private Drill withDrillToken(Exchange x) {
        LiveDrill drill = drills.drill(x.path("drill"));
        if (!LocalApiGuard.presents(x.request(), drill.token().getBytes(StandardCharsets.UTF_8))) {
            throw new Problem(401, "Unauthorized", "present this drill's token (Authorization: Bearer TOKEN); "
                    + "the facilitator sees it on the drill's page");
        }
        return drill.running().orElseThrow(() -> new Problem(503, "Not started",
                "the drill has not started; agents wait for it, and alerts count from its start"));
    }

    private void control(String action, Control control) {
        router.route("POST", "/api/drills/{drill}/" + action, guard.facilitatorOnly, x -> {
            guard.facilitator(x);
            LiveDrill drill = drills.drill(x.path("drill"));
            control.apply(drill);
            x.json(200, summary(drill));
        });
    }

    static Map<String, Object> summary(LiveDrill drill) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", drill.id());
        map.put("scenario", drill.scenario().name());
        map.put("title", drill.scenario().title());
        map.put("titles", drill.scenario().titles());
        map.put("speed", drill.speed());
        map.put("phase", drill.phase().name().toLowerCase());
        map.put("elapsedSeconds", drill.elapsed().toSeconds());
        map.put("durationSeconds", drill.scenario().duration().toSeconds());
        map.put("teams", drill.teams());
        map.put("faultTypes", FaultType.keys());
        map.put("tabletop", drill.scenario().tabletop());
        map.put("ownSystems", drill.scenario().external().isPresent());
        map.put("rubric", drill.scenario().rubric());
        var incident = drill.scenario().incident();
        map.put("incident", Map.of("roles", incident.roles(), "components", incident.components(),
                "firstPublicUpdateSeconds", incident.firstPublicUpdate().toSeconds(),
                "publicUpdateEverySeconds", incident.publicUpdateEvery().toSeconds()));
        return map;
    }

    // ---- teams ----

    private void teamRoutes() {
        String prefix = "/api/drills/{drill}/teams/{team}";
        ConsoleRoutes.mount(router, prefix, new ConsoleRoutes.Access() {
            @Override
            public Shop shop(Exchange x) {
                guard.teamReader(x, x.path("drill"), x.path("team"));
                return environment(x);
            }

            @Override
            public Actor operator(Exchange x) {
                Session session = guard.teamMember(x, x.path("drill"), x.path("team"));
                return Actor.of(session.name(), "console");
            }

            @Override
            public Timeline timeline(Exchange x) {
                guard.teamReader(x, x.path("drill"), x.path("team"));
                return drills.drill(x.path("drill")).timeline();
            }

            @Override
            public Router.Access readers() {
                return guard.teamReaders;
            }

            @Override
            public Router.Access operators() {
                return guard.teamMembers;
            }
        });
        TeamAccess incidentAccess = new TeamAccess() {
            @Override
            public Caller reader(Exchange x) {
                Session session = guard.teamReader(x, x.path("drill"), x.path("team"));
                return new Caller(drills.drill(x.path("drill")).teamDrill(x.path("team")), session.name(), session.facilitator());
            }

            @Override
            public Caller member(Exchange x) {
                Session session = guard.teamMember(x, x.path("drill"), x.path("team"));
                return new Caller(drills.drill(x.path("drill")).teamDrill(x.path("team")), session.name(), session.facilitator());
            }

            @Override
            public Router.Access readers() {
                return guard.teamReaders;
            }

            @Override
            public Router.Access members() {
                return guard.teamMembers;
            }

            @Override
            public Router.Access membersOrFacilitator() {
                return Router.Access.of("member of the team the page is with, or the facilitator (who may edit: a page escalated "
                        + "to the facilitator)", this::memberOrFacilitator);
            }

            @Override
            public Caller memberOrFacilitator(Exchange x) {
                Session session = guard.require(x);
                if (!session.facilitator()) {
                    session = guard.teamMember(x, x.path("drill"), x.path("team"));
                }
                return new Caller(drills.drill(x.path("drill")).teamDrill(x.path("team")), session.name(), session.facilitator());
            }
        };
        IncidentCommandRoutes.mount(router, prefix, incidentAccess);
        PagingRoutes.mount(router, prefix, incidentAccess);
        InboxRoutes.mount(router, prefix, incidentAccess);
        OwnSystemsRoutes.mountViews(router, prefix, guard.teamReaders, x -> {
            guard.teamReader(x, x.path("drill"), x.path("team"));
            return drills.drill(x.path("drill")).running().orElseThrow(() -> new Problem(503, "Not running",
                    "the drill has not started yet"));
        });
    }

    private Shop environment(Exchange x) {
        LiveDrill drill = drills.drill(x.path("drill"));
        drill.team(x.path("team")).orElseThrow(() -> Problem.notFound("no team " + x.path("team") + " in this drill"));
        if (drill.scenario().tabletop()) {
            throw new Problem(409, "Conflict", "this is a tabletop drill: there is no practice system to operate");
        }
        if (drill.scenario().external().isPresent()) {
            throw new Problem(409, "Conflict", "this drill runs on your own systems: there is no practice shop to operate; "
                    + "see targets, probes and agents, and operate your systems as you always do");
        }
        return drill.environment(x.path("team")).orElseThrow(() -> new Problem(503, "Not running",
                "the team's environment is not running: the drill has not started yet, or has ended"));
    }

    @Override
    public void close() {
        drills.close();
        router.close();
    }
}
