package dev.kunren.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kunren.server.console.ConsoleApi;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kunren console VERB [ARGS]}: operates a team's practice environment through the console
 * API of a running drill, e.g. {@code kunren console restart web-1}. Prints the API's answer as
 * JSON; an error the API refuses is printed with its reason and exit code 1.
 */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = "Operate a team's practice environment and run its incident in a running drill (docs/console-api.md).")
final class ConsoleCommand implements Callable<Integer> {

    /** A verb: its HTTP method, path under the team (with $1, $2 for arguments), and how many arguments it takes. */
    private record Verb(String method, String path, int arguments, String usage, String bodyTemplate) {
    }

    static final Map<String, Verb> VERBS = new LinkedHashMap<>();

    static {
        verb("resources", "GET", "/resources", 0, "", "every resource, in both regions");
        verb("instances", "GET", "/instances", 0, "", "every instance with its state, CPU and version");
        verb("instance", "GET", "/instances/$1", 1, "ID", "one instance");
        verb("ps", "GET", "/instances/$1/processes", 1, "ID", "an instance's processes");
        verb("kill-process", "POST", "/instances/$1/processes/$2/kill", 2, "ID PID", "kill a process on an instance");
        verb("restart", "POST", "/instances/$1/restart", 1, "ID", "reboot an instance");
        verb("terminate", "POST", "/instances/$1/terminate", 1, "ID", "terminate an instance, in any region");
        verb("launch", "POST", "/instances", 0, "", "launch one more web instance into the group");
        verb("group", "GET", "/scaling-group", 0, "", "the auto-scaling group");
        verb("scale", "PUT", "/scaling-group", 3, "MIN DESIRED MAX", "set the group's sizes",
                "{\"min\":$1,\"desired\":$2,\"max\":$3}");
        verb("health-replacement", "PUT", "/scaling-group", 1, "on|off", "replace unhealthy instances automatically",
                "{\"healthReplacement\":$1}");
        verb("autoscaling", "PUT", "/scaling-group", 1, "PERCENT|off", "track an average CPU target (off: 0)",
                "{\"targetCpuPercent\":$1}");
        verb("deploy", "POST", "/deployments", 1, "VERSION", "deploy an image version", "{\"version\":\"$1\"}");
        verb("rollback", "POST", "/deployments/rollback", 0, "", "deploy the previous version again");
        verb("images", "GET", "/images", 0, "", "the image registry");
        verb("rebuild-image", "POST", "/images/$1/rebuild", 1, "VERSION", "rebuild a deleted image");
        verb("lifecycle-rule", "PUT", "/images/lifecycle-rule", 1, "on|off", "the registry's expiry rule",
                "{\"enabled\":$1}");
        verb("config", "GET", "/buckets/shop-config/objects/app-config.json", 0, "", "the app's config file, newest version");
        verb("config-version", "GET", "/buckets/shop-config/objects/app-config.json?version=$1", 1, "N", "one version of it");
        verb("config-versions", "GET", "/buckets/shop-config/objects/app-config.json/versions", 0, "", "every version, who and when");
        verb("config-put", "PUT", "/buckets/shop-config/objects/app-config.json", 1, "FILE", "upload a new version", "@$1");
        verb("config-restore", "POST", "/buckets/shop-config/objects/app-config.json/restore", 1, "N",
                "put version N back as the newest", "{\"version\":$1}");
        verb("config-reload", "POST", "/config/reload", 0, "", "make every instance reread the config");
        verb("db", "GET", "/database", 0, "", "nodes, roles, writer endpoint, replica lag");
        verb("db-ps", "GET", "/database/processes", 0, "", "running queries and their age");
        verb("db-kill", "POST", "/database/processes/$1/kill", 1, "PID", "terminate a query");
        verb("promote", "POST", "/database/nodes/$1/promote", 1, "NODE", "promote the replica");
        verb("writer", "PUT", "/database/writer", 1, "NODE", "point the app's writer endpoint", "{\"node\":\"$1\"}");
        verb("failover", "POST", "/database/failover", 0, "", "promote the replica and repoint the app");
        verb("auto-failover", "PUT", "/database/auto-failover", 1, "on|off", "fail over automatically",
                "{\"enabled\":$1}");
        verb("db-start", "POST", "/database/nodes/$1/start", 1, "NODE", "start a stopped database node");
        verb("cache", "GET", "/cache", 0, "", "cache entries, hits and misses");
        verb("cache-flush", "POST", "/cache/flush", 0, "", "drop every cache entry");
        verb("routes", "GET", "/routes", 0, "", "network routes and whether they are allowed");
        verb("route", "PUT", "/routes/$1", 2, "ROUTE allow|deny", "allow or deny a route", "{\"allowed\":$2}");
        verb("keys", "GET", "/access-keys", 0, "", "access keys");
        verb("revoke-key", "POST", "/access-keys/$1/revoke", 1, "KEY", "deactivate a key");
        verb("rotate-key", "POST", "/access-keys/$1/rotate", 1, "KEY", "issue a new key, deactivate the old one");
        verb("audit", "GET", "/audit", 0, "", "the audit trail (filter with --actor, --resource, --operation)");
        verb("logs", "GET", "/logs", 0, "", "logs (filter with --component, --grep)");
        verb("metrics", "GET", "/metrics", 0, "", "Prometheus metrics");
        verb("alerts", "GET", "/alerts", 0, "", "alert rules and their state");
        verb("acknowledge", "POST", "/alerts/$1/acknowledge", 1, "RULE", "acknowledge a firing alert");
        verb("pages", "GET", "/pages", 0, "", "pages: whom each alert paged, escalations, who acknowledged");
        verb("ack-page", "POST", "/pages/$1/acknowledge", 1, "PAGE", "acknowledge a page sent to you (--as YOUR-NAME)");
        verb("incidents", "GET", "/incidents", 0, "", "status, roles, milestones, updates, next update due");
        verb("declare", "POST", "/incidents", 2, "SEV TITLE", "declare an incident, SEV1 (worst) to SEV5",
                "{\"severity\":\"$1\",\"title\":\"$2\"}");
        verb("incident-status", "POST", "/incidents/$1/status", 2, "INC STATUS",
                "investigating|identified|monitoring|resolved", "{\"status\":\"$2\"}");
        verb("severity", "POST", "/incidents/$1/severity", 2, "INC SEV", "change the severity", "{\"severity\":\"$2\"}");
        verb("take-role", "POST", "/incidents/$1/roles/$2", 2, "INC ROLE", "take a role, e.g. incident-commander", "{}");
        verb("hand-over", "POST", "/incidents/$1/roles/$2", 3, "INC ROLE PERSON", "hand a role to someone", "{\"person\":\"$3\"}");
        verb("note", "POST", "/incidents/$1/notes", 2, "INC TEXT", "a note on the incident's timeline", "{\"text\":\"$2\"}");
        verb("internal-update", "POST", "/incidents/$1/internal-updates", 4, "INC CONDITIONS ACTIONS NEEDS", "tell the company",
                "{\"conditions\":\"$2\",\"actions\":\"$3\",\"needs\":\"$4\"}");
        verb("public-update", "POST", "/incidents/$1/public-updates", 3, "INC STATUS MESSAGE",
                "post on the status page", "{\"status\":\"$2\",\"message\":\"$3\"}");
        verb("action-item", "POST", "/incidents/$1/action-items", 4, "INC TEXT OWNER DUE", "an action item, DUE as YYYY-MM-DD",
                "{\"text\":\"$2\",\"owner\":\"$3\",\"due\":\"$4\"}");
        verb("messages", "GET", "/messages", 0, "", "messages to the team and their answers");
        verb("answer", "POST", "/messages/$1/answers", 2, "MESSAGE TEXT", "answer a message", "{\"text\":\"$2\"}");
        verb("expectations", "GET", "/expectations", 0, "", "expectations met, missed or pending, and why");
        verb("targets", "GET", "/targets", 0, "", "your own services, behind Kunren's proxies (own-systems drills)");
        verb("probes", "GET", "/probes", 0, "", "the probes that play your customers (own-systems drills)");
        verb("agents", "GET", "/agents", 0, "", "the agents on your hosts: connected, last seen, allowed");
    }

