package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;

/** read/write --as and --layout, add, cas and layout, through the same Cli main uses. */
class TypedCommandsTest {
    @TempDir
    Path dir;
    Shm shm;

    @BeforeEach
    void setUp() {
        shm = new Shm(dir);
        shm.ok("create", "s", "--size", "64");
    }


    private CommandRun refused(int exit, String message, String... args) throws IOException {
        byte[] before = Files.readAllBytes(dir.resolve("s"));
        CommandRun run = shm.run(args);
        assertEquals(exit, run.exit(), run::toString);
        assertTrue(run.errLines().get(0).startsWith("shm: "), run::toString);
        assertTrue(run.err().contains(message), run::toString);
        assertFalse(run.err().contains("\tat "), run::toString);
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("s")), "a refused command changes nothing");
        return run;
    }

    private String hex(int offset, int length) throws IOException {
        byte[] bytes = Files.readAllBytes(dir.resolve("s"));
        return HexFormat.of().formatHex(bytes, offset, offset + length);
    }

    @Test
    void writes_and_reads_a_value_in_native_order_by_default() throws IOException {
        shm.ok("write", "s", "--offset", "4", "--as", "i32", "-5");
        ByteBuffer expected = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(-5);
        assertEquals(HexFormat.of().formatHex(expected.array()), hex(4, 4));
        assertEquals("-5\n", shm.ok("read", "s", "--offset", "4", "--as", "i32").out());
        assertEquals("4294967291\n", shm.ok("read", "s", "--offset", "4", "--as", "u32").out());
    }

    @Test
    void big_and_little_endian_put_the_bytes_in_that_order() throws IOException {
        shm.ok("write", "s", "--as", "u32be", "0x01020304");
        shm.ok("write", "s", "--offset", "4", "--as", "u32le", "0x01020304");
        assertEquals("0102030404030201", hex(0, 8));
        assertEquals("16909060\n", shm.ok("read", "s", "--as", "u32be").out());
        assertEquals("67305985\n", shm.ok("read", "s", "--as", "u32le").out());
    }

    @Test
    void u64_holds_its_whole_range() {
        shm.ok("write", "s", "--offset", "8", "--as", "u64", "18446744073709551615");
        assertEquals("18446744073709551615\n", shm.ok("read", "s", "--offset", "8", "--as", "u64").out());
        assertEquals("-1\n", shm.ok("read", "s", "--offset", "8", "--as", "i64").out());
        assertEquals("18446744073709551615\n", shm.ok("read", "s", "--offset", "8", "--as", "u64", "--json").out());
    }

    @Test
    void several_values_write_consecutive_elements_and_count_reads_them_one_a_line() throws IOException {
        shm.ok("write", "s", "--as", "i16be", "1", "-2", "3");
        assertEquals("0001fffe0003", hex(0, 6));
        assertEquals("1\n-2\n3\n", shm.ok("read", "s", "--as", "i16be", "--count", "3").out());
        assertEquals("[1,-2,3]\n", shm.ok("read", "s", "--as", "i16be", "--count", "3", "--json").out());
        assertEquals("[1]\n", shm.ok("read", "s", "--as", "i16be", "--count", "1", "--json").out(), "--count makes an array");
        assertEquals("1\n", shm.ok("read", "s", "--as", "i16be", "--json").out());
    }

    @Test
    void count_with_one_value_repeats_it() throws IOException {
        shm.ok("write", "s", "--offset", "8", "--as", "f32", "--count", "4", "1.5");
        assertEquals("1.5\n1.5\n1.5\n1.5\n", shm.ok("read", "s", "--offset", "8", "--as", "f32", "--count", "4").out());
        assertEquals("00000000", hex(24, 4), "and not one more");
    }

    @Test
    void floats_print_in_their_shortest_form_and_json_names_what_it_cannot_hold() {
        shm.ok("write", "s", "--as", "f32", "0.1", "-Infinity", "nan", "1e10");
        assertEquals("0.1\n-inf\nnan\n1.0e10\n", shm.ok("read", "s", "--as", "f32", "--count", "4").out());
        assertEquals("[0.1,\"-inf\",\"nan\",1.0e10]\n", shm.ok("read", "s", "--as", "f32", "--count", "4", "--json").out());
    }

    @ParameterizedTest
    @CsvSource({"i8, 300, does not fit in i8 (-128..127)", "u8, -1, does not fit in u8 (0..255)",
        "f32, abc, 'abc' is not an f32", "i32, 1.5, no fractions", "u64, 18446744073709551616, does not fit in u64",
        "f32, 1e39, does not fit in f32"})
    void values_that_do_not_fit_are_refused_before_a_byte_moves(String type, String value, String message) throws IOException {
        refused(2, message, "write", "s", "--as", type, "7", value);
    }

    @Test
    void negative_numbers_are_values_not_options() {
        shm.ok("write", "s", "--as", "i64", "-5");
        assertEquals("-5\n", shm.ok("read", "s", "--as", "i64").out());
        assertEquals("-10\n", shm.ok("add", "s", "--as", "i64", "-5").out());
        assertEquals(0, shm.run("cas", "s", "--as", "i64", "-10", "-1").exit());
        assertEquals("-1\n", shm.ok("read", "s", "--as", "i64").out());
        assertEquals(0, shm.run("cas", "s", "--as", "i64", "--", "-1", "0").exit(), "-- works too");
        shm.ok("write", "s", "--as", "f64", "-1.5e-3", "-0x10", "-Infinity");
        assertEquals("-0.0015\n-16.0\n-inf\n", shm.ok("read", "s", "--as", "f64", "--count", "3").out());
    }

    @Test
    void minus_inf_is_taken_for_an_option_so_the_message_says_how_to_write_it() throws IOException {
        CommandRun run = refused(2, "unknown option '-inf': a value that starts with '-' goes after '--' (... -- -inf)", "write", "s", "--as", "f64", "-inf");
        assertTrue(run.err().contains("Try 'shm write --help'"), run::toString);
        shm.ok("write", "s", "--as", "f64", "--", "-inf");
        assertEquals("-inf\n", shm.ok("read", "s", "--as", "f64").out());
    }

    @Test
    void a_layout_writes_the_named_fields_and_no_other_byte() throws IOException {
        shm.ok("write", "s", "--fill", "0xee", "--length", "64");
        shm.ok("write", "s", "--offset", "8", "--layout", "bar:i32 baz:i32", "bar=31337");
        byte[] bytes = Files.readAllBytes(dir.resolve("s"));
        for (int i = 0; i < 64; i++) {
            if (i < 8 || i >= 12) {
                assertEquals((byte) 0xee, bytes[i], "byte " + i);
            }
        }
        shm.ok("write", "s", "--offset", "8", "--layout", "bar:i32 baz:i32", "baz=98");
        assertEquals("bar=31337\nbaz=98\n", shm.ok("read", "s", "--offset", "8", "--layout", "bar:i32 baz:i32").out());
        assertEquals("{\"bar\":31337,\"baz\":98}\n", shm.ok("read", "s", "--offset", "8", "--layout", "bar:i32 baz:i32", "--json").out());
    }

    @Test
    void layouts_take_arrays_elements_and_text() throws IOException {
        String layout = "flag:u8 temps:f64[3] name:char[8] id:u16be";
        shm.ok("write", "s", "--fill", "0x41", "--length", "64");
        shm.ok("write", "s", "--layout", layout, "flag=1", "temps=20.5,21,-3", "name=probe", "id=0x0102");
        shm.ok("write", "s", "--layout", layout, "temps[1]=22.25");
        assertEquals("flag=1\ntemps=20.5,22.25,-3.0\nname=probe\nid=258\n", shm.ok("read", "s", "--layout", layout).out());
        assertEquals("{\"flag\":1,\"temps\":[20.5,22.25,-3.0],\"name\":\"probe\",\"id\":258}\n",
                shm.ok("read", "s", "--layout", layout, "--json").out());
        assertEquals("41414141414141", hex(1, 7), "the hole after flag is left alone");
        assertEquals("70726f6265000000", hex(32, 8), "text is padded with NUL to the field's size");
        assertEquals("0102", hex(40, 2));
    }

    @Test
    void text_fields_escape_what_would_break_a_line() {
        shm.ok("write", "s", "--layout", "t:char[12]", "t=a\tb\\c\nd\u0001");
        assertEquals("t=a\\tb\\\\c\\nd\\x01\n", shm.ok("read", "s", "--layout", "t:char[12]").out());
        assertEquals("{\"t\":\"a\\tb\\\\c\\nd\\u0001\"}\n", shm.ok("read", "s", "--layout", "t:char[12]", "--json").out());
    }

    @Test
    void a_layout_write_with_any_bad_part_is_refused_whole() throws IOException {
        String layout = "bar:i32 baz:i32 t:f32[2] name:char[4]";
        refused(2, "'baz=x': 'x' is not an i32", "write", "s", "--layout", layout, "bar=1", "baz=x");
        refused(2, "the layout has no field 'qux' (fields: bar baz t name)", "write", "s", "--layout", layout, "bar=1", "qux=2");
        refused(2, "'bar' is not FIELD=VALUE", "write", "s", "--layout", layout, "bar");
        refused(2, "bar is set twice", "write", "s", "--layout", layout, "bar=1", "bar=2");
        refused(2, "t[0] is set twice", "write", "s", "--layout", layout, "t=1,2", "t[0]=2");
        refused(2, "give 2 values joined by commas", "write", "s", "--layout", layout, "t=1");
        refused(2, "index 2 is past the end of t (f32[2], indexes 0..1)", "write", "s", "--layout", layout, "t[2]=1");
        refused(2, "the text is 5 bytes; name is char[4], 4 bytes", "write", "s", "--layout", layout, "name=hello");
        refused(2, "bar is i32, not an array", "write", "s", "--layout", layout, "bar[0]=1");
        refused(2, "nothing to write", "write", "s", "--layout", layout);
        refused(2, "offset 60 + 20 bytes runs past the end of 's' (64 bytes)", "write", "s", "--offset", "60", "--layout", layout, "bar=1");
    }

    @Test
    void a_layout_can_come_from_a_file() throws IOException {
        Path spec = dir.resolve("foo.layout");
        Files.writeString(spec, "# struct foo\nbar:i32   # first\nbaz:i32\n");
        shm.ok("write", "s", "--layout", "@" + spec, "bar=31337", "baz=98");
        assertEquals("bar=31337\nbaz=98\n", shm.ok("read", "s", "--layout", "@" + spec).out());
        refused(2, "cannot read layout file '" + dir.resolve("nope") + "': no such file", "read", "s", "--layout", "@" + dir.resolve("nope"));
    }

    @Test
    void text_starting_with_at_is_written_as_text() {
        shm.ok("write", "s", "@home");
        assertEquals("@home\n", shm.ok("read", "s", "--text").out());
    }

    @Test
    void options_that_do_not_go_together_are_refused() throws IOException {
        refused(2, "give --as or --layout, not both", "read", "s", "--as", "i32", "--layout", "a:i32");
        refused(2, "--count needs --as", "read", "s", "--count", "2");
        refused(2, "--count needs --as", "write", "s", "--count", "2", "hello");
        refused(2, "--json needs --as TYPE or --layout SPEC", "read", "s", "--json");
        refused(2, "--count 0 is not a count", "read", "s", "--as", "i8", "--count", "0");
        refused(2, "they do not go with --text, --hex or --length", "read", "s", "--as", "i32", "--text");
        refused(2, "they do not go with --text, --hex or --length", "read", "s", "--as", "i32", "--length", "4");
        refused(2, "they do not go with --hex, --fill or --length", "write", "s", "--as", "i32", "--hex", "00");
        refused(2, "--count 3 but 2 values given", "write", "s", "--as", "i32", "--count", "3", "1", "2");
        refused(2, "nothing to write: give one or more i32 values", "write", "s", "--as", "i32");
        refused(2, "one TEXT only", "write", "s", "hello", "world");
        refused(2, "'i33' is not a type", "read", "s", "--as", "i33");
        refused(2, "offset 62 + 4 bytes runs past the end of 's' (64 bytes)", "read", "s", "--offset", "62", "--as", "i32");
        refused(2, "offset 60 + 8 bytes runs past the end", "read", "s", "--offset", "60", "--as", "u32", "--count", "2");
    }

    @Test
    void add_prints_the_new_value_and_wraps_around() {
        assertEquals("1\n", shm.ok("add", "s", "--offset", "8", "--as", "i64", "1").out());
        assertEquals("42\n", shm.ok("add", "s", "--offset", "8", "--as", "i64", "41").out());
        assertEquals("255\n", shm.ok("add", "s", "--as", "u8", "-1").out());
        assertEquals("0\n", shm.ok("add", "s", "--as", "u8", "1").out());
        assertEquals("2.5\n", shm.ok("add", "s", "--offset", "16", "--as", "f64be", "2.5").out());
        assertEquals("-1.0\n", shm.ok("add", "s", "--offset", "16", "--as", "f64be", "-3.5").out());
    }

    @Test
    void cas_swaps_only_what_it_expects_and_prints_what_it_found_when_not() {
        CommandRun swapped = shm.run("cas", "s", "--offset", "4", "--as", "i32", "0", "7");
        assertEquals(0, swapped.exit(), swapped::toString);
        assertEquals("", swapped.out());
        CommandRun lost = shm.run("cas", "s", "--offset", "4", "--as", "i32", "0", "9");
        assertEquals(1, lost.exit(), lost::toString);
        assertEquals("7\n", lost.out());
        assertEquals("", lost.err(), "a lost race is an answer, not an error");
        assertEquals("7\n", shm.ok("read", "s", "--offset", "4", "--as", "i32").out());
    }

    @Test
    void misaligned_atomics_are_refused_never_attempted() throws IOException {
        refused(2, "offset 6 is not aligned for an atomic i64: it must be a multiple of 8 (6 % 8 = 6); nothing was changed",
                "add", "s", "--offset", "6", "--as", "i64", "1");
        refused(2, "offset 3 is not aligned for an atomic u16", "cas", "s", "--offset", "3", "--as", "u16", "0", "1");
        refused(2, "'1.5' is not an i64", "add", "s", "--as", "i64", "1.5");
        refused(2, "missing required option: '--as=TYPE'", "add", "s", "1");
        refused(2, "offset 64 + 8 bytes runs past the end", "add", "s", "--offset", "64", "--as", "i64", "1");
    }

    @Test
    void a_misaligned_typed_write_is_still_made_just_not_atomically() {
        shm.ok("write", "s", "--offset", "3", "--as", "i64", "-2");
        assertEquals("-2\n", shm.ok("read", "s", "--offset", "3", "--as", "i64").out());
    }

    @Test
    void layout_prints_the_struct_as_c_a_python_format_and_a_ctypes_class() throws IOException {
        Path header = dir.resolve("shapes.h");
        Files.writeString(header, "struct point { short x, y; };\nstruct box { struct point a, b; unsigned flags : 3; };\n");
        CommandRun several = shm.run("layout", "@" + header);
        assertEquals(2, several.exit(), several::toString);
        assertTrue(several.err().contains("defines 2 structs and unions: point, box; pick one with @FILE:NAME or --struct NAME"),
                several::toString);
        assertEquals(shm.ok("layout", "@" + header + ":box").out(), shm.ok("layout", "@" + header, "--struct", "box").out());
        assertEquals("""
                #include <stdint.h>
                #include <stddef.h>

                struct box {
                    struct point {
                        short x;
                        short y;
                    } a;
                    struct point b;
                    unsigned flags:3;
                };
                """, shm.ok("layout", "@" + header, "--struct", "box", "--c").out());
        assertEquals("<hh\n", shm.ok("layout", "@" + header + ":point", "--python-struct").out());
        CommandRun bits = shm.run("layout", "@" + header + ":box", "--python-struct");
        assertEquals(2, bits.exit(), bits::toString);
        assertTrue(bits.err().contains("'flags' is a bit field, which Python's struct has no code for; --ctypes"), bits::toString);
        String ctypes = shm.ok("layout", "@" + header + ":box", "--ctypes").out();
        assertTrue(ctypes.contains("class point(ctypes.Structure):") && ctypes.contains("(\"flags\", ctypes.c_uint8, 3)"), ctypes);
        CommandRun both = shm.run("layout", "bar:i32", "--c", "--ctypes");
        assertEquals(2, both.exit(), both::toString);
        CommandRun stray = shm.run("read", "x", "--struct", "box");
        assertEquals(2, stray.exit(), stray::toString);
        assertTrue(stray.err().contains("--struct needs --layout"), stray::toString);
    }

    @Test
    void as_takes_c_type_names() {
        shm.ok("create", "c", "--size", "16");
        shm.ok("write", "c", "--as", "unsigned short", "65535", "7");
        assertEquals("65535\n7\n", shm.ok("read", "c", "--as", "uint16_t", "--count", "2").out());
        assertEquals("524287\n", shm.ok("read", "c", "--as", "int").out());
        assertEquals("524287\n", shm.ok("read", "c", "--as", "size_t").out());
    }

    @Test
    void layout_prints_offsets_sizes_holes_and_the_total_size() {
        assertEquals("""
                struct {
                	int32_t bar; /*     0     4 */
                	int32_t baz; /*     4     4 */

                	/* size: 8, align: 4, members: 2 */
                };
                """, shm.ok("layout", "bar:i32 baz:i32").out());
        assertEquals("{\"size\":5,\"align\":1,\"packed\":true,\"fields\":[{\"name\":\"a\",\"type\":\"u8\",\"offset\":0,\"size\":1,"
                + "\"count\":1},{\"name\":\"b\",\"type\":\"u32be\",\"offset\":1,\"size\":4,\"count\":1}]}\n",
                shm.ok("layout", "packed a:u8 b:u32be", "--json").out());
        CommandRun bad = shm.run("layout", "bar:integer");
        assertEquals(2, bad.exit(), bad::toString);
        assertTrue(bad.err().contains("field 'bar': 'integer' is not a type"), bad::toString);
    }

    @Test
    void every_new_command_has_help_with_examples() {
        for (String command : new String[] {"add", "cas", "layout", "read", "write"}) {
            CommandRun help = shm.ok(command, "--help");
            assertTrue(help.out().contains("Examples:"), help::toString);
        }
    }
}
