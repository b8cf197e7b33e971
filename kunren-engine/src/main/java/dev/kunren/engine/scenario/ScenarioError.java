package dev.kunren.engine.scenario;

/** One problem in a scenario file, at a 1-based line and column. */
public record ScenarioError(String file, int line, int column, String message) implements Comparable<ScenarioError> {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }

    @Override
    public int compareTo(ScenarioError other) {
        int byLine = Integer.compare(line, other.line);
        return byLine != 0 ? byLine : Integer.compare(column, other.column);
    }
}
