package dev.kunren.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kunren.server.oidc.OidcSettings;
import dev.kunren.server.store.JdbcEventStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Facilitators and observers sign in through a real OpenID provider running in the test
 * (mock-oauth2-server): authorization code with PKCE, the ID token checked, the role from the
 * groups claim; a wrong state, a replayed code, an expired token and a person in neither group
 * are refused and sign no one in.
 */
class OidcSignInTest {

    private static final String CLIENT = "kunren-test";
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private MockOAuth2Server provider;
    private JdbcEventStore store;
    private WebServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        provider = new MockOAuth2Server();
        provider.start(InetAddress.getLoopbackAddress(), 0);
        store = JdbcEventStore.open("jdbc:h2:mem:oidc-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "");
        server = new WebServer(store, Path.of("scenarios"), Clock.systemUTC())
                .oidc(new OidcSettings(URI.create(provider.issuerUrl("company").toString()), CLIENT, Optional.of("s3cret"),
                        OidcSettings.DEFAULT_GROUPS_CLAIM, OidcSettings.DEFAULT_FACILITATOR_GROUP, OidcSettings.DEFAULT_OBSERVER_GROUP))
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        base = "http://127.0.0.1:" + server.address().getPort();
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
        provider.shutdown();
        http.close();
    }

