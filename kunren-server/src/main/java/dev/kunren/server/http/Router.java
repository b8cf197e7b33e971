package dev.kunren.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kunren.http.Http1Server;
import dev.kunren.http.Request;
import dev.kunren.http.Response;
import dev.kunren.http.ServerLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * A small HTTP API server: routes like {@code GET /api/teams/{team}/instances} on Kunren's
 * {@link Http1Server}, within its limits. Every error is a problem+json body: 404 for an unknown
 * path, 405 (with Allow) for a known path and the wrong method, 400/413/431 for a request the
 * server refused, and whatever status a handler's {@link Problem} or a mapped exception says;
 * never a stack trace.
 */
public final class Router implements AutoCloseable {

    /** Handles one matched request. */
    @FunctionalInterface
    public interface Handler {
        void handle(Exchange exchange) throws IOException;
    }

    /**
     * Who may call a route, declared with it: the router checks it before the handler runs, and
     * a route cannot be added without one (denied by default). {@code name} is how the API's
     * documentation says it ({@code x-kunren-access}); {@code check} refuses by throwing a
     * {@link Problem} (401 for a stranger, 403 for someone else).
     */
    public interface Access {
        String name();

        void check(Exchange exchange);

        static Access of(String name, java.util.function.Consumer<Exchange> check) {
            return new Access() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public void check(Exchange exchange) {
                    check.accept(exchange);
                }
            };
        }

