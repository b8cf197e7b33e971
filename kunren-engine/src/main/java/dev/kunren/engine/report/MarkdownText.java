package dev.kunren.engine.report;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text written by people — members, scenario authors, the team's monitoring — made safe for a
 * Markdown file, which viewers render as HTML: no tag, no script, no {@code javascript:} link
 * may come through from what someone typed.
 */
public final class MarkdownText {

    private static final Set<String> SAFE_SCHEMES = Set.of("http", "https", "mailto");
    /** An inline link's or image's target (with any title, and parentheses one deep): {@code ](target "title"}. */
    private static final Pattern INLINE_TARGET = Pattern.compile("\\]\\(((?:[^()]|\\([^()]*\\))*)");
    /** A link reference definition's target: {@code [name]: target}. */
    private static final Pattern REFERENCE_TARGET = Pattern.compile("(?m)^( {0,3}\\[[^\\]]+\\]:\\s*<?)(\\S*)");
    private static final Pattern SCHEME = Pattern.compile("^([a-z][a-z0-9+.-]*):");
    private static final Pattern ENTITY = Pattern.compile("&(#?[A-Za-z0-9]+;)");
    static final String REMOVED_LINK = "#unsafe-link-removed";

    private MarkdownText() {
    }

    /** Text shown as itself, on one line: HTML and Markdown syntax escaped. */
    public static String plain(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\\', '`', '*', '_', '[', ']', '|', '#', '!' -> out.append('\\').append(c);
                case '\n', '\r' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A table cell: plain text, where a pipe would end the cell. */
    public static String cell(String text) {
        return plain(text);
    }

    /**
     * Text that may use Markdown (a postmortem's sections): its formatting stays, but raw HTML is
     * escaped, entities are shown as written (so none spells a scheme), and links and images
     * lead only to http, https, mailto or within the page.
     */
    public static String markdown(String text) {
        if (text == null) {
            return "";
        }
        String escaped = ENTITY.matcher(text).replaceAll("&amp;$1").replace("<", "&lt;");
        escaped = replaceTargets(INLINE_TARGET, escaped, 1);
        return replaceTargets(REFERENCE_TARGET, escaped, 2);
    }

    private static String replaceTargets(Pattern pattern, String text, int group) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String target = m.group(group);
            String whole = m.group();
            String safe = safeTarget(target) ? whole
                    : whole.substring(0, m.start(group) - m.start()) + REMOVED_LINK + whole.substring(m.end(group) - m.start());
            m.appendReplacement(out, Matcher.quoteReplacement(safe));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A target without a scheme (relative, #fragment) or with a safe one; browsers ignore tabs and newlines in schemes. */
    private static boolean safeTarget(String target) {
        String squeezed = target.replaceAll("[\\x00-\\x20\\x7f]", "").toLowerCase(Locale.ROOT);
        Matcher scheme = SCHEME.matcher(squeezed);
        return !scheme.find() || SAFE_SCHEMES.contains(scheme.group(1));
    }
}
