package dev.kunren.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kunren.server.http.Problem;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The sign-in throttle on its own clock: windows, kinds, the account, and memory that cannot be flushed. */
class LoginThrottleTest {

    private final AtomicLong now = new AtomicLong();
    private final LoginThrottle throttle = new LoginThrottle(now::get);

    private void fail(LoginThrottle.Kind kind, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.begin(kind, address);
        }
    }

    @Test
    void an_address_waits_out_its_minute_and_a_success_gives_its_count_back() {
        throttle.begin(LoginThrottle.Kind.PASSWORD, "10.0.0.1").succeeded();
        fail(LoginThrottle.Kind.PASSWORD, "10.0.0.1", 20);
        now.addAndGet(30_000_000_000L);
        assertThatThrownBy(() -> throttle.begin(LoginThrottle.Kind.PASSWORD, "10.0.0.1")).isInstanceOf(Problem.class)
                .satisfies(e -> assertThat(((Problem) e).retryAfterSeconds()).isEqualTo(30));
        throttle.begin(LoginThrottle.Kind.JOIN_CODE, "10.0.0.1").succeeded();  // another kind, its own count
        now.addAndGet(30_000_000_000L);
        throttle.begin(LoginThrottle.Kind.PASSWORD, "10.0.0.1").succeeded();
    }

    @Test
    void the_password_account_slows_many_addresses_but_not_a_clean_one() {
        for (int address = 0; address < 5; address++) {
            fail(LoginThrottle.Kind.PASSWORD, "10.0.1." + address, 20);
        }
        fail(LoginThrottle.Kind.PASSWORD, "10.0.2.1", 1);
        assertThatThrownBy(() -> throttle.begin(LoginThrottle.Kind.PASSWORD, "10.0.2.1"))
                .as("100 failures on the account: an address that failed waits").hasMessageContaining("failed password attempts");
        throttle.begin(LoginThrottle.Kind.PASSWORD, "10.0.3.1").succeeded();  // the facilitator at a clean address gets in
    }

    @Test
    void a_flood_of_new_addresses_is_refused_and_forgets_no_lockout() {
        fail(LoginThrottle.Kind.JOIN_CODE, "10.9.9.9", 20);
        for (int i = throttle.tracked(); i < LoginThrottle.MAX_TRACKED; i++) {
            throttle.begin(LoginThrottle.Kind.JOIN_CODE, "a" + i);
        }
        assertThatThrownBy(() -> throttle.begin(LoginThrottle.Kind.JOIN_CODE, "one-more")).hasMessageContaining("too many addresses");
        assertThatThrownBy(() -> throttle.begin(LoginThrottle.Kind.JOIN_CODE, "10.9.9.9")).hasMessageContaining("this address");
        now.addAndGet(61_000_000_000L);
        throttle.begin(LoginThrottle.Kind.JOIN_CODE, "one-more").succeeded();
        assertThat(throttle.tracked()).as("expired windows make room").isLessThan(LoginThrottle.MAX_TRACKED);
    }
}
