package dev.cairn.render.fields;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BenchmarkTest {

    @Test
    void withinTwentyPercentEitherSideIsOnPar() {
        assertEquals(Benchmark.Band.WITHIN, Benchmark.compare(120, 100).band());
        assertEquals(Benchmark.Band.WITHIN, Benchmark.compare(80, 100).band());
        assertEquals(Benchmark.Band.WITHIN, Benchmark.compare(100, 100).band());
    }

    @Test
    void beyondTwentyPercentIsAboveOrBelow() {
        assertEquals(Benchmark.Band.ABOVE, Benchmark.compare(121, 100).band());
        assertEquals(Benchmark.Band.BELOW, Benchmark.compare(79, 100).band());
        assertEquals(1.5, Benchmark.compare(150, 100).ratio());
    }

    @Test
    void aZeroReferenceIsOnParOnlyWithZero() {
        assertEquals(Benchmark.Band.WITHIN, Benchmark.compare(0, 0).band());
        assertEquals(Benchmark.Band.ABOVE, Benchmark.compare(3, 0).band());
        assertEquals(Double.POSITIVE_INFINITY, Benchmark.compare(3, 0).ratio());
    }
}
