package dev.cairn.trigger;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Optional;

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week) with *, lists, ranges and steps;
 * day of week 0 or 7 is Sunday. As in cron, when both day fields are restricted a day matching either runs.
 */
public final class Cron {

    private final String expression;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean dayOfMonthAny;
    private final boolean dayOfWeekAny;

    private Cron(String expression, String[] fields) {
        this.expression = expression;
        this.minutes = field(fields[0], 0, 59, "minute");
        this.hours = field(fields[1], 0, 23, "hour");
        this.daysOfMonth = field(fields[2], 1, 31, "day of month");
        this.months = field(fields[3], 1, 12, "month");
        BitSet dow = field(fields[4], 0, 7, "day of week");
        if (dow.get(7)) {
            dow.set(0);
        }
        this.daysOfWeek = dow;
        this.dayOfMonthAny = fields[2].equals("*");
        this.dayOfWeekAny = fields[4].equals("*");
    }

    /** Parses an expression; the exception's message says which field is wrong and why. */
    public static Cron parse(String expression) {
        String[] fields = expression.trim().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("cron '" + expression + "' must have 5 fields (minute hour day-of-month"
                    + " month day-of-week), such as \"0 9 1 */3 *\" for 9:00 on the first day of every third month");
        }
        return new Cron(expression, fields);
    }

    public boolean matches(ZonedDateTime time) {
        boolean dom = daysOfMonth.get(time.getDayOfMonth());
        boolean dow = daysOfWeek.get(time.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : time.getDayOfWeek().getValue());
        boolean day = dayOfMonthAny || dayOfWeekAny ? dom && dow : dom || dow;
        return minutes.get(time.getMinute()) && hours.get(time.getHour()) && months.get(time.getMonthValue()) && day;
    }

    /** The latest time in (after, until] when this expression fires in the zone, if any. */
    public Optional<Instant> lastFiringBetween(Instant after, Instant until, ZoneId zone) {
        ZonedDateTime time = until.atZone(zone).truncatedTo(ChronoUnit.MINUTES);
        ZonedDateTime floor = after.atZone(zone);
        for (; time.isAfter(floor); time = time.minusMinutes(1)) {
            if (matches(time)) {
                return Optional.of(time.toInstant());
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return expression;
    }

    private static BitSet field(String text, int min, int max, String name) {
        BitSet values = new BitSet(max + 1);
        for (String part : text.split(",")) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), 1, max, name + " step");
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                from = number(range.substring(0, range.indexOf('-')), min, max, name);
                to = number(range.substring(range.indexOf('-') + 1), min, max, name);
                if (from > to) {
                    throw new IllegalArgumentException(name + " range '" + range + "' runs backwards");
                }
            } else {
                from = number(range, min, max, name);
                to = slash >= 0 ? max : from;
            }
            for (int v = from; v <= to; v += step) {
                values.set(v);
            }
        }
        return values;
    }

    private static int number(String text, int min, int max, String name) {
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " '" + text + "' is outside " + min + "-" + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + text + "' is not a number, *, a list, a range or a step");
        }
    }
}
