package dev.kunren.server.oidc;

/** A sign-in through the OpenID provider that failed one of its checks; the message says which, for the person signing in. */
public final class OidcException extends RuntimeException {

    public OidcException(String message) {
        super(message);
    }
}
