package dev.cairn.ingest;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A CSV row's normalised values as a read-only map in column order: the file's column names (shared by every row)
 * beside one array of values, instead of a hash table built per row that is only read back by name a few times and
 * iterated once when the record is written.
 */
final class ColumnValues extends AbstractMap<String, Object> {

    private final String[] names;
    /** By column; null where the row provides no value. */
    private final Object[] values;
    private int size;

    ColumnValues(String[] names) {
        this.names = names;
        this.values = new Object[names.length];
    }

    void set(int column, Object value) {
        if (values[column] == null) {
            size++;
        }
        values[column] = value;
    }

    @Override
    public Object get(Object key) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null && names[i].equals(key)) {
                return values[i];
            }
        }
        return null;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next = following(0);

                    private int following(int from) {
                        int i = from;
                        while (i < values.length && values[i] == null) {
                            i++;
                        }
                        return i;
                    }

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, Object> entry = new SimpleImmutableEntry<>(names[next], values[next]);
                        next = following(next + 1);
                        return entry;
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
