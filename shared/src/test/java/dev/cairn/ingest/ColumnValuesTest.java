package dev.cairn.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnValuesTest {

    private static final String[] NAMES = {"contact_id", "", "email", "favourite", "is_champion"};

    private static ColumnValues values() {
        ColumnValues values = new ColumnValues(NAMES);
        values.set(4, true);
        values.set(0, "c-1");
        values.set(2, "a@b.co");
        return values;
    }

    @Test
    void itIsTheMapOfTheColumnsWithAValueInColumnOrder() {
        ColumnValues values = values();
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("contact_id", "c-1");
        expected.put("email", "a@b.co");
        expected.put("is_champion", true);

        assertEquals(expected, values);
        assertEquals(values, expected);
        assertEquals(expected.hashCode(), values.hashCode());
        assertEquals(3, values.size());
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(values.keySet()), "column order");
        assertEquals(new LinkedHashMap<>(values), expected, "copied as the store copies it");
    }

    @Test
    void aColumnWithoutAValueIsAbsent() {
        ColumnValues values = values();

        assertEquals("c-1", values.get("contact_id"));
        assertTrue(values.containsKey("is_champion"));
        assertNull(values.get("favourite"));
        assertFalse(values.containsKey("favourite"));
        assertFalse(values.containsKey(""), "an unnamed column has no value");
        assertNull(values.get("team"));
        assertTrue(new ColumnValues(NAMES).isEmpty());
    }

    @Test
    void settingAColumnAgainReplacesItsValue() {
        ColumnValues values = values();
        values.set(2, new BigDecimal("2"));

        assertEquals(3, values.size());
        assertEquals(new BigDecimal("2"), values.get("email"));
    }

    @Test
    void itIsReadOnlyToItsReaders() {
        ColumnValues values = values();

        assertThrows(UnsupportedOperationException.class, () -> values.put("team", "Ops"));
        assertThrows(UnsupportedOperationException.class, () -> values.entrySet().iterator().next().setValue("x"));
        assertEquals(List.of("c-1", "a@b.co", true), new ArrayList<>(values.values()));
    }
}
