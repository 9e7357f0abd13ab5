package shmkit.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.value.Layout;
import shmkit.value.Shape;
import shmkit.value.Stores;
import shmkit.value.ValueType;

/**
 * Typed reads and writes through small windows print and store exactly what they do over one
 * mapping of everything, values on the edges of windows included.
 */
class WindowedMemoryTest {
    private static final int SIZE = 64 << 10;

    @TempDir
    Path dir;

    private WritableSegment segment(byte[] bytes) throws IOException {
        Path file = dir.resolve("r");
        Files.write(file, bytes);
        return Segments.openWritable(SegmentName.parse(file.toString(), dir));
    }

    private static String printed(Shape shape, WritableSegment segment, long base, boolean windowed, boolean json) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        java.util.function.Function<Memory, Void> print = memory -> {
            if (json) {
                shape.printJson(memory, base, out);
            } else {
                shape.printText(memory, base, out);
            }
            return null;
        };
        if (windowed) {
            segment.withWindows(4096, print);
        } else {
            print.apply(segment.memory());
        }
        out.flush();
        return text.toString();
    }

    @Test
    void values_and_layouts_across_many_windows_print_as_over_one_mapping() throws IOException {
        byte[] bytes = new byte[SIZE];
        new Random(5).nextBytes(bytes);
        bytes[30_000] = 0; // ends the text field below
        try (WritableSegment segment = segment(bytes)) {
            List<Shape> shapes = List.of(new Shape.Values(ValueType.parse("u32"), SIZE / 4 - 1, true),
                    new Shape.Values(ValueType.parse("f64be"), 1000, true),
                    Layout.parse("pad:u8 a:i16[10000] s:char[20000] tail:u64"));
            for (Shape shape : shapes) {
                for (long base : new long[] {0, 3}) {
                    for (boolean json : new boolean[] {false, true}) {
                        assertEquals(printed(shape, segment, base, false, json), printed(shape, segment, base, true, json),
                                shape + " at " + base);
                    }
                }
            }
            String first = printed(new Shape.Values(ValueType.parse("u32"), 2, true), segment, 4092, true, false);
            ByteBuffer expected = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
            assertEquals(Integer.toUnsignedString(expected.getInt(4092)) + "\n"
                    + Integer.toUnsignedString(expected.getInt(4096)) + "\n", first);
        }
    }

    @Test
    void stores_across_many_windows_touch_exactly_their_bytes() throws IOException {
        byte[] bytes = new byte[SIZE];
        Arrays.fill(bytes, (byte) 0x5a);
        try (WritableSegment segment = segment(bytes)) {
            segment.withWindows(4096, windows -> {
                Stores.values(ValueType.parse("u16"), 10_000L, List.of("0x0102")).apply(windows, 1);
                Stores.fields(Layout.parse("s:char[30000]"), List.of("s=hi")).apply(windows, 30_000);
                return null;
            });
            byte[] expected = bytes.clone();
            ByteBuffer shorts = ByteBuffer.wrap(expected).order(ByteOrder.nativeOrder());
            for (int i = 0; i < 10_000; i++) {
                shorts.putShort(1 + 2 * i, (short) 0x0102);
            }
            Arrays.fill(expected, 30_000, 60_000, (byte) 0);
            expected[30_000] = 'h';
            expected[30_001] = 'i';
            assertArrayEquals(expected, segment.read(0, SIZE));
        }
    }
}
