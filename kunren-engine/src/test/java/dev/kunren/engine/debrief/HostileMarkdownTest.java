package dev.kunren.engine.debrief;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kunren.engine.postmortem.Postmortem;
import dev.kunren.engine.report.MarkdownText;
import dev.kunren.engine.report.Words;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What members type reaches a Markdown file that viewers render as HTML: no tag, script or
 * unsafe link may come through, while a postmortem's own formatting and ordinary links stay.
 */
class HostileMarkdownTest {

    private static final String HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) "
            + "[tab](java\tscript:alert(4)) [ent](jav&#x61;script:alert(5)) ![img](data:text/html;base64,PHNjcmlwdD4=) "
            + "<javascript:alert(6)> [ok](https://example.com/runbook) [here](#timeline)";
    /** A link's or image's target that Markdown would render: a bracket not escaped, then "(". */
    private static final String UNESCAPED_LINK = "(?<!\\\\)\\]\\(";
    /** Such a target with a scheme other than http(s) or mailto. */
    private static final String UNSAFE_LINK = UNESCAPED_LINK + "\\s*(?!https?:|mailto:)[A-Za-z][A-Za-z0-9+.-]*:";

    @Test
    void plain_text_comes_through_as_text() {
        String plain = MarkdownText.plain(HOSTILE + "\n| a | b |");
        assertThat(plain).doesNotContain("<script").doesNotContain("<img").doesNotContainPattern(UNESCAPED_LINK)
                .doesNotContain("\n").contains("&lt;script&gt;").contains("\\[click\\]").contains("\\| a \\|");
    }

    @Test
    void a_postmortem_keeps_its_formatting_and_safe_links_and_loses_the_rest() {
        Postmortem postmortem = new Postmortem("Checkout <b>down</b>", "**Bold** and a list:\n\n- one\n- two\n\n" + HOSTILE,
                "", "", "", "", "", "", "", "", "", List.of(new Postmortem.ActionItem("prevent", "<script>x</script> | pipe",
                        "[me](javascript:alert(7))", "2026-12-31")), "[ref]: javascript:alert(8)\n\nSee [ref].");
        String md = DebriefMarkdown.postmortem(postmortem, Words.english());

        assertThat(md).doesNotContain("<script").doesNotContain("<img").doesNotContain("<b>").doesNotContain("<javascript")
                .doesNotContainPattern(UNSAFE_LINK).doesNotContain("&#x61;").doesNotContainIgnoringCase("]: javascript");
        assertThat(md).contains("**Bold** and a list:\n\n- one\n- two").contains("[ok](https://example.com/runbook)")
                .contains("[here](#timeline)").contains("[click](#unsafe-link-removed) ").contains("[ref]: #unsafe-link-removed")
                .contains("&lt;script&gt;x&lt;/script&gt; \\| pipe").contains("## Checkout &lt;b&gt;down&lt;/b&gt;");
    }
}
