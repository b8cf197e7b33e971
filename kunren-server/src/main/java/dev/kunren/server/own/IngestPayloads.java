package dev.kunren.server.own;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kunren.engine.external.ExternalAlerts.Incoming;
import dev.kunren.server.http.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The team's monitoring's webhooks, read into alerts: Alertmanager's (version 4), Grafana's
 * (unified alerting, which follows Alertmanager's shape, and the legacy one), Mackerel's, and a
 * small generic one for anything else. A payload Kunren cannot read is a 400 naming what is
 * missing, and nothing of it is recorded.
 */
final class IngestPayloads {

    static final List<String> SOURCES = List.of("alertmanager", "grafana", "mackerel", "generic");
    private static final int MAX_ALERTS = 1_000;

    private IngestPayloads() {
    }

    static List<Incoming> read(String source, JsonNode body) {
        List<Incoming> alerts = switch (source) {
            case "alertmanager" -> alertmanager(body, "an Alertmanager webhook (version 4)");
            case "grafana" -> body.has("alerts") ? alertmanager(body, "a Grafana alerting webhook") : grafanaLegacy(body);
            case "mackerel" -> mackerel(body);
            case "generic" -> generic(body);
            default -> throw Problem.notFound("no ingest for " + source + "; Kunren takes " + String.join(", ", SOURCES));
        };
        if (alerts.size() > MAX_ALERTS) {
            throw Problem.badRequest("a webhook may carry at most " + MAX_ALERTS + " alerts, not " + alerts.size());
        }
        return alerts;
    }

    /** {@code {"alerts": [{"status": "firing", "labels": {"alertname": …, "severity": …}, "annotations": {"summary": …}, "fingerprint": …}]}}. */
    private static List<Incoming> alertmanager(JsonNode body, String what) {
        JsonNode list = body.path("alerts");
        if (!list.isArray()) {
            throw Problem.badRequest(what + " has an \"alerts\" list");
        }
        List<Incoming> alerts = new ArrayList<>();
        for (JsonNode alert : list) {
            JsonNode labels = alert.path("labels");
            String name = text(labels.path("alertname"));
            String status = text(alert.path("status")).toLowerCase(Locale.ROOT);
            if (name.isEmpty() || !(status.equals("firing") || status.equals("resolved"))) {
                throw Problem.badRequest("each alert of " + what + " has labels.alertname and a status of firing or resolved");
            }
            String fingerprint = text(alert.path("fingerprint"));
            alerts.add(new Incoming(name, status.equals("firing"), orDefault(text(labels.path("severity")), "warning"),
                    summary(alert.path("annotations"), name), fingerprint.isEmpty() ? labels.toString() : fingerprint));
        }
        return alerts;
    }

    /** Grafana's legacy alerting: {@code {"ruleName": …, "ruleId": …, "state": "alerting" | "ok", "message": …}}. */
    private static List<Incoming> grafanaLegacy(JsonNode body) {
        String name = text(body.path("ruleName"));
        String state = text(body.path("state")).toLowerCase(Locale.ROOT);
        if (name.isEmpty() || state.isEmpty()) {
            throw Problem.badRequest("a Grafana webhook has \"alerts\" (unified alerting), or \"ruleName\" and \"state\" (legacy)");
        }
        return List.of(new Incoming(name, state.equals("alerting"), "warning", orDefault(text(body.path("message")), name),
                text(body.path("ruleId"))));
    }

    /** {@code {"event": "alert", "message": …, "alert": {"id": …, "monitorName": …, "status": "critical" | "warning" | "ok", "isOpen": …}}}. */
    private static List<Incoming> mackerel(JsonNode body) {
        JsonNode alert = body.path("alert");
        String name = text(alert.path("monitorName"));
        String status = text(alert.path("status")).toLowerCase(Locale.ROOT);
        if (!alert.isObject() || name.isEmpty() || status.isEmpty()) {
            throw Problem.badRequest("a Mackerel webhook has an \"alert\" with monitorName and status");
        }
        boolean firing = alert.path("isOpen").asBoolean(true) && !status.equals("ok");
        return List.of(new Incoming(name, firing, firing ? status : "warning", orDefault(text(body.path("message")), name),
                orDefault(text(alert.path("id")), name)));
    }

    /** {@code {"name": …, "status": "firing" | "resolved", "severity"?, "summary"?, "id"?}}, or a list of those in {@code "alerts"}. */
    private static List<Incoming> generic(JsonNode body) {
        List<Incoming> alerts = new ArrayList<>();
        JsonNode list = body.has("alerts") ? body.path("alerts") : null;
        for (JsonNode alert : list == null ? List.of(body) : iterable(list)) {
            String name = text(alert.path("name"));
            String status = text(alert.path("status")).toLowerCase(Locale.ROOT);
            if (name.isEmpty() || !(status.equals("firing") || status.equals("resolved"))) {
                throw Problem.badRequest("a generic alert is {\"name\": \"HighLatency\", \"status\": \"firing\" or \"resolved\","
                        + " \"severity\": \"critical\", \"summary\": \"…\", \"id\": \"a series, optional\"}");
            }
            alerts.add(new Incoming(name, status.equals("firing"), orDefault(text(alert.path("severity")), "warning"),
                    orDefault(text(alert.path("summary")), name), orDefault(text(alert.path("id")), name)));
        }
        return alerts;
    }

    private static List<JsonNode> iterable(JsonNode list) {
        if (!list.isArray()) {
            throw Problem.badRequest("\"alerts\" must be a list");
        }
        List<JsonNode> items = new ArrayList<>();
        list.forEach(items::add);
        return items;
    }

    private static String summary(JsonNode annotations, String name) {
        return orDefault(text(annotations.path("summary")), orDefault(text(annotations.path("description")), name));
    }

    private static String text(JsonNode node) {
        String value = node.isValueNode() ? node.asText("") : "";
        return value.length() > 500 ? value.substring(0, 500) : value.strip();
    }

    private static String orDefault(String value, String fallback) {
        return value.isEmpty() ? fallback : value;
    }
}
