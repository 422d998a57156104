package dev.cairn.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.program.SendWindow;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class SendWindowsTest {

    private static final SendWindow WEEKDAYS_9_TO_5 = new SendWindow(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
            LocalTime.of(9, 0), LocalTime.of(17, 0));

    @Test
    void openInsideTheContactsHoursClosedOutside() {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        assertTrue(SendWindows.nextOpening(WEEKDAYS_9_TO_5, tokyo, Instant.parse("2026-11-20T01:00:00Z")).isEmpty(),
                "Friday 10:00 in Tokyo");
        assertEquals(Instant.parse("2026-11-23T00:00:00Z"),
                SendWindows.nextOpening(WEEKDAYS_9_TO_5, tokyo, Instant.parse("2026-11-20T09:00:00Z")).orElseThrow(),
                "Friday 18:00 in Tokyo waits for Monday 9:00 Tokyo");
        assertEquals(Instant.parse("2026-11-20T00:00:00Z"),
                SendWindows.nextOpening(WEEKDAYS_9_TO_5, tokyo, Instant.parse("2026-11-19T22:00:00Z")).orElseThrow(),
                "Friday 7:00 waits until 9:00 the same day");
        assertEquals(Instant.parse("2026-11-23T00:00:00Z"),
                SendWindows.nextOpening(WEEKDAYS_9_TO_5, tokyo, Instant.parse("2026-11-20T08:00:00Z")).orElseThrow(),
                "Friday 17:00 is closed: the window ends at its closing time");
    }

    @Test
    void theSameInstantIsInsideOneContactsWindowAndOutsideAnothers() {
        Instant now = Instant.parse("2026-11-20T15:00:00Z"); // Friday
        assertTrue(SendWindows.nextOpening(WEEKDAYS_9_TO_5, ZoneId.of("America/New_York"), now).isEmpty(), "10:00 in New York");
        assertEquals(Instant.parse("2026-11-23T00:00:00Z"),
                SendWindows.nextOpening(WEEKDAYS_9_TO_5, ZoneId.of("Asia/Tokyo"), now).orElseThrow(), "midnight in Tokyo");
    }
}
