package dev.kunren.engine.debrief;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kunren.engine.postmortem.Postmortem;
import dev.kunren.engine.postmortem.PostmortemDraft;
import dev.kunren.engine.report.DrillReport;
import dev.kunren.engine.report.Progress;
import dev.kunren.engine.report.ReportBuilder;
import dev.kunren.engine.report.Words;
import dev.kunren.engine.timeline.EventRecord;
import dev.kunren.engine.timeline.TimelineEvent;
import dev.kunren.engine.timeline.TimelineEvent.ActionItemAdded;
import dev.kunren.engine.timeline.TimelineEvent.AlertAcknowledged;
import dev.kunren.engine.timeline.TimelineEvent.AlertChanged;
import dev.kunren.engine.timeline.TimelineEvent.AlertState;
import dev.kunren.engine.timeline.TimelineEvent.ConsoleOperation;
import dev.kunren.engine.timeline.TimelineEvent.DatabaseFailedOver;
import dev.kunren.engine.timeline.TimelineEvent.DrillEnded;
import dev.kunren.engine.timeline.TimelineEvent.DrillPaused;
import dev.kunren.engine.timeline.TimelineEvent.DrillResumed;
import dev.kunren.engine.timeline.TimelineEvent.DrillStarted;
import dev.kunren.engine.timeline.TimelineEvent.EndReason;
import dev.kunren.engine.timeline.TimelineEvent.ExpectationJudged;
import dev.kunren.engine.timeline.TimelineEvent.FaultInjected;
import dev.kunren.engine.timeline.TimelineEvent.FaultReverted;
import dev.kunren.engine.timeline.TimelineEvent.IncidentDeclared;
import dev.kunren.engine.timeline.TimelineEvent.IncidentStatusChanged;
import dev.kunren.engine.timeline.TimelineEvent.InternalUpdatePosted;
import dev.kunren.engine.timeline.TimelineEvent.MessageAnswered;
import dev.kunren.engine.timeline.TimelineEvent.MessageDelivered;
import dev.kunren.engine.timeline.TimelineEvent.MilestoneCorrected;
import dev.kunren.engine.timeline.TimelineEvent.PublicUpdatePosted;
import dev.kunren.engine.timeline.TimelineEvent.RevertReason;
import dev.kunren.engine.timeline.TimelineEvent.RoleAssigned;
import dev.kunren.engine.timeline.TimelineEvent.WindowClosed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A debrief written in Japanese, from a timeline with every kind of event a report describes:
 * nothing of Kunren's own English is left (a missing text would fail the rendering), and what
 * people wrote stays as they wrote it.
 */
class JapaneseDebriefTest {

    private static final Instant START = Instant.parse("2026-11-24T09:00:00Z");
    /** Words of Kunren's English report that must not appear in a Japanese one. */
    private static final Pattern ENGLISH = Pattern.compile(
            "Time to|Drill |Stages|Expectations|Timeline|Score|What went|Action items|measured from|fault |alert |declared|"
                    + "answered|acknowledged|not reached|to fill in|revealed|Phone call|Status page|faster|slower|objective");

    private final List<EventRecord> timeline = new ArrayList<>();
    private double total;

    private void at(int seconds, TimelineEvent event) {
        timeline.add(new EventRecord("d1", timeline.size() + 1, "red", Duration.ofSeconds(seconds), START.plusSeconds(seconds), event));
    }

    private void windows(int from, int to, boolean within) {
        for (int end = from + 10; end <= to; end += 10) {
            total += within ? 100 : -100;
            at(end, new WindowClosed(end / 10 - 1, Duration.ofSeconds(end - 10), Duration.ofSeconds(end), 100, within ? 0 : 20,
                    within ? 100 : 80, 5, 20, within ? 100 : -100, total, within, 0));
        }
    }

