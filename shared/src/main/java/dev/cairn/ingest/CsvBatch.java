package dev.cairn.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Rows read from a CSV file, ready for {@link IngestService}: blank lines dropped, unreadable rows rejected. */
public final class CsvBatch {

    private final List<JsonNode> rows = new ArrayList<>();
    private final List<Integer> numbers = new ArrayList<>();
    private final List<Rejection> unreadable = new ArrayList<>();
    private int lastRow;

    /** Adds a row; returns false for a blank line, which is not counted. */
    public boolean add(CsvRows.Row row, int columnCount) {
        if (row.values().isEmpty()) {
            return false; // A blank line, as spreadsheets leave at the end.
        }
        lastRow = row.number();
        if (row.values().has(CsvRows.TOO_MANY_CELLS)) {
            unreadable.add(new Rejection(row.number(), null, null, "the row has " + row.values().get(CsvRows.TOO_MANY_CELLS)
                    + " cells but the header names " + columnCount + " columns; check for an unquoted comma"));
        } else {
            rows.add(row.values());
            numbers.add(row.number());
        }
        return true;
    }

    public int size() {
        return rows.size() + unreadable.size();
    }

    public int lastRow() {
        return lastRow;
    }

    public IngestReport ingest(IngestService ingest, EntitySchema schema, boolean inBatches) {
        IngestReport report = inBatches ? ingest.ingestInBatches(schema, rows, numbers) : ingest.ingest(schema, rows, numbers);
        return report.withEarlierRejections(unreadable);
    }
}
