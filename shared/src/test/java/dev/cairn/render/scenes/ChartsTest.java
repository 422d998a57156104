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
}
