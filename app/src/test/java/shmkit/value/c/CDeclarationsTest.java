package shmkit.value.c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import shmkit.ShmException;
import shmkit.value.Layout;

/** The C parser on the constructs real headers use, and on what it must refuse: one line, the line number. */
class CDeclarationsTest {
    private static Layout c(String text) {
        return Layout.parse(text);
    }

    /** name@offset (name@byte:bit/width for bit fields) ... size S align A */
    private static String offsets(Layout layout) {
        StringBuilder out = new StringBuilder();
        for (Layout.Field f : layout.fields()) {
            out.append(f.name()).append('@').append(f.offset());
            if (f.isBitField()) {
                out.append(':').append(f.bitOffset()).append('/').append(f.bits());
            }
            out.append(' ');
        }
        return out.append("size ").append(layout.size()).append(" align ").append(layout.align()).toString();
    }

    @Test
    void the_seed_struct_reads_as_its_c_declaration() {
        assertEquals("bar@0 baz@4 size 8 align 4", offsets(c("struct foo { int bar; int baz; }")));
        assertEquals("bar@0 baz@4 size 8 align 4", offsets(c("int bar; int baz;")), "members alone make a struct");
        assertEquals("foo", c("struct foo { int bar; int baz; };").name());
    }

    @Test
    void a_real_header_is_read_past_its_guards_includes_comments_functions_and_externs() {
        String header = """
                /* sensor.h: shared with the logger */
                #ifndef SENSOR_H
                #define SENSOR_H
                #include <stdint.h>
                #ifdef __cplusplus
                extern "C" {
                #endif
                #define NAME_LEN 16          // bytes, with the NUL
                #define SLOTS (2 * 2)
                enum state { IDLE, RUNNING = 4, STOPPED };
                typedef struct point { int16_t x, y; } point_t;
                struct sensor {
                    uint8_t flag;
                    double temps[SLOTS];
                    char name[NAME_LEN];
                    enum state state;
                    point_t where[2][3];
                    struct sensor *next;
                    void (*callback)(struct sensor *, int);
                    unsigned ready : 1, level : 3;
                    union { uint32_t raw; float value; };
                    char data[];
                };
                _Static_assert(sizeof(struct sensor) == 112, "the logger expects 112 bytes");
                int sensor_open(const char *name, struct sensor **out);
                static inline int sensor_ready(const struct sensor *s) { return s->ready; }
                extern struct sensor *sensors;
                #ifdef __cplusplus
                }
                #endif
                #endif
                """;
        CDeclarations declarations = CDeclarations.parse(header, "sensor.h");
        ShmException several = assertThrows(ShmException.class, () -> declarations.layout("@sensor.h", null));
        assertEquals("sensor.h defines 2 structs and unions: point = point_t, sensor; pick one with @FILE:NAME or --struct NAME",
                several.getMessage());
        Layout sensor = declarations.layout("@sensor.h", "sensor");
        assertEquals("flag@0 temps@8 name@40 state@56 where[0][0].x@60 where[0][0].y@62 where[0][1].x@64 where[0][1].y@66 "
                + "where[0][2].x@68 where[0][2].y@70 where[1][0].x@72 where[1][0].y@74 where[1][1].x@76 where[1][1].y@78 "
                + "where[1][2].x@80 where[1][2].y@82 next@88 callback@96 ready@104:0/1 level@104:1/3 raw@108 value@108 "
                + "size 112 align 8", offsets(sensor));
        assertEquals("x y", declarations.layout("x", "point_t").fields().stream().map(Layout.Field::name)
                .collect(Collectors.joining(" ")));
        assertEquals(4, sensor.field("state").type().size());
        assertEquals(java.util.List.of("IDLE", "RUNNING", "STOPPED"), java.util.List.copyOf(sensor.field("state").scalar().constants().keySet()));
    }

