package dev.kunren.server.chat;

import dev.kunren.engine.incident.Incident;
import dev.kunren.engine.incident.IncidentException;
import dev.kunren.engine.incident.IncidentStatus;
import dev.kunren.engine.incident.Incidents;
import dev.kunren.engine.oncall.Pages;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.server.console.ConsoleRoutes;
import dev.kunren.server.incident.IncidentCommandRoutes;
import dev.kunren.server.incident.TeamDrill;
import dev.kunren.server.paging.PageAcknowledgement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a team types after {@code /kunren} in its chat, run for the team as the console runs it:
 * the same checks, the same quota, the same events, with the sender's chat name as who did it.
 * A refusal ({@link IncidentException}, or a Problem) says why, and records nothing.
 */
final class ChatCommands {

    static final String HELP = String.join("\n",
            "`/kunren alerts` — the firing alerts",
            "`/kunren ack [RULE]` — acknowledge an alert (the only unacknowledged one, if no rule is named)",
            "`/kunren ack-page [PG-1]` — take a page sent to you (the only open one with you, if none is named)",
            "`/kunren declare SEV2 TITLE` — declare an incident",
            "`/kunren incidents` — the team's incidents",
            "`/kunren status [INC-1] identified` — move an incident (investigating, identified, monitoring, resolved)",
            "`/kunren severity [INC-1] SEV1` — change its severity",
            "`/kunren role incident-commander [INC-1]` — take a role",
            "`/kunren update [INC-1] investigating MESSAGE` — post to the status page",
            "`/kunren internal [INC-1] CONDITIONS | ACTIONS | NEEDS` — an internal update",
            "`/kunren note [INC-1] TEXT` — a note on the incident",
            "Without INC-n, a command is about the latest incident that is not resolved.");

    private ChatCommands() {
    }

    /** Runs {@code text} for the team as {@code by}; the answer, for the sender alone, says what was recorded in {@code language}. */
    static String run(TeamDrill drill, String by, String text, String language) {
        List<String> words = new ArrayList<>(Arrays.asList(text.strip().split("\\s+")));
        String verb = words.isEmpty() ? "" : words.removeFirst().toLowerCase(Locale.ROOT);
        return switch (verb) {
            case "", "help" -> HELP;
            case "alerts" -> alerts(drill);
            case "incidents" -> incidents(drill);
            case "ack", "acknowledge" -> done(language, IncidentCommandRoutes.acknowledge(drill, rule(drill, words), by));
            case "ack-page" -> done(language, PageAcknowledgement.acknowledge(drill, page(drill, words, by), by, false, "chat"));
            case "declare" -> {
                String severity = words.isEmpty() ? "" : words.removeFirst();
                if (!severity.toUpperCase(Locale.ROOT).matches("SEV[1-5]")) {
                    throw IncidentException.invalid("give the severity first: /kunren declare SEV2 Checkout fails");
                }
                String title = String.join(" ", words);
                yield done(language, IncidentCommandRoutes.record(drill, () -> book(drill).declare(title, severity.toUpperCase(Locale.ROOT),
                        List.of(), by, "")));
            }
            case "status" -> {
                String id = incident(drill, words);
                String status = String.join(" ", words);
                yield done(language, IncidentCommandRoutes.record(drill, () -> book(drill).changeStatus(id, status, by)));
            }
            case "severity" -> {
                String id = incident(drill, words);
                String severity = String.join(" ", words).toUpperCase(Locale.ROOT);
                yield done(language, IncidentCommandRoutes.record(drill, () -> book(drill).changeSeverity(id, severity, by)));
            }
            case "role" -> {
                String role = words.isEmpty() ? "" : words.removeFirst();
                String id = incident(drill, words);
                yield done(language, IncidentCommandRoutes.record(drill, () -> book(drill).assign(id, role, by, by)));
            }
            case "update" -> {
                String id = incident(drill, words);
                String status = words.isEmpty() ? "" : words.removeFirst();
                String message = String.join(" ", words);
                yield done(language, IncidentCommandRoutes.record(drill, () -> book(drill).publicUpdate(id, status, message, Map.of(), by)));
            }
            case "internal" -> {
                String id = incident(drill, words);
                String[] parts = (String.join(" ", words) + " ").split("\\|", 3);
                if (parts.length < 2) {
                    throw IncidentException.invalid("write the update as CONDITIONS | ACTIONS | NEEDS (needs may be left out)");
                }
                yield done(language, IncidentCommandRoutes.record(drill, () -> book(drill).internalUpdate(id, parts[0].strip(),
                        parts[1].strip(), parts.length > 2 ? parts[2].strip() : "", by)));
            }
            case "note" -> {
                String id = incident(drill, words);
                String note = String.join(" ", words);
                yield done(language, IncidentCommandRoutes.record(drill, () -> book(drill).note(id, note, by)));
            }
            default -> throw IncidentException.invalid("no command " + verb + "; /kunren help lists them");
        };
    }

