package dev.kunren.server.oidc;

import java.net.URI;
import java.util.Optional;

/**
 * Sign-in through a company's OpenID provider: its issuer, Kunren's client id there, the client
 * secret (none for a public client: PKCE alone), the claim that lists a person's groups and the
 * groups that make someone a facilitator or an observer.
 */
public record OidcSettings(URI issuer, String clientId, Optional<String> clientSecret, String groupsClaim,
                           String facilitatorGroup, String observerGroup) {

    public static final String DEFAULT_GROUPS_CLAIM = "groups";
    public static final String DEFAULT_FACILITATOR_GROUP = "kunren-facilitators";
    public static final String DEFAULT_OBSERVER_GROUP = "kunren-observers";
}
