package dev.cairn.ingest;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * the documented aliases (docs/ingestion.md). Each row comes out as a JSON object of its non-empty cells with its
 * spreadsheet row number (header = 1), ready for {@link RecordValidator}.
 */
public final class CsvRows implements Iterator<CsvRows.Row>, AutoCloseable {

    public record Row(int number, ObjectNode values) {
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

    private final MappingIterator<List<String>> lines;
    private final List<String> columns;
    private int recordNumber = 1;
    private int lastNumber;

    private CsvRows(MappingIterator<List<String>> lines, List<String> columns) {
        this.lines = lines;
        this.columns = columns;
    }

    /** Opens a CSV and checks its header against the schema: every required column must be there, once. */
    public static CsvRows open(Reader input, EntitySchema schema) {
        try {
            Reader reader = skipByteOrderMark(input);
            MappingIterator<List<String>> lines = CSV.readerFor(new com.fasterxml.jackson.core.type.TypeReference<List<String>>() { })
                    .with(CsvSchema.emptySchema()).readValues(reader);
            if (!lines.hasNext()) {
                throw new UnreadableFile("the file is empty; the first line must name the columns");
            }
            List<String> header = lines.next();
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
            return new CsvRows(lines, columns);
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
        try {
            return lines.hasNextValue();
        } catch (IOException e) {
            throw new UnreadableFile("row " + (recordNumber + 1) + " is not readable CSV: " + firstLine(e.getMessage()));
        }
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        List<String> cells;
        try {
            cells = lines.nextValue();
        } catch (IOException e) {
            throw new UnreadableFile("row " + (recordNumber + 1) + " is not readable CSV: " + firstLine(e.getMessage()));
        }
        recordNumber++;
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < cells.size() && i < columns.size(); i++) {
            String cell = cells.get(i);
            if (!columns.get(i).isEmpty() && cell != null && !cell.isBlank()) {
                values.put(columns.get(i), cell);
            }
        }
        if (cells.size() > columns.size() && cells.subList(columns.size(), cells.size()).stream().anyMatch(c -> !c.isBlank())) {
            values.put(TOO_MANY_CELLS, cells.size());
        }
        lastNumber = recordNumber;
        return new Row(recordNumber, values);
    }

    /** Marks a row with more cells than the header has columns; the importer rejects it with that reason. */
    public static final String TOO_MANY_CELLS = "__cells";

    public int columnCount() {
        return columns.size();
    }

    public int lastRowNumber() {
        return lastNumber;
    }

    @Override
    public void close() {
        try {
            lines.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
