package dev.kunren.engine.timeline;

/** Where a timeline writes its events as they happen: a database, a file, a live view. */
@FunctionalInterface
public interface EventSink {

    void write(EventRecord record);
}
