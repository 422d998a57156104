package dev.cairn.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows read from a CSV file, validated as they are added and ready for {@link IngestService}: blank lines dropped,
 * unreadable rows rejected.
 */
public final class CsvBatch {

    private final CsvColumns columns;
    private final List<RecordValidator.Result> results = new ArrayList<>();
    private final List<Integer> numbers = new ArrayList<>();
    private final List<Rejection> unreadable = new ArrayList<>();
    private int lastRow;

    public CsvBatch(CsvColumns columns) {
        this.columns = columns;
    }

    /** Adds a row; returns false for a blank line, which is not counted. */
    public boolean add(CsvRows.Row row) {
        if (row.isBlank()) {
            return false; // A blank line, as spreadsheets leave at the end.
        }
        lastRow = row.number();
        if (row.tooManyCells() > 0) {
            unreadable.add(new Rejection(row.number(), null, null, "the row has " + row.tooManyCells()
                    + " cells but the header names " + columns.count() + " columns; check for an unquoted comma"));
        } else {
            results.add(RecordValidator.validate(columns, row.cells(), row.number()));
            numbers.add(row.number());
        }
        return true;
    }

    public int size() {
        return results.size() + unreadable.size();
    }

    public int lastRow() {
        return lastRow;
    }

    public IngestReport ingest(IngestService ingest, boolean inBatches) {
        return ingest.ingestValidated(columns.schema(), results, numbers, inBatches).withEarlierRejections(unreadable);
    }
}
