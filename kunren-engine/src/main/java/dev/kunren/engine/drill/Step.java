package dev.kunren.engine.drill;

import java.time.Duration;

/** Something a team did at drill time {@code at}, to do again while its drill is rebuilt after a crash. */
record Step(Duration at, Runnable perform) {
}
