package dev.cairn.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRowsTest {

    /** A file as read: its columns and rows. */
    private record File(CsvColumns columns, List<CsvRows.Row> rows) {

        /** The cell of a row (0 = the first after the header) in the column of that normalised name. */
        String cell(int row, String column) {
            for (int i = 0; i < columns.count(); i++) {
                if (columns.name(i).equals(column)) {
                    return rows.get(row).cells()[i];
                }
            }
            throw new AssertionError("no column " + column);
        }
    }

    private static File read(String csv, EntitySchema schema) {
        List<CsvRows.Row> rows = new ArrayList<>();
        try (CsvRows reader = CsvRows.open(new StringReader(csv), schema)) {
            reader.forEachRemaining(rows::add);
            return new File(reader.columns(), rows);
        }
    }

    @Test
    void headersAreMatchedCaseInsensitivelyWithSpacesHyphensAndAliases() {
        assertEquals("first_name", CsvRows.normalise(" First Name "));
        assertEquals("email", CsvRows.normalise("E-mail"));
        assertEquals("email", CsvRows.normalise("Email Address"));
        assertEquals("account_id", CsvRows.normalise("Account-ID"));
        assertEquals("licenses_purchased", CsvRows.normalise("Seats"));
        assertEquals("favourite_colour", CsvRows.normalise("Favourite Colour"), "an unknown header is a custom attribute");
    }

    @Test
    void bomCrlfQuotedCommasQuotesAndNewlinesAreRead() {
        File file = read("\uFEFFaccount_id,name,notes\r\na1,\"Acme, Inc.\",\"line one\r\nline \"\"two\"\"\"\r\na2,Beta,\r\n",
                EntitySchema.ACCOUNT);
        List<CsvRows.Row> rows = file.rows();
        assertEquals(2, rows.size());
        assertEquals(2, rows.get(0).number());
        assertEquals("Acme, Inc.", file.cell(0, "name"));
        assertEquals("line one\r\nline \"two\"", file.cell(0, "notes"));
        assertEquals(3, rows.get(1).number(), "a quoted newline does not add a spreadsheet row");
        assertNull(file.cell(1, "notes"), "an empty cell is missing");
    }

    @Test
    void aCellOfWhitespaceIsMissingAndAnyOtherIsKeptAsGiven() {
        File file = read("account_id,name,notes,segment\na1,\" \t \",\"\u2003\",\"\u00A0\"\na2,\u00E9,~, x \n",
                EntitySchema.ACCOUNT);

        assertNull(file.cell(0, "name"), "spaces and a tab");
        assertNull(file.cell(0, "notes"), "an em space is whitespace");
        assertEquals("\u00A0", file.cell(0, "segment"), "a no-break space is not whitespace to String.isBlank");
        assertEquals("\u00E9", file.cell(1, "name"));
        assertEquals("~", file.cell(1, "notes"));
        assertEquals(" x ", file.cell(1, "segment"), "cells are stripped by the validator, not here");
    }

    @Test
    void aMissingRequiredColumnADuplicateColumnOrAnEmptyFileIsUnreadable() {
        CsvRows.UnreadableFile missing = assertThrows(CsvRows.UnreadableFile.class,
                () -> read("account_id,segment\na1,SMB\n", EntitySchema.ACCOUNT));
        assertTrue(missing.getMessage().startsWith("required column 'name' is missing"), missing.getMessage());
        CsvRows.UnreadableFile twice = assertThrows(CsvRows.UnreadableFile.class,
                () -> read("account_id,name,Name\na1,A,B\n", EntitySchema.ACCOUNT));
        assertTrue(twice.getMessage().contains("column 'name' appears twice"), twice.getMessage());
        assertThrows(CsvRows.UnreadableFile.class, () -> read("", EntitySchema.ACCOUNT));
    }

    @Test
    void extraCellsBeyondTheHeaderAreFlagged() {
        List<CsvRows.Row> rows = read("account_id,name\na1,Acme,Inc\na2,Beta,\n", EntitySchema.ACCOUNT).rows();
        assertEquals(3, rows.get(0).tooManyCells());
        assertEquals(0, rows.get(1).tooManyCells(), "a trailing empty cell is harmless");
    }
}
