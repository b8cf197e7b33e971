package dev.kunren.server.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kunren.server.http.Problem;
import org.junit.jupiter.api.Test;

/** A page's acknowledge link: taken by whoever holds the key that signed it, named drill readable for routing only. */
class PageLinksTest {

    private static final PageLinks.Claim CLAIM = new PageLinks.Claim("drill-1", "red", "page-3", 2, "alice");

    @Test
    void a_link_signed_with_a_shared_key_is_read_by_every_holder_of_it_and_by_no_one_else() {
        byte[] key = new byte[32];
        key[0] = 7;
        String token = new PageLinks(key).token(CLAIM);
        assertThat(new PageLinks(key.clone()).read(token)).isEqualTo(CLAIM);
        assertThatThrownBy(() -> new PageLinks().read(token)).isInstanceOf(Problem.class);
        assertThatThrownBy(() -> new PageLinks(new byte[8])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_drill_a_link_names_is_read_without_its_key_and_a_damaged_link_names_none() {
        String token = new PageLinks().token(CLAIM);
        assertThat(PageLinks.drillNamed(token)).hasValue("drill-1");
        assertThat(PageLinks.drillNamed("no-dot")).isEmpty();
        assertThat(PageLinks.drillNamed("%%%.sig")).isEmpty();
    }
}
