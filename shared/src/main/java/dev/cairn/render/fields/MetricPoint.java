package dev.cairn.render.fields;

import java.time.LocalDate;

/** One dated value of a metric (queries_30d on 2026-10-01 = 412). */
public record MetricPoint(LocalDate date, double value) {
}
