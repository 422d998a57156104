package dev.cairn.program;

import java.time.ZoneId;

/** When a scheduled program runs: a five-field cron expression read in a time zone. */
public record ScheduleSpec(String cron, ZoneId zone) {
}
