package shmkit.value;

import shmkit.segment.Memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import shmkit.ShmException;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;

class LayoutTest {
    @TempDir
    Path dir;

    private static String offsets(Layout layout) {
        StringBuilder out = new StringBuilder();
        for (Layout.Field field : layout.fields()) {
            out.append(field.name()).append('@').append(field.offset()).append(' ');
        }
        return out.append("size ").append(layout.size()).append(" align ").append(layout.align()).toString();
    }

    @Test
    void two_ints_are_side_by_side() {
        assertEquals("bar@0 baz@4 size 8 align 4", offsets(Layout.parse("bar:i32 baz:i32")));
    }

    @Test
    void each_field_goes_to_a_multiple_of_its_size_and_the_size_rounds_up_to_the_largest() {
        assertEquals("a@0 b@8 c@16 size 24 align 8", offsets(Layout.parse("a:u8 b:f64 c:i16")));
        assertEquals("flag@0 temps@8 name@40 id@54 size 56 align 8",
                offsets(Layout.parse("flag:u8 temps:f64[4] name:char[13] id:u16be")));
        assertEquals("c@0 s@2 size 4 align 2", offsets(Layout.parse("c:char s:i16")));
    }

    @Test
    void packed_leaves_no_padding() {
        Layout packed = Layout.parse("packed flag:u8 count:u32 big:u64");
        assertEquals("flag@0 count@1 big@5 size 13 align 1", offsets(packed));
        assertTrue(packed.packed());
    }

