package dev.kunren.engine.incident;

import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent.MessageAnswered;
import dev.kunren.engine.timeline.TimelineEvent.MessageDelivered;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages that reached a team (a customer's call, a colleague's question) and the team's
 * answers, rebuilt from its timeline. {@link #answer} checks a reply and returns the event to append.
 */
public final class Inbox {

    public record Answer(Duration at, String by, String text) {
    }

    public record Message(String id, Duration deliveredAt, String from, String channel, String to,
                          Map<String, String> text, List<Answer> answers) {

        public boolean answered() {
            return !answers.isEmpty();
        }
    }

    private final Map<String, Message> messages = new LinkedHashMap<>();

    public static Inbox replay(List<EventRecord> records) {
        Inbox inbox = new Inbox();
        for (EventRecord record : records) {
            switch (record.event()) {
                case MessageDelivered m -> inbox.messages.putIfAbsent(m.messageId(), new Message(m.messageId(), record.at(),
                        m.from(), m.channel(), m.to(), m.text(), new ArrayList<>()));
                case MessageAnswered a -> {
                    Message message = inbox.messages.get(a.messageId());
                    if (message != null) {
                        message.answers().add(new Answer(record.at(), a.by(), a.text()));
                    }
                }
                default -> {
                }
            }
        }
        return inbox;
    }

    /** Every message delivered so far, oldest first. */
    public List<Message> all() {
        return messages.values().stream().map(m -> new Message(m.id(), m.deliveredAt(), m.from(), m.channel(), m.to(),
                m.text(), List.copyOf(m.answers()))).toList();
    }

    public MessageAnswered answer(String messageId, String text, String by) {
        if (!messages.containsKey(messageId)) {
            throw IncidentException.notFound("no message " + messageId + " has reached the team");
        }
        if (text == null || text.isBlank()) {
            throw IncidentException.invalid("give the answer's text");
        }
        if (text.length() > Incidents.MAX_TEXT) {
            throw IncidentException.invalid("an answer may be at most " + Incidents.MAX_TEXT + " characters");
        }
        return new MessageAnswered(messageId, text.strip(), by);
    }
}
