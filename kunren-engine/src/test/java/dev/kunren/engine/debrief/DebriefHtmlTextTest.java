package dev.kunren.engine.debrief;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The HTML debrief shows a postmortem's Markdown emphasis as emphasis, never as asterisks, and never as markup of its own. */
class DebriefHtmlTextTest {

    @Test
    void emphasis_reads_as_emphasis_and_what_people_typed_stays_text() {
        assertThat(DebriefHtml.inline("01:00 Fault kill-web-1: kill-instance on web-1 *(hidden from the team during the drill)*"))
                .isEqualTo("01:00 Fault kill-web-1: kill-instance on web-1 <em>(hidden from the team during the drill)</em>");
        assertThat(DebriefHtml.inline("**Root cause**: a *bad* config")).isEqualTo("<strong>Root cause</strong>: a <em>bad</em> config");
        assertThat(DebriefHtml.inline("*<script>alert(1)</script>*")).isEqualTo("<em>&lt;script&gt;alert(1)&lt;/script&gt;</em>");
        assertThat(DebriefHtml.inline("2 * 3 = 6")).isEqualTo("2 * 3 = 6");
    }
}
