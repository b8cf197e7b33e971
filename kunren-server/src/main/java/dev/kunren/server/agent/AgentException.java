package dev.kunren.server.agent;

import dev.kunren.engine.KunrenException;

/** An agent cannot start or go on: a bad allow-list, a wrong token, a name the drill does not know. */
final class AgentException extends KunrenException {

    AgentException(String message) {
        super(message);
    }
}
