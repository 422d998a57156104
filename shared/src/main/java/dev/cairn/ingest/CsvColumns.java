package dev.cairn.ingest;

import java.util.List;

/**
 * A CSV file's header resolved against its schema once per file: each column's field, its type (none for a custom
 * attribute) and whether its name is usable, and which columns hold the required and key fields. Rows are then
 * validated by column index ({@link RecordValidator#validate(CsvColumns, String[], int)}), with no lookup by name
 * per cell.
 */
public final class CsvColumns {

    private final EntitySchema schema;
    /** Normalised header names; empty for a column without a name, whose cells are ignored. */
    private final String[] names;
    /** Each column's field type; null for a custom attribute or an unnamed column. */
    private final FieldType[] types;
    private final boolean[] customNameValid;
    /** The required fields in {@code schema.required()}'s order, and the column of each (-1 when absent). */
    private final String[] requiredFields;
    private final int[] requiredColumns;
    /** The column of each of {@code schema.keyFields()}, -1 when absent. */
    private final int[] keyColumns;

    CsvColumns(EntitySchema schema, List<String> names) {
        this.schema = schema;
        this.names = names.toArray(String[]::new);
        this.types = new FieldType[this.names.length];
        this.customNameValid = new boolean[this.names.length];
        for (int i = 0; i < this.names.length; i++) {
            types[i] = schema.fields().get(this.names[i]);
            customNameValid[i] = types[i] == null && FieldType.isName(this.names[i]);
        }
        this.requiredFields = new String[schema.required().size()];
        this.requiredColumns = new int[requiredFields.length];
        int i = 0;
        for (String field : schema.required()) {
            requiredFields[i] = field;
            requiredColumns[i++] = names.indexOf(field);
        }
        this.keyColumns = schema.keyFields().stream().mapToInt(names::indexOf).toArray();
    }

    public EntitySchema schema() {
        return schema;
    }

    public int count() {
        return names.length;
    }

    public String name(int column) {
        return names[column];
    }

    /** The names by column, shared by every row's {@link ColumnValues}: not to be changed. */
    String[] names() {
        return names;
    }

    /** Whether a cell of this column is read at all: a column without a name in the header is ignored. */
    boolean named(int column) {
        return !names[column].isEmpty();
    }

    FieldType type(int column) {
        return types[column];
    }

    boolean customNameValid(int column) {
        return customNameValid[column];
    }

    String[] requiredFields() {
        return requiredFields;
    }

    int[] requiredColumns() {
        return requiredColumns;
    }

    int[] keyColumns() {
        return keyColumns;
    }
}
