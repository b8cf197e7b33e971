package dev.kunren.engine.oncall;

import dev.kunren.engine.timeline.TimelineEvent.PageDelivered;
import dev.kunren.engine.timeline.TimelineEvent.PageSent;
import java.util.List;

/** Takes a page to its person by their contact methods (a webhook, e-mail): the server's part, since it knows where it is reached. */
public interface PageDelivery {

    PageDelivery NONE = (drillId, team, page, person) -> List.of();

    /** Delivers {@code page} of {@code team} to {@code person}, one outcome per contact method; may block (called off the drill loop). */
    List<PageDelivered> deliver(String drillId, String team, PageSent page, OnCall.Person person);
}
