package dev.kunren.engine.timeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.kunren.engine.KunrenException;

/** The JSON form of timeline events, as stored and exported. Durations are ISO-8601 ({@code PT1M30S}). */
public final class EventJson {

    private static final ObjectMapper MAPPER = mapper();

    private EventJson() {
    }

    /** A mapper configured for Kunren's JSON: ISO durations and instants, no unknown-property leniency lost. */
    public static ObjectMapper mapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public static String write(TimelineEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new KunrenException("cannot write event " + event, e);
        }
    }

    public static TimelineEvent read(String json) {
        try {
            return MAPPER.readValue(json, TimelineEvent.class);
        } catch (JsonProcessingException e) {
            throw new KunrenException("cannot read stored event " + json, e);
        }
    }

    /** The stable type name of an event, as stored in the database. */
    public static String typeName(TimelineEvent event) {
        com.fasterxml.jackson.annotation.JsonSubTypes types =
                TimelineEvent.class.getAnnotation(com.fasterxml.jackson.annotation.JsonSubTypes.class);
        for (var type : types.value()) {
            if (type.value() == event.getClass()) {
                return type.name();
            }
        }
        throw new KunrenException("event class " + event.getClass() + " has no type name");
    }
}