        /** Anyone may call it: sign-in, the public status page, the pages themselves. */
        Access ANYONE = of("anyone", x -> { });
    }

    private record Route(String method, String[] segments, Access access, Handler handler) {
    }

    /** A check every request passes before any route sees it; it refuses by throwing a {@link Problem}. */
    @FunctionalInterface
    public interface Filter {
        void check(Exchange exchange);
    }

    /**
     * Hands a request to the server that answers for it (another server on the same database
     * runs the drill it is about), answering it through {@code exchange}; false: answered here.
     * Called once a route matched, before the route checks who calls.
     */
    @FunctionalInterface
    public interface Relay {
        boolean handOn(Exchange exchange, String route) throws IOException;
    }

    private final List<Route> routes = new ArrayList<>();
    private volatile Relay relay = (x, route) -> false;
    /** Whether another server of ours vouches for the request: then its X-Forwarded-* headers are believed. */
    private volatile java.util.function.Predicate<Request> vouched = request -> false;
    private final List<Filter> filters = new ArrayList<>();
    private final ObjectMapper json;
    private final List<Function<RuntimeException, Problem>> mappers = new ArrayList<>();
    private Http1Server server;
    private volatile boolean trustProxy;

    public Router(ObjectMapper json) {
        this.json = json;
    }

    /** Adds a route that {@code access} may call. */
    public Router route(String method, String pattern, Access access, Handler handler) {
        routes.add(new Route(method, split(pattern), java.util.Objects.requireNonNull(access, "a route declares who may call it"),
                handler));
        return this;
    }

    /** Every route, as {@code METHOD /path/{param}}: what a test holds against the API's documentation. */
    public List<String> routes() {
        return routes.stream().map(r -> r.method() + " /" + String.join("/", r.segments())).toList();
    }

    /** Who may call each route ({@code METHOD /path/{param}} to its access's name), as the documentation must say it. */
    public Map<String, String> access() {
        Map<String, String> access = new java.util.LinkedHashMap<>();
        routes.forEach(r -> access.put(r.method() + " /" + String.join("/", r.segments()), r.access().name()));
        return access;
    }

    /**
     * Believes {@code X-Forwarded-Proto}, {@code -Host} and {@code -For}: only when a reverse proxy
     * that sets them stands in front, since any client can send them.
     */
    public Router trustProxy(boolean trust) {
        this.trustProxy = trust;
        return this;
    }

    /** Hands requests on to other servers as {@code relay} decides. */
    public Router relay(Relay relay) {
        this.relay = relay;
        return this;
    }

    /** Believes the X-Forwarded-* headers of the requests {@code vouched} accepts (handed on by another server of ours). */
    public Router believeVouched(java.util.function.Predicate<Request> vouched) {
        this.vouched = vouched;
        return this;
    }

    /** Adds a check every request must pass first. */
    public Router before(Filter filter) {
        filters.add(filter);
        return this;
    }

    /** Turns an exception of the domain into a problem (return null to leave it to the next mapper). */
    public Router mapErrors(Function<RuntimeException, Problem> mapper) {
        mappers.add(mapper);
        return this;
    }

    /** Serves on {@code address} with the limits for people, 256 KB bodies, plain HTTP. */
    public Router start(InetSocketAddress address) throws IOException {
        return start(address, ServerLimits.forPeople(Exchange.MAX_BODY), null);
    }

    /** Serves on {@code address} within {@code limits}, over TLS when {@code tls} is given. */
    public Router start(InetSocketAddress address, ServerLimits limits, SSLContext tls) throws IOException {
        server = Http1Server.start(address, limits, tls, this::refused, this::dispatch);
        return this;
    }

    public InetSocketAddress address() {
        return server.address();
    }

    /** Whether it serves HTTPS. */
    public boolean secure() {
        return server.secure();
    }

    private Response refused(int status, String detail) {
        String title = switch (status) {
            case 413 -> "Request too large";
            case 431 -> "Request head too large";
            case 503 -> "Too many connections";
            default -> "Bad request";
        };
        try {
            ObjectNode body = problemBody(new Problem(status, title, detail), "");
            return new Response(status, "application/problem+json", json.writeValueAsBytes(body), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Response dispatch(Request request) throws IOException {
        Exchange x = null;
        try {
            for (Filter filter : filters) {
                filter.check(new Exchange(request, Map.of(), json, trustProxy));
            }
            String[] path = split(request.path());
            Set<String> allowed = new LinkedHashSet<>();
            for (Route route : routes) {
                Map<String, String> params = match(route.segments, path);
                if (params == null) {
                    continue;
                }
                if (route.method.equals(request.method()) || (request.method().equals("HEAD") && route.method.equals("GET"))) {
                    x = new Exchange(request, params, json, trustProxy || vouched.test(request));
                    if (!relay.handOn(x, "/" + String.join("/", route.segments))) {
                        route.access.check(x);
                        route.handler.handle(x);
                    }
                    return x.response().orElseThrow(() -> new IllegalStateException("the handler gave no answer"));
                }
                allowed.add(route.method);
            }
            x = new Exchange(request, Map.of(), json, trustProxy);
            if (allowed.isEmpty()) {
                throw Problem.notFound("no such resource: " + request.path());
            }
            x.responseHeader("Allow", String.join(", ", allowed));
            throw new Problem(405, "Method not allowed", request.method() + " is not allowed here; use "
                    + String.join(" or ", allowed));
        } catch (Problem problem) {
            return problem(x, request, problem);
        } catch (RuntimeException e) {
            Problem problem = map(e);
            if (problem.status() >= 500) {
                report(request, e);
            }
            return problem(x, request, problem);
        } catch (Error e) {
            // a broken class path or a stack overflow in one request still gets an answer, not a cut connection
            report(request, e);
            return problem(x, request, new Problem(500, "Internal error", "the server could not complete the request: "
                    + e.getClass().getSimpleName()));
        }
    }

    /** A failure the client cannot fix: one line for the operator (the stack too with KUNREN_DEBUG set). */
    private static void report(Request request, Throwable e) {
        System.err.println("kunren: " + request.method() + " " + request.path() + " failed: " + e);
        if (System.getenv("KUNREN_DEBUG") != null) {
            e.printStackTrace();
        }
    }

    private Problem map(RuntimeException e) {
        for (Function<RuntimeException, Problem> mapper : mappers) {
            Problem problem = mapper.apply(e);
            if (problem != null) {
                return problem;
            }
        }
        return new Problem(500, "Internal error", "the server could not complete the request: " + e.getClass().getSimpleName());
    }

    private Response problem(Exchange x, Request request, Problem problem) throws IOException {
        Exchange answer = x != null ? x : new Exchange(request, Map.of(), json, trustProxy);
        answer.discardResponse();
        answer.send(problem.status(), "application/problem+json", json.writeValueAsBytes(problemBody(problem, request.path())));
        Response response = answer.response().orElseThrow();
        return problem.retryAfterSeconds() > 0 ? response.withHeader("Retry-After", String.valueOf(problem.retryAfterSeconds())) : response;
    }

    private ObjectNode problemBody(Problem problem, String instance) {
        ObjectNode body = json.createObjectNode();
        body.put("type", "about:blank");
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.getMessage());
        if (!instance.isEmpty()) {
            body.put("instance", instance);
        }
        problem.extensions().forEach((name, value) -> body.set(name, json.valueToTree(value)));
        return body;
    }

    private static Map<String, String> match(String[] pattern, String[] path) {
        if (pattern.length != path.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].startsWith("{") && pattern[i].endsWith("}")) {
                params.put(pattern[i].substring(1, pattern[i].length() - 1), path[i]);
            } else if (!pattern[i].equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