    @Test
    void a_spec_file_has_one_field_a_line_and_comments() throws IOException {
        Path file = dir.resolve("foo.layout");
        Files.writeString(file, """
                # struct foo from foo.h
                packed
                bar:i32      # the answer
                baz:i32
                name:char[8]
                """);
        Layout layout = Layout.parse("@" + file);
        assertEquals("bar@0 baz@4 name@8 size 16 align 1", offsets(layout));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''| has no fields",
        "packed| has no fields",
        "bar| 'bar' is not a field; a field is NAME:TYPE",
        "bar:integer| field 'bar': 'integer' is not a type",
        "bar:i32 bar:i64| field 'bar' is declared twice",
        "9x:i32| a field name is a C name",
        "t:f64[0]| the number of elements must be 1",
        "t:f64[x]| a type is i8 u8",
        "bar:i32[99999999999]| the number of elements must be 1"})
    void refuses_specs_it_cannot_lay_out_and_says_what_is_wrong(String spec, String message) {
        ShmException e = assertThrows(ShmException.class, () -> Layout.parse(spec));
        assertEquals(ShmException.USAGE, e.status());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void a_missing_spec_file_is_named() {
        ShmException e = assertThrows(ShmException.class, () -> Layout.parse("@" + dir.resolve("nope")));
        assertEquals("cannot read layout file '" + dir.resolve("nope") + "': no such file", e.getMessage());
    }

    @Test
    void a_spec_file_with_an_error_names_the_line() throws IOException {
        Path file = dir.resolve("bad.layout");
        Files.writeString(file, "a:i32\nb:i33\n");
        ShmException e = assertThrows(ShmException.class, () -> Layout.parse("@" + file));
        assertTrue(e.getMessage().startsWith("layout file '" + file + "' line 2: field 'b'"), e.getMessage());
    }

    @Test
    void describes_itself_as_c_with_offsets_sizes_and_holes_like_pahole() {
        assertEquals("""
                struct {
                	uint8_t  flag;     /*     0     1 */
                	/* XXX 7 bytes hole */
                	double   temps[4]; /*     8    32 */
                	char     name[13]; /*    40    13 */
                	/* XXX 1 byte hole */
                	uint16_t id;       /*    54     2 big-endian */

                	/* size: 56, align: 8, members: 4, sum holes: 8 */
                };
                """, Layout.parse("flag:u8 temps:f64[4] name:char[13] id:u16be").describe());
        assertEquals("""
                struct {
                	int64_t big;   /*     0     8 */
                	int8_t  small; /*     8     1 */

                	/* size: 16, align: 8, members: 2, padding: 7 */
                };
                """, Layout.parse("big:i64 small:i8").describe());
    }

    @Test
    void describes_bit_fields_with_their_byte_bit_and_width_like_pahole() {
        assertEquals("""
                struct s {
                	int      a:3;      /*     0:0   3 bits */
                	unsigned b:1;      /*     0:3   1 bit */
                	/* XXX 60 bits hole */
                	double   d;        /*     8     8 */
                	char     tag[100]; /*    16   100 */
                	int      c:20;     /*   116:0  20 bits */

                	/* size: 120, align: 8, members: 5, padding: 1, sum holes: 60 bits */
                };
                """, Layout.parse("struct s { int a:3; unsigned b:1; double d; char tag[100]; int c:20; };").describe());
    }

    @Test
    void finds_the_fields_that_changed_between_two_snapshots() {
        Layout layout = Layout.parse("a:i32 b:i32 t:char[4]");
        byte[] before = new byte[12];
        byte[] after = before.clone();
        after[5] = 1;
        after[9] = 'x';
        List<String> changed = layout.changed(MemorySegment.ofArray(before), 0, MemorySegment.ofArray(after), 0)
                .stream().map(Layout.Field::name).toList();
        assertEquals(List.of("b", "t"), changed);
        assertNull(layout.field("c"));
    }

    @Test
    void prints_fields_as_name_value_lines_and_as_json() {
        Layout layout = Layout.parse("bar:i32 temps:f32[2] name:char[8] big:u64");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(layout.size() + 8, 8);
            Stores.fields(layout, List.of("bar=-7", "temps=1.5,-2", "name=a\"b\\c\n", "big=18446744073709551615"))
                    .apply(Memory.of(memory), 8);
            java.io.StringWriter text = new java.io.StringWriter();
            layout.printText(Memory.of(memory), 8, new java.io.PrintWriter(text, true));
            assertEquals("bar=-7\ntemps=1.5,-2.0\nname=a\"b\\\\c\\n\nbig=18446744073709551615\n", text.toString());
            java.io.StringWriter json = new java.io.StringWriter();
            java.io.PrintWriter jsonOut = new java.io.PrintWriter(json);
            layout.printJson(Memory.of(memory), 8, jsonOut);
            jsonOut.flush();
            assertEquals("{\"bar\":-7,\"temps\":[1.5,-2.0],\"name\":\"a\\\"b\\\\c\\n\",\"big\":18446744073709551615}\n", json.toString());
        }
    }

    private static final String SENSOR = """
            enum state { IDLE, RUNNING = 4 };
            struct sensor {
                struct { short x, y; } at[2];
                unsigned ready : 1, level : 3;
                int delta : 4;
                enum state state;
                _Bool ok;
                char *next;
                char names[2][4];
            };
            """;

    private static String text(Layout layout, Memory memory, boolean json) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.PrintWriter writer = new java.io.PrintWriter(out);
        if (json) {
            layout.printJson(memory, 0, writer);
        } else {
            layout.printText(memory, 0, writer);
        }
        writer.flush();
        return out.toString();
    }

    @Test
    void a_c_struct_prints_by_field_path_and_nests_in_json() {
        Layout layout = Layout.parse(SENSOR);
        byte[] bytes = new byte[(int) layout.size()];
        Memory memory = Memory.ofArray(bytes);
        Stores.fields(layout, List.of("at[1].y=-3", "ready=1", "level=5", "delta=-8", "state=RUNNING", "ok=true",
                "next=0x7ffd5c3e9a10", "names[1]=abc")).apply(Memory.ofArray(bytes), 0);
        assertEquals("""
                at[0].x=0
                at[0].y=0
                at[1].x=0
                at[1].y=-3
                ready=1
                level=5
                delta=-8
                state=4
                ok=1
                next=0x7ffd5c3e9a10
                names[0]=
                names[1]=abc
                """, text(layout, memory, false));
        assertEquals("{\"at\":[{\"x\":0,\"y\":0},{\"x\":0,\"y\":-3}],\"ready\":1,\"level\":5,\"delta\":-8,"
                + "\"state\":4,\"ok\":1,\"next\":\"0x7ffd5c3e9a10\",\"names\":[\"\",\"abc\"]}\n", text(layout, memory, true));
    }

    @Test
    void a_bit_field_write_changes_its_bits_and_no_other() {
        Layout layout = Layout.parse("struct { unsigned char a:3, b:4, c:1; unsigned short d:9, e:7; }");
        byte[] bytes = {(byte) 0xff, 0, (byte) 0xff, (byte) 0xff};
        Stores.fields(layout, List.of("b=0")).apply(Memory.ofArray(bytes), 0);
        assertEquals((byte) 0b1000_0111, bytes[0], "a and c kept, b cleared");
        Stores.fields(layout, List.of("d=0x155")).apply(Memory.ofArray(bytes), 0);
        assertEquals((byte) 0x55, bytes[2]);
        assertEquals((byte) 0xff, bytes[3], "d's ninth bit was already 1; e kept");
        ShmException wide = assertThrows(ShmException.class, () -> Stores.fields(layout, List.of("b=16")));
        assertEquals("'b=16': b is a bit field of 4 bits (0..15)", wide.getMessage());
        ShmException bool = assertThrows(ShmException.class, () -> Stores.fields(Layout.parse(SENSOR), List.of("ok=2")));
        assertEquals("'ok=2': ok is a _Bool: 0 or 1 (or false, true)", bool.getMessage());
        ShmException state = assertThrows(ShmException.class, () -> Stores.fields(Layout.parse(SENSOR), List.of("state=GONE")));
        assertTrue(state.getMessage().endsWith("; or one of IDLE RUNNING"), state.getMessage());
    }

    @Test
    void c_type_names_are_shm_s_types_in_its_own_spelling_too() {
        assertEquals("a@0 b@8 c@16 size 24 align 8", offsets(Layout.parse("a:int b:size_t c:unsigned_short_is_not_one".split(" c:")[0] + " c:uint16_t")));
        assertEquals(ValueType.parse("u16"), ValueType.parse("unsigned short"));
        assertEquals(ValueType.parse("i64"), ValueType.parse("long long int"));
        assertEquals(ValueType.parse("u8"), ValueType.parse("_Bool"));
    }

    /**
     * The test that matters: the same structs compiled by gcc, their offsetof, sizeof and _Alignof
     * compared with ours, field by field.
     */
    @Test
    void lays_out_structs_exactly_as_gcc_does() throws IOException {
        List<String> specs = List.of(
                "bar:i32 baz:i32",
                "a:u8 b:f64 c:i16",
                "flag:u8 temps:f64[4] name:char[13] id:u16be x:i64",
                "c:char s:i16 c2:char i:i32 c3:char[3] l:u64 c4:i8",
                "f:f32 d:f64 h:u16 b:u8",
                "name:char[16] count:u32le ratio:f64be tail:char[1]",
                "one:i8",
                "packed flag:u8 count:u32 big:u64 tag:char[3] h:i16",
                "packed a:f64 b:u8 c:f32[3]");
        StringBuilder c = new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n#include <stdint.h>\n");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Layout layout = Layout.parse(specs.get(i));
            c.append("struct ").append(layout.packed() ? "__attribute__((packed)) " : "").append("s").append(i).append(" {");
            for (Layout.Field field : layout.fields()) {
                c.append(field.isText() ? "char" : field.type().cName()).append(' ').append(field.name())
                        .append(field.array() ? "[" + field.count() + "]" : "").append(';');
            }
            c.append("};\n");
            expected.add(offsets(layout));
        }
        c.append("int main(void) {\n");
        for (int i = 0; i < specs.size(); i++) {
            Layout layout = Layout.parse(specs.get(i));
            for (Layout.Field field : layout.fields()) {
                c.append("  printf(\"").append(field.name()).append("@%zu \", offsetof(struct s").append(i).append(", ")
                        .append(field.name()).append("));\n");
            }
            c.append("  printf(\"size %zu align %zu\\n\", sizeof(struct s").append(i).append("), _Alignof(struct s")
                    .append(i).append("));\n");
        }
        c.append("  return 0;\n}\n");
        Path source = dir.resolve("offsets.c");
        Files.writeString(source, c);
        CommandRun compile = Shm.exec(List.of("gcc", "-std=c11", "-Wall", "-o", dir.resolve("offsets").toString(),
                source.toString()), null, java.util.Map.of());
        assertEquals(0, compile.exit(), compile::toString);
        CommandRun run = Shm.exec(List.of(dir.resolve("offsets").toString()), null, java.util.Map.of());
        assertEquals(0, run.exit(), run::toString);
        assertEquals(expected, run.out().lines().toList(), "gcc's layout, spec by spec:\n" + String.join("\n", specs));
    }

    @Test
    void the_description_is_c_that_gcc_lays_out_the_same() throws IOException {
        Layout layout = Layout.parse("flag:u8 temps:f64[4] name:char[13] id:u16be x:i64");
        String source = "#include <stdint.h>\n#include <stddef.h>\n" + layout.describe().replace("struct {", "struct s {")
                + "_Static_assert(sizeof(struct s) == " + layout.size() + ", \"size\");\n"
                + "_Static_assert(offsetof(struct s, id) == " + layout.field("id").offset() + ", \"id\");\n";
        Path file = dir.resolve("describe.c");
        Files.writeString(file, source);
        CommandRun compile = Shm.exec(List.of("gcc", "-std=c11", "-fsyntax-only", file.toString()), null, java.util.Map.of());
        assertEquals(0, compile.exit(), compile + "\n" + source);
    }
}
