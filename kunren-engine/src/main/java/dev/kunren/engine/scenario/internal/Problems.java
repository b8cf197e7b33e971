package dev.kunren.engine.scenario.internal;

import dev.kunren.engine.scenario.ScenarioError;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects scenario errors for one file, each placed at a YAML node. */
public final class Problems {

    private final String file;
    private final List<ScenarioError> errors = new ArrayList<>();

    public Problems(String file) {
        this.file = file;
    }

    public void at(Node node, String message) {
        at(node.getStartMark(), message);
    }

    public void at(Mark mark, String message) {
        if (mark == null) {
            atStart(message);
        } else {
            errors.add(new ScenarioError(file, mark.getLine() + 1, mark.getColumn() + 1, message));
        }
    }

    public void atStart(String message) {
        errors.add(new ScenarioError(file, 1, 1, message));
    }

    public boolean any() {
        return !errors.isEmpty();
    }

    public List<ScenarioError> sorted() {
        return errors.stream().sorted().toList();
    }
}