    private List<EventRecord> drill(String id) {
        timeline.clear();
        total = 0;
        timeline.add(new EventRecord(id, 1, "", Duration.ZERO, START, new DrillStarted("payment-outage", "Payment provider down", 10, 42,
                Duration.ofSeconds(600), 0.99, Duration.ofMillis(300), Duration.ofSeconds(10), List.of("web-1"), List.of("red"),
                Map.of("en", "Payment provider down", "ja", "決済プロバイダ障害"))));
        windows(0, 60, true);
        at(60, new FaultInjected("provider-503", "payment-errors", "", Map.of("rate", "1.0"), Duration.ofMinutes(5), List.of()));
        at(62, new MessageDelivered("call", "田中（お客さま）", "phone", "customer-liaison",
                Map.of("en", "Did you charge me three times?", "ja", "3回請求されていませんか？")));
        windows(60, 150, false);
        at(80, new AlertChanged("error-rate-high", "critical", AlertState.FIRING, "payment errors are high", 12.5, "",
                Map.of("en", "payment errors are high", "ja", "決済エラー率が高い")));
        at(85, new AlertAcknowledged("error-rate-high", "Aiko"));
        at(90, new IncidentDeclared("INC-1", "決済に失敗する", "SEV2", List.of("checkout"), "Aiko", "error-rate-high"));
        at(91, new RoleAssigned("INC-1", "incident-commander", "Aiko", "Aiko"));
        at(95, new InternalUpdatePosted("INC-1", "決済が失敗", "プロバイダに確認中", "なし", "Aiko"));
        at(100, new PublicUpdatePosted("INC-1", "INVESTIGATING", "決済に失敗する事象を調査しています", Map.of("checkout", "partial-outage"), "Ben"));
        at(110, new MessageAnswered("call", "請求は発生していません", "Ben"));
        at(115, new ExpectationJudged("call/answer", "call", "answer", true, Duration.ofSeconds(62), Duration.ofSeconds(242),
                Duration.ofSeconds(110), 100, "answered after 48s (limit 3m 00s)", Duration.ofMinutes(3), ""));
        at(120, new ConsoleOperation("Aiko", "console", "SetRoute", "payment", Map.of(), true, "ok"));
        at(130, new DrillPaused());
        at(130, new DrillResumed());
        at(140, new MilestoneCorrected("INC-1", "DETECTED", Duration.ofSeconds(70), "Aiko", "電話で先に気づいた"));
        at(145, new ActionItemAdded("INC-1", "決済エラーのアラートを追加", "Aiko", "2026-12-01", "Aiko"));
        at(150, new DatabaseFailedOver("db-1", "db-2", 3, 1, Duration.ofMillis(400), false));
        at(150, new FaultReverted("provider-503", RevertReason.FIXED));
        windows(150, 300, true);
        at(200, new IncidentStatusChanged("INC-1", "INVESTIGATING", "RESOLVED", "Aiko"));
        at(300, new ExpectationJudged("provider-503/public-updates-every", "provider-503", "public-updates-every", false,
                Duration.ofSeconds(90), null, null, 0, "no incident was declared", Duration.ofMinutes(20), ""));
        at(300, new DrillEnded(EndReason.ENDED_EARLY, "the facilitator ended it"));
        return List.copyOf(timeline);
    }

    private Debrief debrief(Words words) {
        DrillReport earlier = ReportBuilder.build(drill("d0"), "red", words);
        List<EventRecord> records = drill("d1");
        DrillReport report = ReportBuilder.build(records, "red", words);
        Postmortem draft = PostmortemDraft.from(report, records);
        return new Debrief(List.of(report), Map.of("red", draft), Map.of("red", Progress.of(List.of(earlier, report))));
    }

    @Test
    void the_japanese_debrief_is_in_japanese_and_keeps_what_people_wrote() {
        Debrief debrief = debrief(Words.of("ja"));
        String markdown = DebriefMarkdown.render(debrief);
        String html = DebriefHtml.render(debrief);

        assertThat(markdown).contains("# 訓練レポート：決済プロバイダ障害", "## 各段階", "| 検知までの時間 | 10秒 | 障害 provider-503 の開始 |",
                "- 1分02秒 田中（お客さま） から customer-liaison へ電話：3回請求されていませんか？",
                "期待 call/answer を達成：48秒 で返答（期限 3分00秒）",
                "### うまくいったこと", "| （選択） | 決済エラーのアラートを追加 | Aiko | 2026-12-01 |",
                "## 訓練ごとの推移", "±0", "決済に失敗する事象を調査しています", "決済エラー率が高い")
                .as("the scenario's own texts in Japanese, as it gives them").doesNotContain("Payment provider down", "payment errors are high");
        assertThat(html).startsWith("<!doctype html>\n<html lang=\"ja\">").contains("<h1>振り返り：決済プロバイダ障害</h1>",
                "チーム red のサービスレベルと対応", "アラート発報", "途中で終了");
        assertThat(ENGLISH.matcher(withoutScenarioIds(markdown)).find()).as(firstEnglish(markdown)).isFalse();
        assertThat(ENGLISH.matcher(withoutScenarioIds(html)).find()).as(firstEnglish(html)).isFalse();
    }

    @Test
    void the_english_debrief_is_unchanged_by_the_other_language() {
        String markdown = DebriefMarkdown.render(debrief(Words.english()));
        assertThat(markdown).contains("# Drill report: Payment provider down", "payment errors are high", "| Time to detect | 10s | the start of fault provider-503 |",
                "Expectation call/answer met: answered after 48s (limit 3m 00s)", "### What went well", "Drill ended (ended early)");
    }

    /** The words a reader reads: not the markup and style, nor the ids the scenario chose (error-rate-high, provider-503). */
    private static String withoutScenarioIds(String text) {
        return text.replaceAll("(?s)<style>.*?</style>", "").replaceAll("<[^>]*>", " ")
                .replaceAll("error-rate-high|provider-503|payment-errors", "");
    }

    private static String firstEnglish(String text) {
        var matcher = ENGLISH.matcher(withoutScenarioIds(text));
        if (!matcher.find()) {
            return "no English";
        }
        String rest = withoutScenarioIds(text);
        return "English left: …" + rest.substring(Math.max(0, matcher.start() - 60), Math.min(rest.length(), matcher.end() + 60)) + "…";
    }
}