    @Test
    void attributes_alignas_and_pragma_pack_place_members_as_gcc_does() {
        assertEquals("c@0 x@1 size 5 align 1", offsets(c("struct __attribute__((packed)) { char c; int x; }")));
        assertEquals("c@0 x@2 size 6 align 2", offsets(c("struct __attribute__((packed)) { char c; int x __attribute__((aligned(2))); }")));
        assertEquals("c@0 x@16 size 32 align 16", offsets(c("struct { char c; _Alignas(16) int x; }")));
        assertEquals("c@0 size 8 align 8", offsets(c("struct s { char c; } __attribute__((aligned(8)));")));
        assertEquals("c@0 x@2 size 6 align 2", offsets(c("#pragma pack(push, 2)\nstruct q { char c; int x; };\n#pragma pack(pop)")));
        assertEquals("c@0 x@4 size 8 align 4", offsets(c("#pragma pack(push, 2)\n#pragma pack(pop)\nstruct q { char c; int x; };")));
        assertEquals("a@0:0/4 b@0:4/30 size 6 align 2", offsets(c("#pragma pack(2)\nstruct q { char a:4; int b:30; };")));
        assertEquals("a@0 b@4 size 5 align 1", offsets(c("#pragma pack(1)\nstruct q { char a; int :0; char b; };")));
    }

    @Test
    void bit_fields_start_a_new_unit_when_they_would_straddle_one() {
        assertEquals("a@0:0/5 b@1:0/5 size 2 align 1", offsets(c("struct { unsigned char a:5; unsigned char b:5; }")));
        assertEquals("a@0:0/5 b@0:5/5 size 2 align 1", offsets(c("struct __attribute__((packed)) { char a:5; char b:5; }")));
        assertEquals("a@0 b@1:0/4 size 4 align 4", offsets(c("struct { char a; int b:4; }")));
        assertEquals("a@0 b@4 size 5 align 1", offsets(c("struct { char a; int :0; char b; }")));
        assertEquals("a@0 size 2 align 1", offsets(c("struct { char a; int :4; }")), "an unnamed bit field does not align the struct");
    }

    @Test
    void enums_take_gcc_s_type() {
        assertEquals("e@0 size 2 align 2", offsets(c("enum __attribute__((packed)) e { A = 1, B = 300 }; struct { enum e e; }")));
        assertEquals("e@0 size 8 align 8", offsets(c("enum w { N = -1, H = 0x100000000 }; struct { enum w e; }")));
        assertTrue(c("enum w { N = -1 }; struct { enum w e; }").field("e").type().isSigned());
        assertFalse(c("enum u { A, B }; struct { enum u e; }").field("e").type().isSigned());
    }

