package dev.cairn.render.scenes;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Bar and line charts as inline SVG: no script, font or file from anywhere else. The SVG is an image named by its
 * scene's heading, with a description that reads the data out for screen readers; labels are escaped.
 */
public final class Charts {

    public record Point(String label, double value) {
    }

    private static final int WIDTH = 600;
    private static final int HEIGHT = 240;
    private static final int LEFT = 48;
    private static final int BOTTOM = 32;
    private static final int TOP = 16;
    private static final String INK = "#12355b";
    private static final int LEGEND_ROW = 16;
    /** The colours of a chart's lines, in order; each has at least 4.5:1 contrast on white. */
    private static final String[] SERIES_INK = {INK, "#b44d12"};

    private Charts() {
    }

    public static String bar(String id, String labelledBy, List<Point> points, DoubleFunction<String> format) {
        double max = max(points);
        double slot = (double) (WIDTH - LEFT) / points.size();
        StringBuilder svg = open(id, labelledBy, describe(points, format), format.apply(max), TOP);
        for (int i = 0; i < points.size(); i++) {
            double h = scale(points.get(i).value(), max);
            double x = LEFT + i * slot + slot * 0.15;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
                    x, HEIGHT - BOTTOM - h, slot * 0.7, h, INK));
            label(svg, x + slot * 0.35, points.get(i).label());
        }
        return svg.append("</svg>").toString();
    }

    public static String line(String id, String labelledBy, List<Point> points, DoubleFunction<String> format) {
        double max = max(points);
        double step = points.size() == 1 ? 0 : (double) (WIDTH - LEFT - 16) / (points.size() - 1);
        StringBuilder svg = open(id, labelledBy, describe(points, format), format.apply(max), TOP);
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < points.size(); i++) {
            double x = LEFT + i * step;
            double y = HEIGHT - BOTTOM - scale(points.get(i).value(), max);
            path.append(i == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>", x, y, INK));
            label(svg, x, points.get(i).label());
        }
        svg.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(INK)
                .append("\" stroke-width=\"3\"/>");
        return svg.append("</svg>").toString();
    }

    /** The chart's text alternative: every point, in order. */
    public static String describe(List<Point> points, DoubleFunction<String> format) {
        StringBuilder text = new StringBuilder();
        for (Point point : points) {
            text.append(text.length() == 0 ? "" : "; ").append(point.label()).append(": ").append(format.apply(point.value()));
        }
        return text.append('.').toString();
    }

    /** A line of a chart with several: its name in the legend, and a value or null (no point) per label. */
    public record Series(String name, List<Double> values, boolean dashed) {
    }

    /**
     * Several lines over the same labels on a fixed scale from 0 to {@code max} (a poll's range), with a legend; a
     * dashed line tells a series apart without colour. {@code description} is the text alternative.
     */
    public static String lines(String id, String labelledBy, List<String> labels, List<Series> series, double max,
                               String description, DoubleFunction<String> format) {
        double step = labels.size() == 1 ? 0 : (double) (WIDTH - LEFT - 16) / (labels.size() - 1);
        // The legend takes a row per series above the plot, so no line runs through it.
        int top = TOP + LEGEND_ROW * series.size();
        StringBuilder svg = open(id, labelledBy, description, format.apply(max), top);
        for (int i = 0; i < labels.size(); i++) {
            label(svg, LEFT + i * step, labels.get(i));
        }
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            String colour = SERIES_INK[s % SERIES_INK.length];
            String dash = line.dashed() ? "\" stroke-dasharray=\"8 5" : "";
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < labels.size(); i++) {
                Double value = line.values().get(i);
                if (value == null) {
                    continue;
                }
                double x = LEFT + i * step;
                double y = HEIGHT - BOTTOM - scale(value, max, top);
                path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>", x, y,
                        colour));
            }
            svg.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"3").append(dash).append("\"/>");
            int y = TOP + 4 + s * LEGEND_ROW;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\""
                    + " stroke-width=\"3%s\"/>", WIDTH - 170, y - 4, WIDTH - 140, y - 4, colour, dash));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#3e4c59\">",
                    WIDTH - 134, y)).append(escape(line.name())).append("</text>");
        }
        return svg.append("</svg>").toString();
    }

    /** {@code labelledBy} is the id of the heading that names the chart; the description reads out the data. */
    private static StringBuilder open(String id, String labelledBy, String description, String maxLabel, int top) {
        StringBuilder svg = new StringBuilder(2048);
        svg.append("<svg class=\"chart\" id=\"").append(id).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" role=\"img\" aria-labelledby=\"").append(labelledBy).append(' ').append(id)
                .append("-d\" xmlns=\"http://www.w3.org/2000/svg\">")
                .append("<desc id=\"").append(id).append("-d\">").append(escape(description)).append("</desc>");
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#9aa5b1\"/>",
                LEFT, HEIGHT - BOTTOM, WIDTH, HEIGHT - BOTTOM));
        svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(top + 4)
                .append("\" text-anchor=\"end\" font-size=\"12\" fill=\"#3e4c59\">").append(escape(maxLabel))
                .append("</text>");
        return svg;
    }

    private static void label(StringBuilder svg, double x, String text) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\""
                + " fill=\"#3e4c59\">", x, HEIGHT - BOTTOM + 18)).append(escape(text)).append("</text>");
    }

    private static double max(List<Point> points) {
        double max = points.stream().mapToDouble(Point::value).max().orElse(0);
        return max <= 0 ? 1 : max;
    }

    /** Height in the plot area; negative values are drawn as zero. */
    private static double scale(double value, double max) {
        return scale(value, max, TOP);
    }

    /** The same, below a plot top of {@code top}. */
    private static double scale(double value, double max, int top) {
        return Math.max(0, value) / max * (HEIGHT - BOTTOM - top);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