    private void nextToken(String subject, Map<String, Object> claims, long expirySeconds) {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback("company", subject, "JWT", List.of(CLIENT), claims, expirySeconds));
    }

    private HttpResponse<String> get(String url, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cookie(HttpResponse<String> response) {
        String set = response.headers().firstValue("Set-Cookie").orElseThrow();
        return set.substring(0, set.indexOf(';'));
    }

    /** The browser's walk: to Kunren, to the provider, back to Kunren's callback; answers the callback's URL and the state cookie. */
    private String[] toProviderAndBack() throws Exception {
        return toProviderAndBack("");
    }

    private String[] toProviderAndBack(String query) throws Exception {
        HttpResponse<String> start = get(base + "/api/session/oidc" + query, null);
        assertThat(start.statusCode()).isEqualTo(302);
        String authorize = start.headers().firstValue("Location").orElseThrow();
        assertThat(authorize).startsWith(provider.issuerUrl("company").toString()).contains("code_challenge_method=S256")
                .contains("client_id=" + CLIENT).contains("nonce=");
        HttpResponse<String> atProvider = get(authorize, null);
        assertThat(atProvider.statusCode()).isEqualTo(302);
        return new String[] {atProvider.headers().firstValue("Location").orElseThrow(), cookie(start)};
    }

    private JsonNode session(HttpResponse<String> signedIn) throws Exception {
        return WebApi.JSON.readTree(get(base + "/api/session", cookie(signedIn)).body());
    }

    @Test
    void a_facilitator_and_an_observer_sign_in_with_their_groups_and_names() throws Exception {
        nextToken("u-1", Map.of("name", "Aiko Sato", "groups", List.of("staff", "kunren-facilitators")), 3600);
        String[] back = toProviderAndBack();
        HttpResponse<String> facilitator = get(back[0], back[1]);
        assertThat(facilitator.statusCode()).as(facilitator.body()).isEqualTo(302);
        assertThat(facilitator.headers().firstValue("Location")).hasValue("/facilitator");
        assertThat(session(facilitator).path("role").asText()).isEqualTo("facilitator");
        assertThat(session(facilitator).path("name").asText()).isEqualTo("Aiko Sato");

        nextToken("u-2", Map.of("preferred_username", "ben", "groups", List.of("kunren-observers")), 3600);
        back = toProviderAndBack();
        HttpResponse<String> observer = get(back[0], back[1]);
        assertThat(observer.headers().firstValue("Location")).hasValue("/observe");
        assertThat(session(observer).path("role").asText()).isEqualTo("observer");
        assertThat(get(base + "/api/drills", cookie(observer)).statusCode()).as("an observer of every drill lists them").isEqualTo(200);
        try (WebApi api = new WebApi(server)) {
            String[] organiser = api.signIn("/api/session/link", Map.of("token", server.oneTimeSignInToken()));
            String drill = api.json(organiser, "POST", "/api/drills", "{\"scenario\":\"first-drill\"}").path("id").asText();
            api.json(organiser, "POST", "/api/drills/" + drill + "/teams", "{\"name\":\"red\"}");
        }
        assertThat(get(base + "/api/drills", cookie(observer)).body()).as("never the teams' join codes").contains("\"red\"")
                .doesNotContain("joinCode");
        assertThat(WebApi.JSON.readTree(get(base + "/api/session", null).body()).path("oidc").asBoolean()).isTrue();
        String csrf = session(observer).path("csrfToken").asText();
        HttpResponse<String> create = http.send(HttpRequest.newBuilder(URI.create(base + "/api/drills")).header("Cookie", cookie(observer))
                .header("X-CSRF-Token", csrf).POST(HttpRequest.BodyPublishers.ofString("{\"scenario\":\"first-drill\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(create.statusCode()).as("an observer of every drill changes nothing").isEqualTo(403);
    }

    @Test
    void a_member_joins_their_team_with_its_code_under_their_company_name() throws Exception {
        try (WebApi api = new WebApi(server)) {
            String[] facilitator = api.signIn("/api/session/link", Map.of("token", server.oneTimeSignInToken()));
            String drill = api.json(facilitator, "POST", "/api/drills", "{\"scenario\":\"first-drill\"}").path("id").asText();
            String code = api.json(facilitator, "POST", "/api/drills/" + drill + "/teams", "{\"name\":\"red\"}").path("joinCode").asText();
            nextToken("u-5", Map.of("name", "Daichi O'Hara", "groups", List.of("staff")), 3600);
            String[] back = toProviderAndBack("?code=" + code);
            HttpResponse<String> member = get(back[0], back[1]);
            assertThat(member.headers().firstValue("Location")).hasValue("/team");
            JsonNode session = session(member);
            assertThat(session.path("role").asText()).isEqualTo("member");
            assertThat(session.path("team").asText()).isEqualTo("red");
            assertThat(session.path("name").asText()).isEqualTo("Daichi OHara");
        }
    }

    @Test
    void a_wrong_state_a_replayed_code_an_expired_token_and_a_person_in_no_group_sign_no_one_in() throws Exception {
        // refused before any code is exchanged: the provider issues no token for these
        String[] back = toProviderAndBack();
        HttpResponse<String> wrongState = get(back[0].replaceAll("state=[^&]+", "state=forged"), back[1]);
        assertThat(wrongState.statusCode()).isEqualTo(401);
        assertThat(wrongState.headers().firstValue("Set-Cookie")).isEmpty();
        HttpResponse<String> otherBrowser = get(back[0], "kunren_oidc=someone-elses");
        assertThat(otherBrowser.statusCode()).as("the state is bound to the browser that started").isEqualTo(401);

        nextToken("u-1", Map.of("name", "Aiko", "groups", List.of("kunren-facilitators")), 3600);
        back = toProviderAndBack();
        assertThat(get(back[0], back[1]).statusCode()).isEqualTo(302);
        String code = back[0].replaceAll(".*[?&]code=([^&]+).*", "$1");
        String[] again = toProviderAndBack();
        HttpResponse<String> replayed = get(again[0].replaceAll("code=[^&]+", "code=" + code), again[1]);
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(replayed.body()).contains("already used");

        nextToken("u-3", Map.of("name", "Late", "groups", List.of("kunren-facilitators")), -600);
        back = toProviderAndBack();
        HttpResponse<String> expired = get(back[0], back[1]);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).contains("expired");

        nextToken("u-4", Map.of("name", "Chie", "groups", List.of("staff")), 3600);
        back = toProviderAndBack();
        HttpResponse<String> nobody = get(back[0], back[1]);
        assertThat(nobody.statusCode()).isEqualTo(403);
        assertThat(nobody.body()).contains("Chie is in neither kunren-facilitators nor kunren-observers");
        assertThat(nobody.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void a_sign_in_started_on_one_server_finishes_on_another_of_the_same_database() throws Exception {
        dev.kunren.server.store.Databases.requirePostgres();
        String db = dev.kunren.server.store.Databases.POSTGRES_URL + "&currentSchema=oidc_" + Long.toHexString(System.nanoTime());
        OidcSettings settings = new OidcSettings(URI.create(provider.issuerUrl("company").toString()), CLIENT, Optional.of("s3cret"),
                OidcSettings.DEFAULT_GROUPS_CLAIM, OidcSettings.DEFAULT_FACILITATOR_GROUP, OidcSettings.DEFAULT_OBSERVER_GROUP);
        try (JdbcEventStore firstStore = JdbcEventStore.open(db, null, null);
             JdbcEventStore secondStore = JdbcEventStore.open(db, null, null);
             WebServer first = new WebServer(firstStore, Path.of("scenarios"), Clock.systemUTC()).oidc(settings)
                     .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             WebServer second = new WebServer(secondStore, Path.of("scenarios"), Clock.systemUTC()).oidc(settings)
                     .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            base = "http://127.0.0.1:" + first.address().getPort();
            String elsewhere = "http://127.0.0.1:" + second.address().getPort();
            nextToken("u-9", Map.of("name", "Aiko Sato", "groups", List.of("kunren-facilitators")), 3600);
            String[] back = toProviderAndBack();
            assertThat(back[0]).startsWith(base + "/api/session/oidc/callback");

            // the load balancer sends the browser back to the other server
            HttpResponse<String> signedIn = get(back[0].replace(base, elsewhere), back[1]);
            assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
            assertThat(signedIn.headers().firstValue("Location")).hasValue("/facilitator");
            assertThat(session(signedIn).path("name").asText()).isEqualTo("Aiko Sato");
            base = elsewhere;
            assertThat(session(signedIn).path("role").asText()).as("signed in on every server").isEqualTo("facilitator");

            assertThat(get(back[0], back[1]).statusCode()).as("a finished sign-in is not finished twice, on any server").isEqualTo(401);
        } finally {
            base = "http://127.0.0.1:" + server.address().getPort();
        }
    }
}
