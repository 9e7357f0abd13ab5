package shmkit.value;

import java.io.PrintWriter;
import shmkit.segment.Memory;

/**
 * What --as/--count or --layout lays over a region's bytes, and how those bytes print: read and
 * watch share it. Printing reads straight from memory (aligned scalars with one atomic load each),
 * through {@link Memory}, which a segment hands out guarded, whole or a window at a time.
 */
public sealed interface Shape permits Shape.Values, Layout {
    /** How many bytes the shape covers. */
    long byteSize();

    /** As text: one value a line (--as), or name=value a line (--layout). */
    void printText(Memory memory, long base, PrintWriter out);

    /** As JSON and a newline: a number, an array (--count) or an object (--layout). */
    void printJson(Memory memory, long base, PrintWriter out);

    /**
     * {@code count} consecutive values of one type (--as TYPE --count N).
     *
     * @param array whether --count was given: JSON then prints an array, even of one value
     */
    record Values(ValueType type, long count, boolean array) implements Shape {
        @Override
        public long byteSize() {
            return count * type.size();
        }

        @Override
        public void printText(Memory memory, long base, PrintWriter out) {
            Batch lines = new Batch(out);
            for (long i = 0; i < count; i++) {
                type.appendTo(lines.text(), load(memory, base + i * type.size()), false);
                lines.text().append('\n');
                lines.full();
            }
            lines.flush();
        }

        @Override
        public void printJson(Memory memory, long base, PrintWriter out) {
            if (!array) {
                out.print(type.json(load(memory, base)));
                out.print('\n');
                return;
            }
            Batch values = new Batch(out);
            values.text().append('[');
            for (long i = 0; i < count; i++) {
                if (i > 0) {
                    values.text().append(',');
                }
                type.appendTo(values.text(), load(memory, base + i * type.size()), true);
                values.full();
            }
            values.text().append("]\n");
            values.flush();
        }

        private long load(Memory memory, long at) {
            return type.load(memory, at);
        }
    }
}
