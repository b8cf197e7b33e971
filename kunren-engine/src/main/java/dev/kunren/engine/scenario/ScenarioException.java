package dev.kunren.engine.scenario;

import dev.kunren.engine.KunrenException;
import java.util.List;
import java.util.stream.Collectors;

/** A scenario file that cannot be used, with every problem found in it. */
public final class ScenarioException extends KunrenException {

    private final List<ScenarioError> errors;

    public ScenarioException(List<ScenarioError> errors) {
        super(errors.stream().map(ScenarioError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<ScenarioError> errors() {
        return errors;
    }
}
