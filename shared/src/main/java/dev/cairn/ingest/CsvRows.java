package dev.cairn.ingest;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Reads a CSV export row by row, in bounded memory: UTF-8 with or without BOM, CRLF or LF, quoted fields with
 * commas, quotes and newlines. Headers match case-insensitively with spaces and hyphens read as underscores, plus
 * the documented aliases (docs/ingestion.md). Each row comes out as its non-blank cells by column, with its
 * spreadsheet row number (header = 1), ready for {@link RecordValidator#validate(CsvColumns, String[], int)}.
 */
public final class CsvRows implements Iterator<CsvRows.Row>, AutoCloseable {

    /**
     * One row: its cells by column, null where the cell is blank (an empty cell is missing, as an omitted JSON
     * field) or the column has no name; {@code tooManyCells} is the row's cell count when it has a non-blank cell
     * beyond the header's columns, else 0.
     */
    public record Row(int number, String[] cells, int tooManyCells) {

        /** A line without any value, as spreadsheets leave at the end. */
        public boolean isBlank() {
            for (String cell : cells) {
                if (cell != null) {
                    return false;
                }
            }
            return tooManyCells == 0;
        }
    }

    /** A file Cairn cannot read at all (no header, a required column missing, broken quoting); nothing is imported. */
    public static final class UnreadableFile extends RuntimeException {
        public UnreadableFile(String message) {
            super(message);
        }
    }

    /** Common export headers, already normalised, and the field each one means. */
    static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("e_mail", "email"), Map.entry("email_address", "email"), Map.entry("mail", "email"),
            Map.entry("firstname", "first_name"), Map.entry("given_name", "first_name"),
            Map.entry("lastname", "last_name"), Map.entry("surname", "last_name"), Map.entry("family_name", "last_name"),
            Map.entry("title", "role"), Map.entry("job_title", "role"), Map.entry("persona", "role"),
            Map.entry("champion", "is_champion"), Map.entry("executive", "is_executive"),
            Map.entry("time_zone", "timezone"), Map.entry("tz", "timezone"), Map.entry("language", "locale"),
            Map.entry("company_id", "account_id"), Map.entry("account", "account_id"),
            Map.entry("company_name", "name"), Map.entry("account_name", "name"),
            Map.entry("user_id", "contact_id"), Map.entry("contact", "contact_id"),
            Map.entry("renewal", "renewal_date"), Map.entry("contract_start_date", "contract_start"),
            Map.entry("licenses", "licenses_purchased"), Map.entry("seats", "licenses_purchased"),
            Map.entry("seats_used", "licenses_used"), Map.entry("health", "health_score"),
            Map.entry("csm", "csm_owner"), Map.entry("metric_name", "metric"), Map.entry("event_name", "event"),
            Map.entry("occurred_at", "timestamp"), Map.entry("time", "timestamp"));

    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();

    /** Read token by token: each cell goes straight into its column of the row, without a list per row in between. */
    private final CsvParser parser;
    private final CsvColumns columns;
    private int recordNumber = 1;
    private int lastNumber;
    /** Whether {@link #hasNext} has read the start of the next row. */
    private boolean rowStarted;

    private CsvRows(CsvParser parser, CsvColumns columns) {
        this.parser = parser;
        this.columns = columns;
    }

    /** Opens a CSV and checks its header against the schema: every required column must be there, once. */
    public static CsvRows open(Reader input, EntitySchema schema) {
        try {
            CsvParser parser = (CsvParser) CSV.createParser(skipByteOrderMark(input));
            parser.setSchema(CsvSchema.emptySchema());
            // WRAP_AS_ARRAY: the file is one array, each row an array of its cells.
            if (parser.nextToken() != JsonToken.START_ARRAY || parser.nextToken() != JsonToken.START_ARRAY) {
                throw new UnreadableFile("the file is empty; the first line must name the columns");
            }
            List<String> header = new ArrayList<>();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    throw new UnreadableFile("the file is not readable CSV: it ends inside its header");
                }
                header.add(parser.getText());
            }
            List<String> columns = new ArrayList<>();
            Map<String, String> seen = new HashMap<>();
            for (String raw : header) {
                String column = normalise(raw);
                if (!column.isEmpty() && seen.put(column, raw) != null) {
                    throw new UnreadableFile("column '" + column + "' appears twice in the header ('" + seen.get(column)
                            + "' and '" + raw + "')");
                }
                columns.add(column);
            }
            for (String required : schema.required()) {
                if (!seen.containsKey(required)) {
                    throw new UnreadableFile("required column '" + required + "' is missing; the header has "
                            + columns.stream().filter(c -> !c.isEmpty()).toList());
                }
            }
            return new CsvRows(parser, new CsvColumns(schema, columns));
        } catch (IOException e) {
            throw new UnreadableFile("the file is not readable CSV: " + firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            if (e instanceof UnreadableFile) {
                throw e;
            }
            throw new UnreadableFile("the file is not readable CSV: " + firstLine(String.valueOf(e.getMessage())));
        }
    }

    /** A header cell as a field name: lowercase, trimmed, spaces and hyphens as underscores, aliases resolved. */
    static String normalise(String header) {
        String name = header.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
        return ALIASES.getOrDefault(name, name);
    }

    @Override
    public boolean hasNext() {
        if (!rowStarted) {
            try {
                // START_ARRAY for a row; END_ARRAY (the end of the file's array) or null at the end.
                rowStarted = !parser.isClosed() && parser.nextToken() == JsonToken.START_ARRAY;
            } catch (IOException e) {
                throw new UnreadableFile("row " + (recordNumber + 1) + " is not readable CSV: " + firstLine(e.getMessage()));
            }
        }
        return rowStarted;
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        rowStarted = false;
        String[] cells = new String[columns.count()];
        int count = 0;
        boolean tooMany = false;
        try {
            while (true) {
                // nextTextValue: the cell's text in one call; null at the row's end (END_ARRAY) or the file's (null).
                String cell = parser.nextTextValue();
                if (cell == null) {
                    JsonToken token = parser.currentToken();
                    if (token == JsonToken.END_ARRAY) {
                        break;
                    }
                    if (token == null) {
                        throw new IOException("the file ends inside a row");
                    }
                    cell = parser.getText();
                }
                if (count < cells.length) {
                    if (columns.named(count) && !blank(cell)) {
                        cells[count] = cell;
                    }
                } else if (!blank(cell)) {
                    tooMany = true;
                }
                count++;
            }
        } catch (IOException e) {
            throw new UnreadableFile("row " + (recordNumber + 1) + " is not readable CSV: " + firstLine(e.getMessage()));
        }
        recordNumber++;
        lastNumber = recordNumber;
        return new Row(recordNumber, cells, tooMany ? count : 0);
    }

    /** The file's columns, resolved against the schema once. */
    public CsvColumns columns() {
        return columns;
    }

    public int lastRowNumber() {
        return lastNumber;
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link String#isBlank}, settled at the first character for the usual cell that starts with a visible ASCII one. */
    private static boolean blank(String cell) {
        if (cell.isEmpty()) {
            return true;
        }
        char first = cell.charAt(0);
        return (first <= ' ' || first >= 0x7F) && cell.isBlank();
    }

    private static Reader skipByteOrderMark(Reader input) throws IOException {
        PushbackReader reader = new PushbackReader(input, 1);
        int first = reader.read();
        if (first != -1 && first != '\uFEFF') {
            reader.unread(first);
        }
        return reader;
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
