package dev.cairn.delivery;

import dev.cairn.program.SendWindow;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/** When a send window, read in a contact's time zone, is open. */
public final class SendWindows {

    private SendWindows() {
    }

    /** Empty when the window is open at {@code now}; otherwise the instant it next opens. */
    public static Optional<Instant> nextOpening(SendWindow window, ZoneId zone, Instant now) {
        ZonedDateTime local = now.atZone(zone);
        if (isOpen(window, local)) {
            return Optional.empty();
        }
        ZonedDateTime candidate = local.toLocalDate().atTime(window.from()).atZone(zone);
        if (!candidate.isAfter(local)) {
            candidate = candidate.plusDays(1);
        }
        while (!window.days().contains(candidate.getDayOfWeek())) {
            candidate = candidate.plusDays(1);
        }
        // A day whose opening hour falls in a daylight-saving gap opens when the clocks allow.
        return Optional.of(candidate.toLocalDate().atTime(window.from()).atZone(zone).toInstant());
    }

    static boolean isOpen(SendWindow window, ZonedDateTime local) {
        return window.days().contains(local.getDayOfWeek()) && !local.toLocalTime().isBefore(window.from())
                && local.toLocalTime().isBefore(window.to());
    }
}
