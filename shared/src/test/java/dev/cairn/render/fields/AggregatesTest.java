package dev.cairn.render.fields;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AggregatesTest {

    private static final List<Double> VALUES = List.of(40.0, 10.0, 30.0, 20.0);

    private static double of(String function, List<Double> values, double percentile) {
        return Aggregates.compute(function, values, percentile).orElseThrow();
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(25.0, of("median", VALUES, 0));
        assertEquals(20.0, of("median", List.of(30.0, 10.0, 20.0), 0));
    }

    @Test
    void meanMinMaxCountSum() {
        assertEquals(25.0, of("mean", VALUES, 0));
        assertEquals(10.0, of("min", VALUES, 0));
        assertEquals(40.0, of("max", VALUES, 0));
        assertEquals(4.0, of("count", VALUES, 0));
        assertEquals(100.0, of("sum", VALUES, 0));
    }

    @Test
    void percentileInterpolatesBetweenClosestRanks() {
        assertEquals(10.0, of("percentile", VALUES, 0));
        assertEquals(40.0, of("percentile", VALUES, 100));
        assertEquals(32.5, of("percentile", VALUES, 75), 1e-9); // rank 2.25 between 30 and 40
        assertEquals(of("median", VALUES, 0), of("percentile", VALUES, 50));
    }

    @Test
    void anEmptyScopeHasNoMedianButCountsZero() {
        assertTrue(Aggregates.compute("median", List.of(), 0).isEmpty());
        assertTrue(Aggregates.compute("mean", List.of(), 0).isEmpty());
        assertTrue(Aggregates.compute("max", List.of(), 0).isEmpty());
        assertEquals(0.0, of("count", List.of(), 0));
        assertEquals(0.0, of("sum", List.of(), 0));
    }

    @Test
    void unknownFunctionsAndPercentilesOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Aggregates.compute("mode", VALUES, 0));
        assertThrows(IllegalArgumentException.class, () -> Aggregates.compute("percentile", VALUES, 101));
    }
}
