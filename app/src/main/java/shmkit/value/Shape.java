package shmkit.value;

import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;

/**
 * What --as/--count or --layout lays over a region's bytes, and how those bytes print: read and
 * watch share it. Printing reads straight from {@code memory} (aligned scalars with one atomic load
 * each), so callers that pass mapped memory must do it inside Region.guard.
 */
public sealed interface Shape permits Shape.Values, Layout {
    /** How many bytes the shape covers. */
    long byteSize();

    /** As text: one value a line (--as), or name=value a line (--layout). */
    void printText(MemorySegment memory, long base, PrintWriter out);

    /** As JSON and a newline: a number, an array (--count) or an object (--layout). */
    void printJson(MemorySegment memory, long base, PrintWriter out);

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
        public void printText(MemorySegment memory, long base, PrintWriter out) {
            for (long i = 0; i < count; i++) {
                out.print(type.format(type.load(memory, base + i * type.size())));
                out.print('\n');
            }
        }

        @Override
        public void printJson(MemorySegment memory, long base, PrintWriter out) {
            if (!array) {
                out.print(type.json(type.load(memory, base)));
                out.print('\n');
                return;
            }
            out.print('[');
            for (long i = 0; i < count; i++) {
                out.print(i == 0 ? "" : ",");
                out.print(type.json(type.load(memory, base + i * type.size())));
            }
            out.print("]\n");
        }
    }
}
