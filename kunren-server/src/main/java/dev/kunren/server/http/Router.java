package dev.kunren.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A small HTTP API server: routes like {@code GET /api/teams/{team}/instances} on the JDK's HTTP
 * server with a virtual thread per request. Every error is a problem+json body: 404 for an
 * unknown path, 405 (with Allow) for a known path and the wrong method, and whatever status a
 * handler's {@link Problem} or a mapped exception says; never a stack trace.
 */
public final class Router implements AutoCloseable {

    /** Handles one matched request. */
    @FunctionalInterface
    public interface Handler {
        void handle(Exchange exchange) throws IOException;
    }

    private record Route(String method, String[] segments, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final ObjectMapper json;
    private final List<Function<RuntimeException, Problem>> mappers = new ArrayList<>();
    private HttpServer server;
    private ExecutorService executor;

    public Router(ObjectMapper json) {
        this.json = json;
    }

    public Router route(String method, String pattern, Handler handler) {
        routes.add(new Route(method, split(pattern), handler));
        return this;
    }

    /** Turns an exception of the domain into a problem (return null to leave it to the next mapper). */
    public Router mapErrors(Function<RuntimeException, Problem> mapper) {
        mappers.add(mapper);
        return this;
    }

    public Router start(InetSocketAddress address) throws IOException {
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server = HttpServer.create(address, 128);
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
        return this;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void dispatch(HttpExchange http) {
        try (http) {
            try {
                String[] path = split(http.getRequestURI().getPath());
                Set<String> allowed = new LinkedHashSet<>();
                for (Route route : routes) {
                    Map<String, String> params = match(route.segments, path);
                    if (params == null) {
                        continue;
                    }
                    if (route.method.equals(http.getRequestMethod())) {
                        route.handler.handle(new Exchange(http, params, json));
                        return;
                    }
                    allowed.add(route.method);
                }
                if (allowed.isEmpty()) {
                    throw Problem.notFound("no such resource: " + http.getRequestURI().getPath());
                }
                http.getResponseHeaders().set("Allow", String.join(", ", allowed));
                throw new Problem(405, "Method not allowed", http.getRequestMethod() + " is not allowed here; use "
                        + String.join(" or ", allowed));
            } catch (Problem problem) {
                problem(http, problem);
            } catch (RuntimeException e) {
                Problem problem = map(e);
                if (problem.status() >= 500) {
                    report(http, e);
                }
                problem(http, problem);
            } catch (Error e) {
                // a broken class path or a stack overflow in one request still gets an answer, not a cut connection
                report(http, e);
                problem(http, new Problem(500, "Internal error", "the server could not complete the request: "
                        + e.getClass().getSimpleName()));
            }
        } catch (IOException e) {
            // the client went away; nothing to answer
        }
    }

    /** A failure the client cannot fix: one line for the operator (the stack too with KUNREN_DEBUG set). */
    private static void report(HttpExchange http, Throwable e) {
        System.err.println("kunren: " + http.getRequestMethod() + " " + http.getRequestURI().getPath() + " failed: " + e);
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

    private void problem(HttpExchange http, Problem problem) throws IOException {
        ObjectNode body = json.createObjectNode();
        body.put("type", "about:blank");
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.getMessage());
        body.put("instance", http.getRequestURI().getPath());
        problem.extensions().forEach((name, value) -> body.set(name, json.valueToTree(value)));
        new Exchange(http, Map.of(), json).send(problem.status(), "application/problem+json", json.writeValueAsBytes(body));
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
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
