package dev.cairn.bench;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.cairn.ingest.CsvRows;
import dev.cairn.ingest.EntitySchema;
import dev.cairn.ingest.RecordValidator;
import dev.cairn.json.Json;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Child process of the ingest figure, on one core: reads a contacts CSV (held in memory) over and over, alternating
 * rounds of Cairn's parse + validate + map ({@link CsvRows} then {@link RecordValidator}, as the import job does per
 * row) with rounds of a bare Jackson CSV parse of the same text (each row read as a String[]). Prints the rows per
 * second of each timed round as JSON, after a warm-up of each.
 *
 * <p>Arguments: CSV file, warm-up seconds, rounds, seconds per round.
 */
public final class IngestThroughput {

    private static final CsvMapper BARE = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();

    private interface Pass {
        /** Reads the whole file once; returns the rows read. */
        int rows(String csv) throws IOException;
    }

    private IngestThroughput() {
    }

    public static void main(String[] args) throws Exception {
        String csv = Files.readString(Path.of(args[0]));
        double warmUpSeconds = Double.parseDouble(args[1]);
        int rounds = Integer.parseInt(args[2]);
        double roundSeconds = Double.parseDouble(args[3]);

        Pass cairn = IngestThroughput::parseValidateMap;
        Pass bare = IngestThroughput::bareParse;
        if (cairn.rows(csv) != bare.rows(csv)) {
            throw new IllegalStateException("Cairn and the bare parse read different row counts: "
                    + cairn.rows(csv) + " and " + bare.rows(csv));
        }
        rowsPerSecond(cairn, csv, warmUpSeconds);
        rowsPerSecond(bare, csv, warmUpSeconds);
        List<Double> cairnRounds = new ArrayList<>();
        List<Double> bareRounds = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            cairnRounds.add(rowsPerSecond(cairn, csv, roundSeconds));
            bareRounds.add(rowsPerSecond(bare, csv, roundSeconds));
        }
        System.out.println(Json.write(Map.of("cairn", cairnRounds, "bare", bareRounds)));
    }

    /** What the import job does with each row before writing: read and map the cells, then validate and normalise. */
    private static int parseValidateMap(String csv) {
        int accepted = 0;
        try (CsvRows rows = CsvRows.open(new StringReader(csv), EntitySchema.CONTACT)) {
            while (rows.hasNext()) {
                CsvRows.Row row = rows.next();
                if (RecordValidator.validate(rows.columns(), row.cells(), row.number())
                        instanceof RecordValidator.Accepted) {
                    accepted++;
                }
            }
        }
        return accepted;
    }

    /** The bare parse: every row as its cells, header included in the count and then subtracted. */
    private static int bareParse(String csv) throws IOException {
        int rows = 0;
        try (MappingIterator<String[]> lines = BARE.readerFor(String[].class).with(CsvSchema.emptySchema()).readValues(csv)) {
            while (lines.hasNextValue()) {
                if (lines.nextValue().length > 0) {
                    rows++;
                }
            }
        }
        return rows - 1;
    }

    private static double rowsPerSecond(Pass pass, String csv, double seconds) throws IOException {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long rows = 0;
        long now;
        do {
            rows += pass.rows(csv);
            now = System.nanoTime();
        } while (now < end);
        return rows / ((now - start) / 1e9);
    }
}