    @Test
    void array_sizes_are_constant_expressions() {
        assertEquals(22, c("""
                #define N 3
                #define TWICE(x) ((x) * 2)
                enum { FOUR = 4 };
                struct s { char a[TWICE(N) + FOUR - sizeof(short) + offsetof(struct t, y) ]; };
                """.replace("offsetof(struct t, y) ", "(FOUR > N ? 14 : 0)")).size());
        assertEquals(8, Layout.parse("struct t { int x; int y; }; struct u { char pad[offsetof(struct t, y) * 2]; };", "u")
                .field("pad").count(), "offsetof");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "struct s {\\n  long double x;\\n};| line 2: member 'x' has type long double, which is not supported: long double is the x87 80-bit format",
        "struct s { __int128 x; };| line 1: member 'x' has type __int128, which is not supported",
        "struct s { double _Complex z; };| line 1: member 'z' has type double _Complex, which is not supported",
        "struct s { int x __attribute__((mode(DI))); };| line 1: __attribute__((mode)) is not supported",
        "struct s { int v __attribute__((vector_size(16))); };| line 1: __attribute__((vector_size)) is not supported",
        "\\n\\nstruct s { char a[LEN]; };| line 3: 'LEN' is not a constant this header defines",
        "#error not for this platform\\nstruct s { int a; };| line 1: the header says #error not for this platform",
        "struct s { int a; };\\n_Static_assert(sizeof(struct s) == 8, \"eight\");| line 2: the header's _Static_assert does not hold for this layout",
        "#pragma scalar_storage_order big-endian\\nstruct s { int a; };| line 1: #pragma scalar_storage_order changes how structs are laid out",
        "struct s { struct t x; };| line 1: member 'x': struct t is declared but not defined here",
        "struct s { int a; int a; };| line 1: member 'a' is declared twice",
        "struct s { int a : 33; };| line 1: bit field 'a' is 33 bits, wider than its type int",
        "struct s { float f : 3; };| line 1: bit field 'f' must have an integer type",
        "struct s { _Atomic struct t { int a; } x; };| line 1: _Atomic struct t is not supported",
        "struct s { char a[4] };| line 1: expected ';' after a member",
        "struct s { int a; /* open| line 1: a /* comment has no */",
        "struct s { typeof(int) a; };| line 1: typeof is not supported",
        "struct s { int a[1 / 0]; };| line 1: a division by zero in a constant expression",
        "#if 1\\nstruct s { int a; };| line 2: an #if has no #endif"})
    void refuses_what_it_cannot_honour_in_one_line_with_the_line_number(String header, String message) {
        ShmException e = assertThrows(ShmException.class, () -> Layout.parse(header.replace("\\n", "\n")));
        assertEquals(2, e.status());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void a_struct_is_picked_by_tag_or_typedef_name_and_a_missing_one_is_named() {
        String header = "struct a { int x; }; typedef struct { short y; } b_t;";
        assertEquals("x@0 size 4 align 4", offsets(Layout.parse(header, "a")));
        assertEquals("x@0 size 4 align 4", offsets(Layout.parse(header, "struct a")));
        assertEquals("y@0 size 2 align 2", offsets(Layout.parse(header, "b_t")));
        ShmException e = assertThrows(ShmException.class, () -> Layout.parse(header, "c"));
        assertEquals("layout '" + header + "' has no struct or union called 'c'; it has a, b_t", e.getMessage());
    }

    @Test
    void python_struct_formats_place_values_as_python_does() {
        assertEquals("f0@0 f1@4 f2@8 size 16 align 1", offsets(Layout.parse("<iiq")));
        assertEquals("f0@0 f1@8 f2@16 f3@18 size 23 align 8", offsets(Layout.parse("@BdH5s")));
        assertEquals("f0@0 f1@4 size 5 align 4", offsets(Layout.parse("@ic")), "no padding at the end, unlike C's 8");
        assertEquals("f0@0 f1@4 f2@8 size 12 align 1", offsets(Layout.parse("!3l")), "standard sizes: l is 4 bytes");
        assertEquals("f0@0 f1@1 f2@4 f3@8 f4@16 size 24 align 8", offsets(Layout.parse("2?xe nN")));
        ShmException e = assertThrows(ShmException.class, () -> Layout.parse("<iP"));
        assertTrue(e.getMessage().contains("'P' is only in native mode"), e.getMessage());
    }

    // ---- hostile input ---------------------------------------------------------------------------

    /** Pieces of C, shuffled and cut: every result parses or is refused with one line, never anything else. */
    @Property(tries = 400)
    void any_text_is_laid_out_or_refused_with_one_line(@ForAll("cish") String text) {
        try {
            Layout layout = Layout.parse(text);
            assertTrue(layout.size() >= 0);
        } catch (ShmException e) {
            assertEquals(2, e.status(), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Provide
    Arbitrary<String> cish() {
        return Arbitraries.of("struct", "union", "enum", "typedef", "s", "{", "}", ";", "int", "char", "x", "[", "]",
                        "3", ":", "(", ")", "*", "__attribute__((packed))", "__attribute__((aligned(8)))", "#define N 4\n",
                        "N", "#if N\n", "#endif\n", "#pragma pack(1)\n", "#pragma pack(pop)\n", "_Alignas(4)", "/*", "*/",
                        "//", "\n", ",", "=", "long", "unsigned", "-", "0x", "'a'", "\"s\"", "...", "\\\n", "sizeof",
                        "offsetof(struct s, x)", "#", "\u0001", "é", "9999999999999999999999", "<<", "?")
                .list().ofMaxSize(40).map(parts -> String.join(" ", parts));
    }
}
