package dev.kunren.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kunren.engine.timeline.EventJson;
import dev.kunren.server.http.Exchange;
import dev.kunren.server.http.Problem;
import dev.kunren.server.http.Router;
import dev.kunren.server.paging.PageLinks;
import dev.kunren.server.store.JdbcEventStore;
import dev.kunren.server.store.ServerNodes;
import dev.kunren.server.store.StoreException;
import java.io.IOException;
import dev.kunren.http.Http1Client;
import dev.kunren.http.HttpResult;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lets every server on one PostgreSQL answer for every drill. A request about a drill another
 * live server runs (its lease says which, its announced address where) is handed to that server,
 * vouched for with this one's secret so that it is answered as for the browser that sent it, and
 * the answer comes back as it was given. Live streams are not handed on: each server streams
 * every drill from the database ({@link FollowedDrills}). A drill whose server is gone is taken up
 * here as soon as it may be ({@link DrillManager#takeUp}); until then it is a 503 to try again.
 */
final class NodeRelay implements Router.Relay {

    /** Answered where they arrive: the live stream reads the database itself. */
    private static final Set<String> ANSWERED_HERE = Set.of("/api/drills/{drill}/stream");
    /** Fields about one connection, or ours to set: never handed on as they came. */
    private static final Set<String> NOT_HANDED_ON = Set.of("connection", "content-length", "expect", "host", "upgrade", "keep-alive",
            "transfer-encoding", "te", "trailer", "proxy-authorization", "proxy-connection", "http2-settings", "x-forwarded-for",
            "x-forwarded-host", "x-forwarded-proto", ServerNodes.VOUCHER_HEADER.toLowerCase(Locale.ROOT));
    private static final Duration CONNECT = Duration.ofSeconds(2);
    private static final Duration ANSWER = Duration.ofSeconds(30);

    private final JdbcEventStore store;
    private final DrillManager drills;
    /**
     * Where each drill another server runs was found, kept for {@link #HOLDER_KEPT}: asking the
     * database at every request of a busy room would make its lease table the room's bottleneck.
     * A drill changes server only when its server is gone, after {@link DrillManager#OWNER_GONE_AFTER}.
     */
    private final java.util.Map<String, Holder> holders = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Duration HOLDER_KEPT = Duration.ofSeconds(2);

    private record Holder(String url, long until) {
    }

    private final Map<String, Http1Client.Target> targets = new java.util.concurrent.ConcurrentHashMap<>();
    /** Kunren's own client: a busy room's requests through another server cost it a fraction of the JDK client's CPU. */
    private final Http1Client client = new Http1Client(CONNECT);

    NodeRelay(JdbcEventStore store, DrillManager drills) {
        this.store = store;
        this.drills = drills;
    }

    /** Whether another server of this database handed the request on (then it is answered here, never handed on again). */
    boolean vouchedFor(dev.kunren.http.Request request) {
        String voucher = request.header(ServerNodes.VOUCHER_HEADER);
        if (voucher == null) {
            return false;
        }
        try {
            return store.nodes().vouches(voucher);
        } catch (StoreException unavailable) {
            return false;
        }
    }

    @Override
    public boolean handOn(Exchange x, String route) throws IOException {
        if (!store.leases().shared() || ANSWERED_HERE.contains(route) || vouchedFor(x.request())) {
            return false;
        }
        if (route.equals(OIDC_CALLBACK)) {
            return handOnSignIn(x);
        }
        Optional<String> drillId = drillOf(x, route);
        if (drillId.isEmpty() || drills.here(drillId.get())) {
            return false;
        }
        Holder known = holders.get(drillId.get());
        if (known != null && known.until() > System.nanoTime()) {
            answer(x, send(x, "drill " + drillId.get(), known.url(), x.method(), x.request().target(), x.request().body(), ANSWER));
            return true;
        }
        if (!drills.known(drillId.get())) {
            return false;  // nobody's: refused here
        }
        Optional<String> owner = store.leases().holder(drillId.get());
        if (owner.isEmpty()) {
            if (drills.takeUp(drillId.get())) {  // its server is gone, or it ended since this one looked
                return false;
            }
            throw new Problem(503, "Drill between servers", "the Kunren server that ran drill " + drillId.get()
                    + " stopped answering; unless it comes back, this server takes the drill over within "
                    + DrillManager.OWNER_GONE_AFTER.plus(DrillManager.TAKEOVER_SCAN).toSeconds() + " s").retryAfter(5);
        }
        Optional<String> url = store.nodes().url(owner.get());
        if (url.isEmpty()) {
            return false;  // a kunren run process, not a server: nothing to hand on to (answered, or refused, here)
        }
        holders.values().removeIf(holder -> holder.until() < System.nanoTime());
        holders.put(drillId.get(), new Holder(url.get(), System.nanoTime() + HOLDER_KEPT.toNanos()));
        answer(x, send(x, "drill " + drillId.get(), url.get(), x.method(), x.request().target(), x.request().body(), ANSWER));
        return true;
    }

    private static final String OIDC_CALLBACK = "/api/session/oidc/callback";

    /**
     * The company's provider sends the browser back to whichever server the load balancer picks;
     * the sign-in's secrets are with the server that started it, which its state names.
     */
    private boolean handOnSignIn(Exchange x) throws IOException {
        Optional<String> started = x.query("state").flatMap(dev.kunren.server.oidc.OidcSignIn::serverOf)
                .filter(node -> !node.equals(store.leases().nodeId()) && store.leases().otherNodes().contains(node));
        if (started.isEmpty()) {
            return false;  // this server's sign-in, or one whose server is gone: refused here as unknown
        }
        Optional<String> url = store.nodes().url(started.get());
        if (url.isEmpty()) {
            return false;
        }
        answer(x, send(x, "this sign-in", url.get(), x.method(), x.request().target(), x.request().body(), ANSWER));
        return true;
    }

    /** The drill a request is about: in its path, or named by the join code or page link it carries. */
    private Optional<String> drillOf(Exchange x, String route) {
        if (route.contains("{drill}")) {
            return Optional.of(x.path("drill"));
        }
        if (x.method().equals("POST") && route.equals("/api/session/join")) {
            String code = DrillManager.asGivenOut(body(x).path("code").asText(""));
            return code.isEmpty() || code.length() > 16 ? Optional.empty() : store.room().drillOfCode(code);
        }
        if (x.method().equals("POST") && route.equals("/api/pages/acknowledge")) {
            return PageLinks.drillNamed(body(x).path("token").asText(""));
        }
        return Optional.empty();
    }

    private static JsonNode body(Exchange x) {
        try {
            return x.bodyJson();
        } catch (IOException | RuntimeException unreadable) {
            return EventJson.mapper().createObjectNode();  // answered here, with the route's own refusal
        }
    }

    /**
     * A Slack slash command typed in a channel no drill of this server listens to, handed to the
     * other servers in turn: the answer of the first whose drill listens (its team's command was
     * carried out there), if any. Slack waits three seconds, so each server has two.
     */
    Optional<byte[]> slashCommand(Exchange x) {
        return askOthers(x, "this slash command", "POST", x.request().target(), x.request().body(), SLACK_ANSWERS,
                answer -> answer.status() == 200 && answer.header(dev.kunren.server.chat.SlashCommandRoute.NOT_LISTENING).isEmpty())
                .map(HttpResult::body);
    }

    private static final Duration SLACK_ANSWERS = Duration.ofSeconds(2);

    /**
     * What every other live server answers to a GET of {@code path} for the same caller, as JSON
     * (a server that does not answer is left out): how one server lists the drills the others run.
     */
    List<JsonNode> gather(Exchange x, String path) {
        List<JsonNode> answers = new ArrayList<>();
        askOthers(x, "the list", "GET", path, new byte[0], ANSWER, answer -> {
            try {
                if (answer.status() == 200) {
                    answers.add(EventJson.mapper().readTree(answer.body()));
                }
            } catch (IOException notJson) {
                // left out, as a server that did not answer
            }
            return false;  // ask them all
        });
        return answers;
    }

    /**
     * Asks every other live server in turn (unless another server handed this request on: it asks
     * them itself) and returns the first answer {@code enough} takes; one that does not answer is
     * passed over.
     */
    private Optional<HttpResult> askOthers(Exchange x, String what, String method, String target, byte[] body, Duration timeout,
                                           java.util.function.Predicate<HttpResult> enough) {
        if (!store.leases().shared() || vouchedFor(x.request())) {
            return Optional.empty();
        }
        for (String node : store.leases().otherNodes()) {
            Optional<String> url = store.nodes().url(node);
            try {
                if (url.isPresent()) {
                    HttpResult answer = send(x, what, url.get(), method, target, body, timeout);
                    if (enough.test(answer)) {
                        return Optional.of(answer);
                    }
                }
            } catch (Problem away) {
                // down or slow: what it holds shows once it answers, or once a server takes its drills over
            }
        }
        return Optional.empty();
    }

    /** Sends the caller's request (its fields, this server's voucher) to another server, which answers for {@code what}. */
    private HttpResult send(Exchange x, String what, String url, String method, String target, byte[] body, Duration timeout) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        x.request().headers().forEach((name, value) -> {
            if (!NOT_HANDED_ON.contains(name)) {
                fields.put(name, value);
            }
        });
        fields.put("X-Forwarded-For", x.remoteAddress());
        fields.put("X-Forwarded-Host", x.host());
        fields.put("X-Forwarded-Proto", x.secure() ? "https" : "http");
        fields.put(ServerNodes.VOUCHER_HEADER, store.nodes().voucher());
        try {
            return client.send(targets.computeIfAbsent(url, NodeRelay::target), method, target, body, null, fields, timeout);
        } catch (IOException | IllegalArgumentException e) {
            holders.values().removeIf(holder -> holder.url().equals(url));  // asked again next time: it may be gone
            targets.remove(url);  // and its name looked up again
            throw unreachable(what, url, e);
        }
    }

    /** Where a server's announced address points (its name looked up once, not at every request). */
    private static Http1Client.Target target(String url) {
        URI at = URI.create(url);
        boolean tls = "https".equals(at.getScheme());
        int port = at.getPort() > 0 ? at.getPort() : tls ? 443 : 80;
        return new Http1Client.Target(new InetSocketAddress(at.getHost(), port), at.getHost(), tls);
    }

    /** Passes the other server's answer back as it gave it. */
    private static void answer(Exchange x, HttpResult answer) throws IOException {
        answer.headers().forEach((name, value) -> {
            if (!NOT_HANDED_ON.contains(name) && !name.equals("content-type") && !name.equals("date")) {
                x.responseHeader(name, value);
            }
        });
        x.bytes(answer.status(), answer.contentType() == null ? "application/octet-stream" : answer.contentType(), answer.body());
    }

    private static Problem unreachable(String what, String where, Exception cause) {
        return new Problem(502, "Bad gateway", what + " is in the hands of the Kunren server at " + where + ", which did not answer ("
                + cause.getClass().getSimpleName() + "); try again in a moment (if that server died, another takes its drills over)")
                .retryAfter(5);
    }
}
