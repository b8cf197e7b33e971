package dev.kunren.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kunren.engine.timeline.Timeline;
import dev.kunren.server.console.ConsoleApi;
import dev.kunren.shop.Shop;
import dev.kunren.shop.ShopConfig;
import dev.kunren.shop.balancer.HealthCheckPolicy;
import dev.kunren.shop.audit.AuditQuery;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kunren console}: a team's operations from the terminal, against a real console API. */
class ConsoleCommandTest {

    private Shop shop;
    private ConsoleApi api;
    private String url;

    @BeforeEach
    void start() throws Exception {
        shop = Shop.start(new ShopConfig(2, 1000, new HealthCheckPolicy(2, 2)), () -> Instant.EPOCH);
        api = new ConsoleApi(List.of("red"), team -> Optional.of(shop), new Timeline("d", r -> { }, Clock.systemUTC()))
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        url = "http://127.0.0.1:" + api.address().getPort();
    }

    @AfterEach
    void stop() {
        api.close();
        shop.close();
    }

    @Test
    void verbs_read_and_operate_the_environment_as_the_named_person() {
        CliTest.Result instances = CliTest.kunren("console", "--url", url, "--team", "red", "instances");
        assertThat(instances.code()).as(instances.err()).isZero();
        assertThat(instances.out()).contains("\"id\" : \"web-1\"", "\"id\" : \"web-2\"");

        CliTest.Result scale = CliTest.kunren("console", "--url", url, "--team", "red", "--as", "alice", "scale", "2", "4", "6");
        assertThat(scale.code()).as(scale.err()).isZero();
        assertThat(shop.fleet().group().desired()).isEqualTo(4);
        assertThat(CliTest.kunren("console", "--url", url, "--team", "red", "--as", "alice", "health-replacement", "on").code()).isZero();
        assertThat(shop.fleet().group().healthReplacement()).isTrue();
        assertThat(CliTest.kunren("console", "--url", url, "--team", "red", "--as", "alice", "route", "web-to-db", "deny").code()).isZero();
        assertThat(shop.network().allows("web-to-db")).isFalse();
        assertThat(shop.audit().query(AuditQuery.all())).allSatisfy(e -> assertThat(e.actor()).isEqualTo("alice"));

        CliTest.Result audit = CliTest.kunren("console", "--url", url, "--team", "red", "audit", "--operation", "RevokeRoute");
        assertThat(audit.out()).contains("\"resource\" : \"web-to-db\"").doesNotContain("UpdateAutoScalingGroup");
    }

    @Test
    void a_config_file_is_uploaded_from_disk(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app-config.json");
        Files.writeString(file, "{\"paymentFallback\": \"defer\"}");

        CliTest.Result put = CliTest.kunren("console", "--url", url, "--team", "red", "config-put", file.toString());

        assertThat(put.code()).as(put.err()).isZero();
        assertThat(shop.configBucket().latest("app-config.json").content()).isEqualTo("{\"paymentFallback\": \"defer\"}");

        // what `kunren console config` printed, saved as a file, is not a config: refused before anything is stored
        Path saved = dir.resolve("saved.json");
        Files.writeString(saved, CliTest.kunren("console", "--url", url, "--team", "red", "config").out());
        CliTest.Result wrapper = CliTest.kunren("console", "--url", url, "--team", "red", "config-put", saved.toString());
        assertThat(wrapper.code()).isEqualTo(2);
        assertThat(wrapper.err()).contains("is what kunren console config prints (key, version, content), not the config itself");
        assertThat(shop.configBucket().latest("app-config.json").content()).isEqualTo("{\"paymentFallback\": \"defer\"}");
    }

    @Test
    void refusals_say_why_with_exit_code_one_and_usage_mistakes_exit_two() {
        CliTest.Result refused = CliTest.kunren("console", "--url", url, "--team", "red", "restart", "web-9");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("kunren console: 404 no instance web-9\n");

        CliTest.Result unknown = CliTest.kunren("console", "--url", url, "reboot-everything");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown verb \"reboot-everything\"");
        CliTest.Result arity = CliTest.kunren("console", "--url", url, "restart");
        assertThat(arity.code()).isEqualTo(2);
        assertThat(arity.err()).contains("usage: kunren console restart ID");
        CliTest.Result notANumber = CliTest.kunren("console", "--url", url, "autoscaling", "lots");
        assertThat(notANumber.code()).isEqualTo(2);

        api.close();
        CliTest.Result nobody = CliTest.kunren("console", "--url", url, "instances");
        assertThat(nobody.code()).isEqualTo(1);
        assertThat(nobody.err()).contains("no drill answers at " + url);
        assertThat(nobody.err() + unknown.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void every_verb_the_runbooks_and_docs_tell_a_newcomer_to_type_exists() throws Exception {
        List<Path> pages = new java.util.ArrayList<>(List.of(Path.of("README.md"), Path.of("docs", "console-api.md")));
        try (var runbooks = Files.list(Path.of("scenarios", "runbooks"))) {
            runbooks.forEach(pages::add);
        }
        java.util.regex.Pattern typed = java.util.regex.Pattern.compile("kunren console ([a-z][a-z-]*)");
        java.util.Set<String> used = new java.util.TreeSet<>();
        for (Path page : pages) {
            typed.matcher(Files.readString(page)).results().forEach(m -> used.add(m.group(1)));
        }
        assertThat(used).as("verbs typed in the docs").hasSizeGreaterThan(30);
        assertThat(ConsoleCommand.VERBS.keySet()).containsAll(used);
    }
}
