package shmkit.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import shmkit.ShmException;
import shmkit.value.Layout;
import shmkit.value.Shape;
import shmkit.value.ValueType;

/** What --plot draws: --as's value or one number of a layout, and the refusals that say what to give. */
class PlottedTest {
    private static final Layout LAYOUT = Layout.parse("n:i32 speed:f64 temps:f32[3] name:char[8]");

    private static WatchedBytes bytes() {
        ByteBuffer b = ByteBuffer.allocate((int) LAYOUT.byteSize()).order(ByteOrder.nativeOrder());
        b.putInt(0, -5).putDouble(8, 2.5).putFloat(16, 1f).putFloat(20, 20.25f).putFloat(24, 3f);
        return WatchedBytes.of(b.array());
    }

    @Test
    void draws_a_field_an_element_or_the_value_of_as_and_prints_it_alone_in_a_pipe() {
        assertEquals(2.5, Plotted.of(LAYOUT, "speed").value(bytes()));
        Plotted element = Plotted.of(LAYOUT, "temps[1]");
        assertEquals(20.25, element.value(bytes()));
        assertEquals("temps[1]", element.label());
        assertEquals("20.25", element.line(false).format(bytes()));
        Plotted i32 = Plotted.of(new Shape.Values(ValueType.parse("i32"), 1, false), null);
        assertEquals(-5, i32.value(bytes()));
        assertEquals("-5", i32.line(true).format(bytes()));
        Plotted u64 = Plotted.of(new Shape.Values(ValueType.parse("u64"), 1, false), null);
        assertEquals(18446744073709551615.0, u64.value(WatchedBytes.of(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1})));
        Layout one = Layout.parse("name:char[4] level:u16");
        assertEquals("level", Plotted.of(one, null).label(), "a layout with one number needs no FIELD");
    }

    @Test
    void draws_a_bit_field_as_c_reads_it() {
        Layout bits = Layout.parse("struct s { unsigned int low : 3; int high : 5; };");
        Plotted high = Plotted.of(bits, "high");
        byte[] raw = new byte[(int) bits.byteSize()];
        raw[0] = (byte) (0b11111 << 3 | 0b101); // high = -1, low = 5
        assertEquals(-1, high.value(WatchedBytes.of(raw)));
        assertEquals("5", Plotted.of(bits, "low").line(false).format(WatchedBytes.of(raw)));
    }

    @Test
    void refuses_what_is_not_one_number_saying_what_to_give() {
        String[][] cases = {
                {"temps", "holds 3 values; draw one of them: --plot='temps[0]'"},
                {"temps[3]", "its elements are temps[0] to temps[2]"},
                {"speed[0]", "not an array"},
                {"name", "is text"},
                {"nope", "--plot 'nope': the layout has no field 'nope' (fields: " + LAYOUT.names() + ")"},
                {null, "--plot needs the FIELD to draw (--plot=FIELD); fields: " + LAYOUT.names()}};
        for (String[] c : cases) {
            ShmException e = assertThrows(ShmException.class, () -> Plotted.of(LAYOUT, c[0]));
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
        ShmException e = assertThrows(ShmException.class,
                () -> Plotted.of(new Shape.Values(ValueType.parse("f64"), 1, false), "x"));
        assertTrue(e.getMessage().contains("with --as, give --plot alone"), e.getMessage());
    }
}
