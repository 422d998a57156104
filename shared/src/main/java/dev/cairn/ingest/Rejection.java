package dev.cairn.ingest;

/**
 * Why one input record was not accepted. {@code row} is the array index for JSON input and the spreadsheet
 * line number (header = 1) for CSV; {@code id} and {@code column} are null when unknown.
 */
public record Rejection(int row, String id, String column, String message) {
}
