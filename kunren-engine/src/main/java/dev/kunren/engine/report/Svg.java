package dev.kunren.engine.report;

import java.util.Locale;

/** A small SVG writer: the report's charts are plain SVG, readable in a browser and in an exported file. */
final class Svg {

    private final StringBuilder out = new StringBuilder();

    Svg(int width, int height, String title) {
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"kunren-chart\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\" font-family=\"system-ui, sans-serif\" font-size=\"11\"><title>").append(escape(title))
                .append("</title>");
    }

    Svg line(double x1, double y1, double x2, double y2, String stroke, String extra) {
        out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" %s/>",
                x1, y1, x2, y2, stroke, extra));
        return this;
    }

    Svg rect(double x, double y, double w, double h, String fill, String cssClass, String tooltip) {
        out.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">",
                cssClass, x, y, Math.max(w, 1), h, fill));
        out.append("<title>").append(escape(tooltip)).append("</title></rect>");
        return this;
    }

    Svg circle(double x, double y, double r, String fill, String cssClass, String tooltip) {
        out.append(String.format(Locale.ROOT, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\">",
                cssClass, x, y, r, fill));
        out.append("<title>").append(escape(tooltip)).append("</title></circle>");
        return this;
    }

    Svg polyline(java.util.List<double[]> points, String stroke, String cssClass) {
        if (points.isEmpty()) {
            return this;
        }
        out.append("<polyline class=\"").append(cssClass).append("\" fill=\"none\" stroke=\"").append(stroke)
                .append("\" stroke-width=\"2\" points=\"");
        for (double[] p : points) {
            out.append(String.format(Locale.ROOT, "%.1f,%.1f ", p[0], p[1]));
        }
        out.append("\"/>");
        return this;
    }

    Svg text(double x, double y, String text, String anchor, String fill) {
        out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"%s\">", x, y, anchor, fill))
                .append(escape(text)).append("</text>");
        return this;
    }

    @Override
    public String toString() {
        return out + "</svg>";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