    private static Incidents book(TeamDrill drill) {
        return IncidentCommandRoutes.incidents(drill);
    }

    /** What the sender sees once it is recorded: the timeline's line for it. */
    private static String done(String language, EventRecord record) {
        return ":heavy_check_mark: " + TeamChat.text(record, language).orElse("recorded") + " (event " + record.seq() + ")";
    }

    /** The named rule, or the only firing alert nobody has acknowledged. */
    private static String rule(TeamDrill drill, List<String> words) {
        if (!words.isEmpty()) {
            return words.getFirst();
        }
        List<String> waiting = firing(drill).stream().filter(a -> !a.containsKey("acknowledgedBy"))
                .map(a -> (String) a.get("rule")).toList();
        if (waiting.size() != 1) {
            throw IncidentException.invalid(waiting.isEmpty() ? "no firing alert waits for an acknowledgement"
                    : "name the alert: " + String.join(", ", waiting) + " wait for an acknowledgement");
        }
        return waiting.getFirst();
    }

    /** The page named, or the only open page with the sender. */
    private static String page(TeamDrill drill, List<String> words, String by) {
        if (!words.isEmpty()) {
            return words.getFirst();
        }
        String name = by.startsWith("@") ? by.substring(1) : by;
        List<String> theirs = Pages.replay(drill.records()).all().stream().filter(Pages.Page::open)
                .filter(p -> p.person().equalsIgnoreCase(name)).map(Pages.Page::id).toList();
        if (theirs.size() != 1) {
            throw IncidentException.invalid(theirs.isEmpty() ? "no open page is with " + name
                    : "name the page: " + String.join(", ", theirs) + " are with " + name);
        }
        return theirs.getFirst();
    }

    /** The incident the words name first (INC-n, taken from them), or the latest one not resolved. */
    private static String incident(TeamDrill drill, List<String> words) {
        if (!words.isEmpty() && words.getFirst().toUpperCase(Locale.ROOT).matches("INC-\\d{1,6}")) {
            return words.removeFirst().toUpperCase(Locale.ROOT);
        }
        List<Incident> open = book(drill).all().stream().filter(i -> i.status() != IncidentStatus.RESOLVED).toList();
        if (open.isEmpty()) {
            throw IncidentException.conflict("no incident is open: /kunren declare SEV2 TITLE first, or name one (INC-1)");
        }
        return open.getLast().id();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> firing(TeamDrill drill) {
        return (List<Map<String, Object>>) ConsoleRoutes.alerts(drill.timeline(), drill.team()).get("firing");
    }

    private static String alerts(TeamDrill drill) {
        List<Map<String, Object>> firing = firing(drill);
        if (firing.isEmpty()) {
            return "No alert is firing.";
        }
        StringBuilder answer = new StringBuilder();
        for (Map<String, Object> alert : firing) {
            answer.append(":rotating_light: ").append(alert.get("rule")).append(" (").append(alert.get("severity")).append(") — ")
                    .append(TeamChat.escape(String.valueOf(alert.get("summary"))))
                    .append(alert.containsKey("acknowledgedBy") ? " — acknowledged by " + TeamChat.escape(String.valueOf(alert.get("acknowledgedBy")))
                            : " — not acknowledged").append('\n');
        }
        return answer.toString().strip();
    }

    private static String incidents(TeamDrill drill) {
        List<Incident> all = book(drill).all();
        if (all.isEmpty()) {
            return "No incident yet.";
        }
        StringBuilder answer = new StringBuilder();
        for (Incident incident : all) {
            answer.append(incident.id()).append(" ").append(incident.severity()).append(" ")
                    .append(incident.status().name().toLowerCase(Locale.ROOT)).append(" — ").append(TeamChat.escape(incident.title()))
                    .append('\n');
        }
        return answer.toString().strip();
    }
}
