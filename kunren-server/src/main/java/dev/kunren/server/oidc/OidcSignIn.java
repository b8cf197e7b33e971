package dev.kunren.server.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Sign-in through an OpenID provider by the authorization code flow with PKCE: {@link #start}
 * makes the state, nonce and code verifier of one sign-in and the provider's URL to send the
 * browser to; {@link #finish} takes the browser's return (once: a state and a code are good for
 * one sign-in), exchanges the code, checks the ID token and maps the person's groups to a role.
 */
public final class OidcSignIn {

    /** How long a sign-in may take at the provider. */
    static final Duration PENDING = Duration.ofMinutes(10);
    private static final int MAX_PENDING = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The role the provider's groups give; none: the person may not sign in this way. */
    public enum Role { FACILITATOR, OBSERVER }

    /** Where to send the browser, and the state to bind to it (a cookie), so no other browser can finish this sign-in. */
    public record Start(URI redirect, String state) {
    }

    /**
     * Who signed in: the provider's subject, a name to show, and the role (none for a member, who
     * came with a team's join code).
     */
    public record Person(String subject, String name, Optional<Role> role, Optional<String> joinCode) {
    }

    private record Pending(String nonce, String verifier, String redirectUri, Instant started, Optional<String> joinCode) {
    }

    private final OidcSettings settings;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Set<String> usedCodes = ConcurrentHashMap.newKeySet();
    private volatile JsonNode discovery;
    private volatile JsonNode jwks;

    /** Which server started a sign-in: the servers on one database hand a provider's callback to it (it holds the sign-in's secrets). */
    private final String server;

    public OidcSignIn(OidcSettings settings, Clock clock) {
        this(settings, clock, "");
    }

    /** Sign-ins whose states name {@code server}, one of several sharing a database. */
    public OidcSignIn(OidcSettings settings, Clock clock, String server) {
        this.settings = settings;
        this.clock = clock;
        this.server = server;
    }

    /** The server a sign-in's state names, if it names one. */
    public static Optional<String> serverOf(String state) {
        int dot = state.indexOf('.');
        return dot > 0 ? Optional.of(state.substring(0, dot)) : Optional.empty();
    }

    /** The provider's discovery document, read once (a provider that cannot be reached fails the sign-in, not the server). */
    private JsonNode discovery() {
        if (discovery == null) {
            String base = settings.issuer().toString().replaceAll("/$", "");
            discovery = get(URI.create(base + "/.well-known/openid-configuration"), "discovery document");
        }
        return discovery;
    }

    public Start start(String redirectUri) {
        return start(redirectUri, Optional.empty());
    }

    /** A sign-in that, for someone in neither group, joins the team of {@code joinCode} under their company name. */
    public Start start(String redirectUri, Optional<String> joinCode) {
        pending.values().removeIf(p -> p.started().plus(PENDING).isBefore(clock.instant()));
        if (pending.size() >= MAX_PENDING) {
            throw new OidcException("too many sign-ins are under way; try again in a few minutes");
        }
        String state = (server.isEmpty() ? "" : server + ".") + secret();
        String nonce = secret();
        String verifier = secret() + secret();
        pending.put(state, new Pending(nonce, verifier, redirectUri, clock.instant(), joinCode));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", settings.clientId());
        query.put("redirect_uri", redirectUri);
        query.put("scope", "openid profile email");
        query.put("state", state);
        query.put("nonce", nonce);
        query.put("code_challenge", challenge(verifier));
        query.put("code_challenge_method", "S256");
        String endpoint = discovery().path("authorization_endpoint").asText();
        return new Start(URI.create(endpoint + (endpoint.contains("?") ? "&" : "?") + form(query)), state);
    }

    /**
     * Finishes the sign-in the browser returns from: {@code boundState} is the state its cookie
     * holds, {@code state} and {@code code} what the provider sent back.
     *
     * @throws OidcException when any check fails; {@link Forbidden} when the person is in neither
     *                       group and came without a join code
     */
    public Person finish(String boundState, String state, String code) {
        if (state == null || state.isEmpty() || !state.equals(boundState)) {
            throw new OidcException("this sign-in was not started in this browser (the state does not match); start again");
        }
        Pending started = pending.remove(state);
        if (started == null || started.started().plus(PENDING).isBefore(clock.instant())) {
            throw new OidcException("this sign-in is unknown, was already finished or took too long; start again");
        }
        if (code == null || code.isEmpty() || !usedCodes.add(code)) {
            throw new OidcException("this authorization code was already used: a code signs in once");
        }
        JsonNode tokens = exchange(code, started);
        String idToken = tokens.path("id_token").asText("");
        if (idToken.isEmpty()) {
            throw new OidcException("the identity provider answered without an ID token");
        }
        JsonNode claims;
        try {
            claims = IdTokens.verify(idToken, keys(false), discovery().path("issuer").asText(), settings.clientId(), started.nonce(), clock.instant());
        } catch (OidcException unknownKey) {
            if (!unknownKey.getMessage().startsWith("no key")) {
                throw unknownKey;
            }
            claims = IdTokens.verify(idToken, keys(true), discovery().path("issuer").asText(), settings.clientId(), started.nonce(), clock.instant());
        }
        Set<String> groups = groups(claims.path(settings.groupsClaim()));
        Role role = groups.contains(settings.facilitatorGroup()) ? Role.FACILITATOR
                : groups.contains(settings.observerGroup()) ? Role.OBSERVER : null;
        String name = name(claims);
        if (role == null && started.joinCode().isEmpty()) {
            throw new Forbidden(name + " is in neither " + settings.facilitatorGroup() + " nor " + settings.observerGroup()
                    + "; members join their team with its code on the front page");
        }
        return new Person(claims.path("sub").asText(), name, Optional.ofNullable(role), started.joinCode());
    }

    /** Refused: the person is known to the provider but not in a group that may sign in. */
    public static final class Forbidden extends RuntimeException {
        Forbidden(String message) {
            super(message);
        }
    }

    private JsonNode exchange(String code, Pending started) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("code", code);
        body.put("redirect_uri", started.redirectUri());
        body.put("code_verifier", started.verifier());
        body.put("client_id", settings.clientId());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(discovery().path("token_endpoint").asText()))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(form(body)));
        settings.clientSecret().ifPresent(secret -> request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (encode(settings.clientId()) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8))));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new OidcException("the identity provider refused the code (HTTP " + response.statusCode() + "); start again");
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new OidcException("the identity provider cannot be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OidcException("interrupted");
        }
    }

    private JsonNode keys(boolean again) {
        if (jwks == null || again) {
            jwks = get(URI.create(discovery().path("jwks_uri").asText()), "keys (JWKS)");
        }
        return jwks;
    }

    private JsonNode get(URI uri, String what) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new OidcException("the identity provider's " + what + " at " + uri + " answered HTTP " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException | IllegalArgumentException e) {
            throw new OidcException("the identity provider's " + what + " at " + uri + " cannot be read: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OidcException("interrupted");
        }
    }

    private static Set<String> groups(JsonNode claim) {
        if (claim.isArray()) {
            Set<String> groups = new java.util.HashSet<>();
            claim.forEach(g -> groups.add(g.asText()));
            return groups;
        }
        return claim.isTextual() ? Set.of(claim.asText().split("[ ,]+")) : Set.of();
    }

    /** A name people recognise: the name claim, else the preferred user name, else the e-mail, else the subject. */
    private static String name(JsonNode claims) {
        for (String claim : new String[] {"name", "preferred_username", "email", "sub"}) {
            String value = claims.path(claim).asText("").strip();
            if (!value.isEmpty()) {
                return value.length() > 64 ? value.substring(0, 64) : value;
            }
        }
        return "someone";
    }

    private String secret() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
