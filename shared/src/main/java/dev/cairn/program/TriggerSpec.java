package dev.cairn.program;

import java.math.BigDecimal;
import java.util.Map;

/** A program's trigger and its parameters, validated against {@link Triggers}. */
public record TriggerSpec(String on, Map<String, Object> params) {

    public String text(String name) {
        return (String) params.get(name);
    }

    public int days(String name, int fallback) {
        Object value = params.get(name);
        return value == null ? fallback : (Integer) value;
    }

    public BigDecimal number(String name, BigDecimal fallback) {
        return Triggers.decimal(params, name, fallback);
    }
}
