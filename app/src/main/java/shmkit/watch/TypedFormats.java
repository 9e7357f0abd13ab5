package shmkit.watch;

import java.lang.foreign.MemorySegment;
import java.util.List;
import shmkit.segment.Memory;
import shmkit.value.Layout;
import shmkit.value.Shape;
import shmkit.value.ValueFormat;

/**
 * watch's lines for typed values: --as prints the value (an array's values separated by spaces, or
 * JSON), --layout prints the fields that changed since the last line as {@code name=value} pairs (all
 * of them the first time), or a JSON object of them.
 */
public final class TypedFormats {
    private TypedFormats() {}

    public static LineFormat of(Shape shape, boolean json) {
        return shape instanceof Layout layout ? new ChangedFields(layout, json) : values((Shape.Values) shape, json);
    }

    private static LineFormat values(Shape.Values values, boolean json) {
        return watched -> {
            Memory bytes = Memory.ofArray(LineFormats.copyOf(watched));
            StringBuilder line = new StringBuilder();
            if (json && values.array()) {
                line.append('[');
            }
            for (long i = 0; i < values.count(); i++) {
                long value = values.type().load(bytes, i * values.type().size());
                if (i > 0) {
                    line.append(json ? "," : " ");
                }
                line.append(json ? values.type().json(value) : values.type().format(value));
            }
            if (json && values.array()) {
                line.append(']');
            }
            return line.toString();
        };
    }

    /** Remembers the bytes of the last line, to print only the fields that differ from them. */
    private static final class ChangedFields implements LineFormat {
        private final Layout layout;
        private final boolean json;
        private MemorySegment last;
        private String lastLine;

        ChangedFields(Layout layout, boolean json) {
            this.layout = layout;
            this.json = json;
        }

        @Override
        public String format(WatchedBytes watched) {
            byte[] copy = LineFormats.copyOf(watched);
            MemorySegment bytes = MemorySegment.ofArray(copy);
            Memory values = Memory.ofArray(copy);
            List<Layout.Field> fields = last == null ? layout.fields() : layout.changed(last, 0, bytes, 0);
            if (fields.isEmpty()) {
                return lastLine; // only padding changed: nothing a field shows, so no new line
            }
            StringBuilder line = new StringBuilder(json ? "{" : "");
            for (Layout.Field field : fields) {
                if (line.length() > 1 || !json && !line.isEmpty()) {
                    line.append(json ? "," : " ");
                }
                if (json) {
                    line.append(ValueFormat.jsonString(field.name())).append(':')
                            .append(ValueFormat.fieldJson(field, values, 0));
                } else {
                    line.append(field.name()).append('=').append(ValueFormat.fieldText(field, values, 0));
                }
            }
            if (json) {
                line.append('}');
            }
            last = bytes; // a copy of its own (copyOf): safe to keep
            lastLine = line.toString();
            return lastLine;
        }
    }
}
