package dev.kunren.shop.instance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CapacityModelTest {

    private final AtomicLong drillMillis = new AtomicLong();
    private final InstantSource clock = () -> Instant.ofEpochMilli(drillMillis.get());

    /** Sends {@code perSecond} evenly spread requests for one drill second and counts rejections. */
    private int rejectedInOneSecond(CapacityModel model, int perSecond) {
        int rejected = 0;
        for (int i = 0; i < perSecond; i++) {
            drillMillis.addAndGet(1000 / perSecond);
            if (!model.admit().admitted()) {
                rejected++;
            }
        }
        return rejected;
    }

    @Test
    void below_capacity_every_request_is_served_and_cpu_follows_the_load() {
        CapacityModel model = new CapacityModel(40, clock);
        rejectedInOneSecond(model, 20);

        assertThat(rejectedInOneSecond(model, 20)).isZero();
        assertThat(model.cpuPercent()).isCloseTo(50, org.assertj.core.data.Offset.offset(3.0));
    }

    @Test
    void over_capacity_the_excess_share_is_rejected() {
        CapacityModel model = new CapacityModel(40, clock);
        rejectedInOneSecond(model, 80);

        int rejected = rejectedInOneSecond(model, 80);

        assertThat(rejected).isBetween(30, 50);
        assertThat(model.cpuPercent()).isEqualTo(100);
    }

    @Test
    void service_time_stretches_as_utilisation_rises() {
        CapacityModel model = new CapacityModel(100, clock);
        rejectedInOneSecond(model, 10);
        double light = model.admit().slowdown();
        rejectedInOneSecond(model, 85);
        double heavy = model.admit().slowdown();

        assertThat(light).isLessThan(1.2);
        assertThat(heavy).isGreaterThan(5);
    }

    @Test
    void a_cpu_hog_shows_in_cpu_and_halves_capacity_at_100_percent() {
        CapacityModel model = new CapacityModel(40, clock);
        model.setHogPercent(100);

        assertThat(model.cpuPercent()).isEqualTo(100);
        rejectedInOneSecond(model, 30);
        assertThat(rejectedInOneSecond(model, 30)).isGreaterThan(5);

        model.setHogPercent(0);
        rejectedInOneSecond(model, 30);
        assertThat(rejectedInOneSecond(model, 30)).isZero();
    }

    @Test
    void load_is_forgotten_once_a_drill_second_has_passed() {
        CapacityModel model = new CapacityModel(40, clock);
        rejectedInOneSecond(model, 40);

        drillMillis.addAndGet(5_000);

        assertThat(model.arrivalsLastSecond()).isZero();
        assertThat(model.cpuPercent()).isZero();
    }
}
