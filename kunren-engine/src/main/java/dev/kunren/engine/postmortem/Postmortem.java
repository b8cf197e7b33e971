package dev.kunren.engine.postmortem;

import dev.kunren.engine.incident.Incidents;
import java.util.List;
import java.util.Locale;

/**
 * A team's postmortem of a drill: prefilled from the timeline ({@link PostmortemDraft}), then
 * edited by the team. Every section is text (Markdown allowed) except the action items.
 */
public record Postmortem(String title, String summary, String impact, String trigger, String detection, String response,
                         String recovery, String timeline, String wentWell, String wentWrong, String gotLucky,
                         List<ActionItem> actionItems, String runbookGaps) {

    public static final List<String> ACTION_TYPES = List.of("mitigate", "prevent", "detect", "process");
    /** The text sections before the action items, in the order a postmortem reads. */
    public static final List<String> SECTIONS = List.of("summary", "impact", "trigger", "detection", "response", "recovery",
            "timeline", "wentWell", "wentWrong", "gotLucky");
    static final int MAX_SECTION = 20_000;
    static final int MAX_ACTION_ITEMS = 100;

    /** Something to change after the drill: what kind of change, what, who, by when. */
    public record ActionItem(String type, String text, String owner, String due) {

        /** The type in lower case if it is one of {@link #ACTION_TYPES}, else empty: not chosen yet. */
        public String knownType() {
            String lower = type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
            return ACTION_TYPES.contains(lower) ? lower : "";
        }
    }

    public Postmortem {
        actionItems = actionItems == null ? List.of() : List.copyOf(actionItems);
    }

    /** What is wrong with it as a saved document, or empty: every problem in one list. */
    public List<String> problems() {
        List<String> problems = new java.util.ArrayList<>();
        String[][] sections = {{"title", title}, {"summary", summary}, {"impact", impact}, {"trigger", trigger},
                {"detection", detection}, {"response", response}, {"recovery", recovery}, {"timeline", timeline},
                {"wentWell", wentWell}, {"wentWrong", wentWrong}, {"gotLucky", gotLucky}, {"runbookGaps", runbookGaps}};
        for (String[] section : sections) {
            if (section[1] == null) {
                problems.add(section[0] + " is missing");
            } else if (section[1].length() > MAX_SECTION) {
                problems.add(section[0] + " may be at most " + MAX_SECTION + " characters");
            }
        }
        if (title != null && title.isBlank()) {
            problems.add("title must not be empty");
        }
        if (actionItems.size() > MAX_ACTION_ITEMS) {
            problems.add("at most " + MAX_ACTION_ITEMS + " action items");
        }
        for (int i = 0; i < actionItems.size(); i++) {
            ActionItem item = actionItems.get(i);
            String which = "action item " + (i + 1);
            if (item.type() == null || !ACTION_TYPES.contains(item.type().toLowerCase(Locale.ROOT))) {
                problems.add(which + " needs a type: one of " + String.join(", ", ACTION_TYPES));
            }
            if (item.text() == null || item.text().isBlank()) {
                problems.add(which + " needs a text");
            }
            if (item.owner() == null || item.owner().isBlank()) {
                problems.add(which + " needs an owner");
            }
            if (item.due() != null && !Incidents.isDueDate(item.due().strip())) {
                problems.add(which + "'s due date must be YYYY-MM-DD");
            }
        }
        return problems;
    }
}
