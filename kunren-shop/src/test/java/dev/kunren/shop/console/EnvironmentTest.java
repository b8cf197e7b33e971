package dev.kunren.shop.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kunren.proxy.toxic.ToxicSpec;
import dev.kunren.shop.Shop;
import dev.kunren.shop.ShopConfig;
import dev.kunren.shop.audit.Actor;
import dev.kunren.shop.audit.AuditEntry;
import dev.kunren.shop.audit.AuditQuery;
import dev.kunren.shop.balancer.HealthCheckPolicy;
import dev.kunren.shop.compute.InstanceState;
import dev.kunren.shop.compute.InstanceView;
import dev.kunren.shop.compute.Regions;
import dev.kunren.shop.config.AppConfig;
import dev.kunren.shop.database.DbProcess;
import dev.kunren.shop.database.Failover;
import dev.kunren.shop.network.NetworkRules;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The practice environment through its console, on a drill clock the test moves by hand: every
 * failure of the catalog can happen, a team can see it and fix it, and every operation is audited.
 */
class EnvironmentTest {

    private static final Actor ALICE = Actor.of("alice", "console");
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.EPOCH);
    private final InstantSource drillClock = now::get;
    private final HttpClient client = HttpClient.newHttpClient();
    private Shop shop;
    private Console console;

    @BeforeEach
    void start() throws IOException {
        shop = Shop.start(new ShopConfig(2, 2, 6, 1000, new HealthCheckPolicy(1, 1), Duration.ofSeconds(40),
                Duration.ofSeconds(15), Duration.ofSeconds(1), Duration.ofSeconds(90)), drillClock, 5);
        console = shop.console();
    }

    @AfterEach
    void stop() {
        shop.close();
        client.close();
    }

    /** Moves drill time on, one second per environment tick, with health checks every 5 s. */
    private void advance(Duration by) {
        Duration target = shop.now().plus(by);
        while (shop.now().compareTo(target) < 0) {
            now.set(now.get().plusSeconds(1));
            if (shop.now().toSeconds() % 5 == 0) {
                shop.checkHealth();
            }
            shop.tick(shop.now());
        }
    }

    private HttpResponse<String> send(String method, String path, String form) throws Exception {
        return client.send(HttpRequest.newBuilder(shop.uri().resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void every_operation_is_audited_with_actor_source_parameters_and_result_and_can_be_queried() {
        advance(Duration.ofSeconds(7));
        console.setGroupSizes(ALICE, 2, 6, 3);
        assertThatThrownBy(() -> console.restartInstance(Actor.of("bob", "console"), "web-9"))
                .isInstanceOf(ConsoleException.class).extracting(e -> ((ConsoleException) e).kind())
                .isEqualTo(ConsoleException.Kind.NOT_FOUND);

        List<AuditEntry> all = shop.audit().query(AuditQuery.all());
        assertThat(all).hasSize(2);
        AuditEntry refused = all.get(0);
        assertThat(refused.actor()).isEqualTo("bob");
        assertThat(refused.operation()).isEqualTo("RebootInstances");
        assertThat(refused.resource()).isEqualTo("web-9");
        assertThat(refused.success()).isFalse();
        assertThat(refused.result()).isEqualTo("no instance web-9");
        AuditEntry sizes = all.get(1);
        assertThat(sizes.at()).isEqualTo(Duration.ofSeconds(7));
        assertThat(sizes.source()).isEqualTo("console");
        assertThat(sizes.parameters()).isEqualTo(Map.of("min", "2", "max", "6", "desired", "3"));
        assertThat(sizes.success()).isTrue();

        assertThat(shop.audit().query(new AuditQuery(Optional.of("alice"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), 10))).containsExactly(sizes);
        assertThat(shop.audit().query(new AuditQuery(Optional.empty(), Optional.of("web-"), Optional.empty(),
                Optional.empty(), Optional.empty(), 10))).containsExactly(refused);
        assertThat(shop.audit().query(new AuditQuery(Optional.empty(), Optional.empty(), Optional.of("UpdateAutoScalingGroup"),
                Optional.of(Duration.ofSeconds(8)), Optional.empty(), 10))).isEmpty();
    }

    @Test
    void operations_a_user_expects_to_be_idempotent_are_and_illegal_ones_are_refused() {
        assertThat(console.terminateInstance(ALICE, "web-2").result()).isEqualTo("terminated");
        assertThat(console.terminateInstance(ALICE, "web-2").result()).isEqualTo("already terminated; nothing changed");
        assertThatThrownBy(() -> console.restartInstance(ALICE, "web-2")).isInstanceOf(ConsoleException.class)
                .hasMessage("web-2 is terminated and cannot be restarted")
                .extracting(e -> ((ConsoleException) e).kind()).isEqualTo(ConsoleException.Kind.CONFLICT);
        String key = shop.accessKeys().keys().getFirst().id();
        assertThat(console.revokeKey(ALICE, key).result()).isEqualTo("deactivated");
        assertThat(console.revokeKey(ALICE, key).result()).isEqualTo("already inactive");
        assertThat(console.setRoute(ALICE, NetworkRules.WEB_TO_DB, true).result()).isEqualTo("unchanged");
        assertThatThrownBy(() -> console.setGroupSizes(ALICE, 3, 2, 2)).isInstanceOf(ConsoleException.class)
                .extracting(e -> ((ConsoleException) e).kind()).isEqualTo(ConsoleException.Kind.INVALID);
        assertThatThrownBy(() -> console.promoteReplica(ALICE, "db-1")).hasMessage("db-1 is already the primary");
    }

    @Test
    void the_scaling_group_launches_after_boot_time_and_replaces_unhealthy_instances_when_enabled() throws Exception {
        console.setGroupSizes(ALICE, 2, 6, 3);
        advance(Duration.ofSeconds(1));
        assertThat(shop.fleet().instance("web-3").state()).isEqualTo(InstanceState.PENDING);
        advance(Duration.ofSeconds(40));
        assertThat(shop.fleet().instance("web-3").state()).isEqualTo(InstanceState.RUNNING);
        assertThat(shop.fleet().instance("web-3").inRotation()).as("in rotation before a health check passed").isFalse();
        advance(Duration.ofSeconds(5));
        assertThat(shop.fleet().instance("web-3").inRotation()).isTrue();

        shop.instance("web-1").stop();
        console.setHealthReplacement(ALICE, true);
        advance(Duration.ofSeconds(10));
        assertThat(shop.fleet().instance("web-1").state()).isEqualTo(InstanceState.TERMINATED);
        assertThat(shop.audit().query(AuditQuery.all()).stream().map(AuditEntry::actor)).contains("autoscaling");
        advance(Duration.ofSeconds(45));
        assertThat(shop.fleet().group().inService()).isEqualTo(3);
        assertThat(send("GET", "/products", null).statusCode()).isEqualTo(200);
    }

    @Test
    void a_deploy_replaces_instances_one_at_a_time_and_a_rollback_goes_back() throws Exception {
        console.deploy(ALICE, "v1.0");
        advance(Duration.ofSeconds(1));
        assertThat(shop.fleet().group().inService()).as("one instance replaced at a time").isEqualTo(1);
        advance(Duration.ofSeconds(120));
        assertThat(shop.fleet().instances(Optional.empty()).stream().filter(i -> i.state() != InstanceState.TERMINATED))
                .extracting(InstanceView::version).containsOnly("v1.0").hasSize(2);
        assertThat(shop.fleet().group().refreshing()).isFalse();
        assertThat(send("GET", "/products", null).statusCode()).isEqualTo(200);

        assertThat(console.rollback(ALICE).result()).startsWith("rolling back to v1.1");
        advance(Duration.ofSeconds(120));
        assertThat(shop.fleet().group().version()).isEqualTo("v1.1");
        assertThat(shop.fleet().instances(Optional.empty()).stream().filter(i -> i.state() != InstanceState.TERMINATED))
                .extracting(InstanceView::version).containsOnly("v1.1");
        assertThatThrownBy(() -> console.deploy(ALICE, "v9")).hasMessageContaining("no image shop-web:v9");
    }

    @Test
    void a_deleted_image_makes_launches_fail_until_it_is_rebuilt() {
        console.expireImage("v1.1");
        console.launchInstance(ALICE);
        advance(Duration.ofSeconds(41));
        InstanceView failed = shop.fleet().instance("web-3");
        assertThat(failed.state()).isEqualTo(InstanceState.TERMINATED);
        assertThat(failed.reason()).isEqualTo("launch failed: image shop-web:v1.1 not found");
        assertThat(shop.logs().search(Optional.of("asg"), Optional.of("not found"), 10)).isNotEmpty();

        console.rebuildImage(ALICE, "v1.1");
        advance(Duration.ofSeconds(90 + 41));
        assertThat(shop.fleet().group().inService()).isEqualTo(3);
    }

    @Test
    void a_failover_loses_exactly_the_writes_the_replica_had_not_replayed() throws Exception {
        assertThat(send("POST", "/checkout", "customer=early").statusCode()).isEqualTo(201);
        advance(Duration.ofSeconds(5));
        int blocker = shop.database().startQuery("db-2", "analytics", "SELECT * FROM orders", DbProcess.Effect.BLOCKS_REPLICATION, shop.now());
        advance(Duration.ofSeconds(30));
        assertThat(send("POST", "/checkout", "customer=late").statusCode()).isEqualTo(201);
        assertThat(send("POST", "/checkout", "customer=later").statusCode()).isEqualTo(201);
        advance(Duration.ofSeconds(1));
        assertThat(shop.database().replicaLag(shop.now())).hasValueSatisfying(lag -> assertThat(lag).isGreaterThan(Duration.ofSeconds(30)));
        assertThat(shop.database().isRunning(blocker)).isTrue();

        shop.database().stop("db-1");
        assertThat(send("POST", "/checkout", "customer=during").statusCode()).isEqualTo(500);
        Console.Outcome outcome = console.failover(ALICE);

        assertThat(outcome.details()).containsEntry("lostOrders", 2L);
        assertThat((Long) outcome.details().get("rpoMillis")).isGreaterThanOrEqualTo(30_000L);
        assertThat(shop.store().ordersPlaced()).isEqualTo(1);
        assertThat(shop.database().writerEndpoint()).isEqualTo("db-2");
        assertThat(send("POST", "/checkout", "customer=after").statusCode()).isEqualTo(201);
        shop.database().start("db-1", shop.now());
        assertThat(shop.database().nodes()).extracting(n -> n.name() + ":" + n.role()).containsExactly("db-1:REPLICA", "db-2:PRIMARY");
    }

    @Test
    void automatic_failover_promotes_the_replica_after_thirty_seconds_with_little_loss() throws Exception {
        AtomicReference<Failover> seen = new AtomicReference<>();
        shop.onFailover(seen::set);
        console.setAutoFailover(ALICE, true);
        assertThat(send("POST", "/checkout", "customer=c").statusCode()).isEqualTo(201);
        advance(Duration.ofSeconds(3));
        shop.database().stop("db-1");
        advance(Duration.ofSeconds(29));
        assertThat(seen.get()).isNull();
        advance(Duration.ofSeconds(2));
        assertThat(seen.get().automatic()).isTrue();
        assertThat(seen.get().lostWrites()).isZero();
        assertThat(shop.database().writable()).isTrue();
    }

    @Test
    void a_broken_config_fails_requests_behind_healthy_health_checks_until_restored_and_reloaded() throws Exception {
        console.putObject(Actor.of("tanaka", "10.0.3.27"), AppConfig.KEY, "{\"databaseTimeoutMs\": 1000,");
        console.reloadConfig(Actor.of("tanaka", "10.0.3.27"));
        assertThat(send("GET", "/products", null).statusCode()).isEqualTo(500);
        assertThat(send("GET", "/health", null).statusCode()).isEqualTo(200);
        assertThat(shop.logs().search(Optional.of("web-1"), Optional.of("not valid JSON"), 5)).isNotEmpty();

        console.restoreObject(ALICE, AppConfig.KEY, 1);
        assertThat(send("GET", "/products", null).statusCode()).isEqualTo(500);
        console.reloadConfig(ALICE);
        assertThat(send("GET", "/products", null).statusCode()).isEqualTo(200);
        assertThat(shop.configBucket().versions(AppConfig.KEY)).extracting(v -> v.author()).containsExactly("provisioning", "tanaka", "alice");
    }

    @Test
    void a_cut_payment_route_fails_checkouts_after_the_timeout_and_deferred_payments_degrade_gracefully() throws Exception {
        console.setRoute(Actor.of("suzuki", "10.0.3.41"), NetworkRules.WEB_TO_PAYMENT, false);
        long started = System.nanoTime();
        assertThat(send("POST", "/checkout", "customer=c").statusCode()).isEqualTo(502);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        assertThat(send("GET", "/products", null).statusCode()).isEqualTo(200);
        console.setRoute(ALICE, NetworkRules.WEB_TO_PAYMENT, true);
        assertThat(send("POST", "/checkout", "customer=c").statusCode()).isEqualTo(201);

        shop.paymentLink().addToxic(ToxicSpec.of("down", "http_status", "upstream", 1.0, Map.of("status", 503L)));
        assertThat(send("POST", "/checkout", "customer=c").statusCode()).isEqualTo(502);
        console.putObject(ALICE, AppConfig.KEY, AppConfig.DEFAULT_JSON.replace("\"fail\"", "\"defer\""));
        console.reloadConfig(ALICE);
        HttpResponse<String> deferred = send("POST", "/checkout", "customer=c");
        assertThat(deferred.statusCode()).isEqualTo(201);
        assertThat(deferred.body()).contains("\"payment\":\"deferred\"");
    }

    @Test
    void a_locked_orders_table_times_out_checkouts_until_the_query_is_killed_from_the_process_list() throws Exception {
        int pid = shop.database().startQuery("db-1", "batch", "UPDATE orders SET status = 'archived'", DbProcess.Effect.LOCKS_ORDERS, shop.now());
        advance(Duration.ofSeconds(90));
        assertThat(console.view().processList(Optional.empty())).singleElement().satisfies(q -> {
            assertThat(q.pid()).isEqualTo(pid);
            assertThat(q.ageSeconds()).isEqualTo(90.0);
            assertThat(q.state()).isEqualTo("active, holding lock on orders");
        });
        assertThat(send("POST", "/checkout", "customer=c").statusCode()).isEqualTo(500);
        assertThat(send("POST", "/cart", "customer=c&product=1").statusCode()).isEqualTo(200);
        console.killQuery(ALICE, pid);
        assertThat(send("POST", "/checkout", "customer=c").statusCode()).isEqualTo(201);
        assertThatThrownBy(() -> console.killQuery(ALICE, pid)).hasMessage("no running query with pid " + pid);
    }

    @Test
    void instances_launched_with_a_key_show_in_the_other_region_and_a_revoked_key_launches_nothing() {
        String key = shop.accessKeys().activeKeyOf("deploy-bot").id();
        Actor attacker = new Actor("deploy-bot", "198.51.100.23", key);
        console.runInstancesWithKey(attacker, Regions.SECONDARY, "c5.24xlarge", 2, 620);
        assertThat(console.view().resources(Optional.of(Regions.SECONDARY))).hasSize(2);
        assertThat(console.view().gauges()).containsEntry("cost_yen_per_hour", 2 * 620.0 + 2 * 8.0);

        console.rotateKey(ALICE, key);
        assertThatThrownBy(() -> console.runInstancesWithKey(attacker, Regions.SECONDARY, "c5.24xlarge", 2, 620))
                .hasMessageContaining("AuthFailure");
        assertThat(shop.audit().query(AuditQuery.all()).getFirst()).satisfies(e -> {
            assertThat(e.source()).isEqualTo("198.51.100.23");
            assertThat(e.accessKey()).isEqualTo(key);
            assertThat(e.success()).isFalse();
        });
    }

    @Test
    void metrics_are_in_prometheus_text_format_with_the_teams_label() {
        String text = console.view().prometheus(Map.of("team", "red"));
        assertThat(text).contains("# TYPE kunren_instance_up gauge", "kunren_instance_up{team=\"red\",instance=\"web-1\",region=\"ap-northeast-1\"} 1",
                "kunren_db_up{team=\"red\",node=\"db-1\",role=\"primary\"} 1", "kunren_cost_yen_per_hour{team=\"red\",region=\"us-west-2\"} 0");
        for (String line : text.split("\n")) {
            assertThat(line).matches("# (HELP|TYPE) .*|[a-z_]+(\\{[^}]*})? -?[0-9.]+");
        }
    }
}
