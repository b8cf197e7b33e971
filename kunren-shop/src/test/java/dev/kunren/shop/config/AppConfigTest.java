package dev.kunren.shop.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A team may upload any file as the app's config: a broken one is refused with its reason, never with a crash. */
class AppConfigTest {

    @Test
    void the_default_config_parses() {
        assertThat(AppConfig.parse(AppConfig.DEFAULT_JSON)).isNotNull();
    }

    @org.junit.jupiter.api.Test
    void a_setting_the_application_does_not_have_is_refused_not_ignored() {
        assertThatThrownBy(() -> AppConfig.parse("{\"paymentTimeoutMS\": 3000}")).isInstanceOf(AppConfig.InvalidConfigException.class)
                .hasMessageContaining("no setting \"paymentTimeoutMS\"").hasMessageContaining("paymentTimeoutMs");
        assertThatThrownBy(() -> AppConfig.parse("{\"key\": \"app-config.json\", \"version\": 2, \"content\": \"{}\"}"))
                .hasMessageContaining("was the console's answer uploaded instead of its content?");
    }

    @Test
    void broken_json_says_where() {
        assertThatThrownBy(() -> AppConfig.parse("{\"paymentFallback\": }")).isInstanceOf(AppConfig.InvalidConfigException.class)
                .hasMessageContaining("not valid JSON").hasMessageContaining("at line 1, column");
    }

    @Test
    void json_nested_past_the_parsers_limit_is_refused_with_its_reason() {
        String deep = "[".repeat(2_000) + "]".repeat(2_000);
        assertThatThrownBy(() -> AppConfig.parse(deep)).isInstanceOf(AppConfig.InvalidConfigException.class)
                .hasMessageContaining("not valid JSON").hasMessageContaining("nesting depth");
    }
}
