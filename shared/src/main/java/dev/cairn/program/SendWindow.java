package dev.cairn.program;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Set;

/** The days and hours, in each contact's own time zone, when a program's emails may be sent. */
public record SendWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
}
