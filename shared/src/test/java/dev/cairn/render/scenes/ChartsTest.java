package dev.cairn.render.scenes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.DoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ChartsTest {

    private static final DoubleFunction<String> FORMAT = v -> String.valueOf((long) v);
    private static final List<Charts.Point> POINTS = List.of(new Charts.Point("Aug", 100), new Charts.Point("Sep", 50),
            new Charts.Point("<b>Oct</b>", 0));

    @Test
    void barChartDrawsOneBarPerPointScaledToTheLargest() {
        String svg = Charts.bar("c1", "h1", POINTS, FORMAT);

        Matcher heights = Pattern.compile("<rect [^>]*height=\"([0-9.]+)\"").matcher(svg);
        List<Double> h = heights.results().map(m -> Double.parseDouble(m.group(1))).toList();
        assertEquals(3, h.size());
        assertEquals(h.get(0) / 2, h.get(1), 0.1);
        assertEquals(0.0, h.get(2));
    }

    @Test
    void lineChartDrawsAPathThroughEveryPoint() {
        String svg = Charts.line("c1", "h1", POINTS, FORMAT);

        assertEquals(3, svg.split("<circle ", -1).length - 1);
        assertTrue(svg.matches("(?s).*<path d=\"M[0-9. ]+ L[0-9. ]+ L[0-9. ]+\".*"), svg);
    }

    @Test
    void everyChartIsAnImageWithATextAlternativeAndNothingExternal() {
        for (String svg : List.of(Charts.bar("c1", "h1", POINTS, FORMAT), Charts.line("c1", "h1", POINTS, FORMAT))) {
            assertTrue(svg.startsWith("<svg class=\"chart\" id=\"c1\""), svg);
            assertTrue(svg.contains("role=\"img\" aria-labelledby=\"h1 c1-d\""), svg);
            assertTrue(svg.contains("<desc id=\"c1-d\">Aug: 100; Sep: 50; &lt;b&gt;Oct&lt;/b&gt;: 0.</desc>"), svg);
            assertFalse(svg.contains("<b>"), "labels are escaped");
            assertFalse(svg.contains("href") || svg.contains("<script") || svg.contains("url("), svg);
        }
    }

    @Test
    void linesDrawEachSeriesThroughItsValuesOnAFixedScaleWithALegend() {
        String svg = Charts.lines("c1", "h1", List.of("Aug", "Sep", "Oct"), List.of(
                new Charts.Series("Everyone", List.of(10.0, 5.0, 0.0), false),
                new Charts.Series("<i>You</i>", java.util.Arrays.asList(10.0, null, 5.0), true)), 10, "The figures.", FORMAT);

        assertTrue(svg.contains("<desc id=\"c1-d\">The figures.</desc>"), svg);
        assertEquals(5, svg.split("<circle ", -1).length - 1, "no point where a series has no value");
        Matcher paths = Pattern.compile("<path d=\"([^\"]+)\"").matcher(svg);
        List<String> d = paths.results().map(m -> m.group(1)).toList();
        assertEquals(2, d.size());
        assertTrue(d.get(1).matches("M[0-9. ]+ L[0-9. ]+"), "the gap is bridged: " + d.get(1));
        // 10 of 10 sits at the plot's top, below the legend's two rows; 0 on the axis.
        assertTrue(d.get(0).startsWith("M48.0 48.0 ") && d.get(0).endsWith(" 208.0"), d.get(0));
        assertTrue(svg.contains(">&lt;i&gt;You&lt;/i&gt;</text>") && svg.contains(">Everyone</text>"), "escaped legend");
        assertEquals(2, svg.split("stroke-dasharray", -1).length - 1, "the dashed series and its legend line");
    }
}
