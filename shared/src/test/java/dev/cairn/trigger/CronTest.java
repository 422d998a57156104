package dev.cairn.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CronTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void quarterlyAtNineOnTheFirstInTheProgramsZone() {
        Cron quarterly = Cron.parse("0 9 1 */3 *");
        assertTrue(quarterly.matches(ZonedDateTime.parse("2027-01-01T09:00:00-05:00[America/New_York]")));
        assertTrue(quarterly.matches(ZonedDateTime.parse("2027-04-01T09:00:00-04:00[America/New_York]")));
        assertFalse(quarterly.matches(ZonedDateTime.parse("2027-02-01T09:00:00-05:00[America/New_York]")));
        assertFalse(quarterly.matches(ZonedDateTime.parse("2027-01-01T09:01:00-05:00[America/New_York]")));
    }

    @Test
    void theLatestFiringInAnIntervalIsFoundOnceEvenAfterALongGap() {
        Cron mondays = Cron.parse("30 8 * * 1");
        Optional<Instant> fired = mondays.lastFiringBetween(Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-22T12:00:00Z"), NEW_YORK);
        assertEquals(Instant.parse("2026-11-16T13:30:00Z"), fired.orElseThrow(), "Monday 16 November, 8:30 in New York");
        assertTrue(mondays.lastFiringBetween(Instant.parse("2026-11-17T00:00:00Z"), Instant.parse("2026-11-22T12:00:00Z"),
                NEW_YORK).isEmpty());
    }

    @Test
    void daysOfMonthAndWeekCombineAsCronDoes() {
        Cron either = Cron.parse("0 0 13 * 5");
        assertTrue(either.matches(ZonedDateTime.parse("2026-11-13T00:00:00Z[UTC]")), "the 13th");
        assertTrue(either.matches(ZonedDateTime.parse("2026-11-20T00:00:00Z[UTC]")), "a Friday");
        assertTrue(Cron.parse("0 0 * * 7").matches(ZonedDateTime.parse("2026-11-22T00:00:00Z[UTC]")), "7 is Sunday");
        assertTrue(Cron.parse("*/15 9-17 * * 1-5").matches(ZonedDateTime.parse("2026-11-20T17:45:00Z[UTC]")));
    }

    @Test
    void aBadExpressionSaysWhichFieldIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Cron.parse("0 9 1 *")).getMessage().contains("5 fields"));
        assertEquals("hour '24' is outside 0-23", assertThrows(IllegalArgumentException.class, () -> Cron.parse("0 24 * * *")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Cron.parse("0 9 x * *")).getMessage().startsWith("day of month 'x'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Cron.parse("0 9 * 5-2 *")).getMessage().contains("backwards"));
    }
}