    private static void verb(String name, String method, String path, int arguments, String usage, String help) {
        verb(name, method, path, arguments, usage, help, null);
    }

    private static void verb(String name, String method, String path, int arguments, String usage, String help, String body) {
        VERBS.put(name, new Verb(method, path, arguments, usage + (usage.isEmpty() ? "" : "  ") + help, body));
    }

    static String verbHelp() {
        return VERBS.entrySet().stream().map(e -> String.format("  %-19s %s", e.getKey(), e.getValue().usage()))
                .collect(Collectors.joining("%n"));
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "VERB", description = "What to do; see the list below.")
    String verb;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "The verb's arguments.")
    List<String> arguments = List.of();

    @Option(names = "--url", paramLabel = "URL", description = "The drill's console API (default: $KUNREN_CONSOLE_URL or http://127.0.0.1:7070).")
    URI url;

    @Option(names = "--token", defaultValue = "${env:KUNREN_TOKEN}", paramLabel = "TOKEN",
            description = "The drill's console API token (default: $KUNREN_TOKEN, else the one a drill on this machine left for you).")
    String token;

    @Option(names = "--team", defaultValue = "team-1", paramLabel = "TEAM", description = "Your team (default: team-1).")
    String team;

    @Option(names = "--as", paramLabel = "NAME", description = "Who you are, for the audit trail (default: $USER).")
    String actor;

    @Option(names = "--actor", paramLabel = "NAME", description = "audit: only this actor's operations.")
    String auditActor;

    @Option(names = "--resource", paramLabel = "PREFIX", description = "audit: only resources starting with this.")
    String auditResource;

    @Option(names = "--operation", paramLabel = "NAME", description = "audit: only this operation, e.g. PutObject.")
    String auditOperation;

    @Option(names = "--component", paramLabel = "NAME", description = "logs: only this component, e.g. web-2, db-1, asg.")
    String component;

    @Option(names = "--grep", paramLabel = "TEXT", description = "logs: only lines containing this.")
    String grep;

    @Option(names = "--component-state", paramLabel = "NAME=STATE", description = "public-update: a status page component's "
            + "state (operational, degraded-performance, partial-outage, major-outage); repeat for several.")
    Map<String, String> componentStates = new LinkedHashMap<>();

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A body template's argument: {@code "$1"} as a JSON string, a bare {@code $1} as a literal. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\"\\$(\\d)\"|\\$(\\d)");

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Verb chosen = VERBS.get(verb);
        if (chosen == null) {
            throw new ParameterException(spec.commandLine(), "unknown verb \"" + verb + "\"; verbs are " + String.join(", ", VERBS.keySet()));
        }
        if (arguments.size() != chosen.arguments()) {
            throw new ParameterException(spec.commandLine(), "usage: kunren console " + verb + " " + chosen.usage());
        }
        if (!componentStates.isEmpty() && !verb.equals("public-update")) {
            throw new ParameterException(spec.commandLine(), "--component-state is for public-update only");
        }
        String path = path(chosen.path()) + query();
        URI base = url != null ? url : URI.create(System.getenv().getOrDefault("KUNREN_CONSOLE_URL", "http://127.0.0.1:7070"));
        URI target = URI.create(base.toString().replaceAll("/+$", "") + "/api/teams/" + encode(team) + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                .header(ConsoleApi.ACTOR_HEADER, actorName());
        ConsoleTokens.forUrl(base, token).ifPresent(t -> request.header("Authorization", "Bearer " + t));
        String body = chosen.bodyTemplate() == null ? "" : body(chosen.bodyTemplate());
        request.method(chosen.method(), body.isEmpty() && chosen.method().equals("GET")
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            err.println("kunren console: no drill answers at " + base + " (is `kunren run` running? see its \"Console API\" line)");
            return 1;
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (response.statusCode() >= 400) {
            String detail = response.body();
            if (contentType.startsWith("application/problem+json")) {
                detail = JSON.readTree(response.body()).path("detail").asText(detail);
            }
            err.println("kunren console: " + response.statusCode() + " " + detail);
            if (response.statusCode() == 401) {
                err.println("kunren console: give the token `kunren run` printed: --token TOKEN (or KUNREN_TOKEN)");
            }
            return 1;
        }
        out.println(contentType.startsWith("application/json") ? JSON.writeValueAsString(JSON.readTree(response.body()))
                : response.body());
        return 0;
    }

    private String actorName() {
        if (actor != null) {
            return actor;
        }
        return System.getenv().getOrDefault("USER", "operator");
    }

    /** The verb's path with its arguments, URL-encoded (so no argument can bring a "$2" of its own). */
    private String path(String template) {
        String result = template;
        for (int i = arguments.size(); i >= 1; i--) {
            result = result.replace("$" + i, encode(arguments.get(i - 1)));
        }
        return result;
    }

    /**
     * Fills a body template: {@code "$1"} takes the argument as a string; a bare {@code $1} takes
     * a number, or on/allow as true and off/deny as false (for autoscaling, off is 0).
     */
    /**
     * A file saved from {@code config} holds the console's answer (the object's key, version and
     * content), not the config: uploading it would store something no instance can use.
     */
    private void unwrapped(Path file, String content) {
        try {
            com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(content);
            if (node != null && node.isObject() && node.has("content") && node.has("version")) {
                throw new ParameterException(spec.commandLine(), file + " is what kunren console config prints (key, version, content), not the "
                        + "config itself: save only its \"content\" and upload that");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
            // not JSON at all: the instances say why when they reload it
        }
    }

    private String body(String template) throws IOException {
        if (template.startsWith("@")) {
            Path file = Path.of(arguments.getFirst());
            if (!Files.isRegularFile(file)) {
                throw new ParameterException(spec.commandLine(), "no such file: " + file);
            }
            String content = Files.readString(file);
            unwrapped(file, content);
            return content;
        }
        // one pass, so an argument's own text (a message saying "$1") is never substituted again
        Matcher placeholder = PLACEHOLDER.matcher(template);
        StringBuilder body = new StringBuilder();
        while (placeholder.find()) {
            boolean quoted = placeholder.group(1) != null;
            String value = arguments.get(Integer.parseInt(quoted ? placeholder.group(1) : placeholder.group(2)) - 1);
            placeholder.appendReplacement(body, Matcher.quoteReplacement(quoted ? JSON.writeValueAsString(value) : literal(value)));
        }
        placeholder.appendTail(body);
        if (!componentStates.isEmpty()) {
            ObjectNode withComponents = (ObjectNode) JSON.readTree(body.toString());
            ObjectNode components = withComponents.putObject("components");
            componentStates.forEach(components::put);
            return JSON.writeValueAsString(withComponents);
        }
        return body.toString();
    }

    private String literal(String value) {
        return switch (value) {
            case "on", "allow", "true" -> "true";
            case "off", "deny", "false" -> verb.equals("autoscaling") ? "0" : "false";
            default -> {
                if (!value.matches("-?\\d+(\\.\\d+)?")) {
                    throw new ParameterException(spec.commandLine(), "usage: kunren console " + verb + " "
                            + VERBS.get(verb).usage() + " (\"" + value + "\" is not a number, on/off or allow/deny)");
                }
                yield value;
            }
        };
    }

    private String query() {
        Map<String, String> params = new LinkedHashMap<>();
        if (verb.equals("audit")) {
            put(params, "actor", auditActor);
            put(params, "resource", auditResource);
            put(params, "operation", auditOperation);
        } else if (verb.equals("logs")) {
            put(params, "component", component);
            put(params, "q", grep);
        }
        return params.isEmpty() ? "" : "?" + params.entrySet().stream().map(e -> e.getKey() + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static void put(Map<String, String> params, String key, String value) {
        if (value != null) {
            params.put(key, value);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
