package shmkit.cli;

import static shmkit.testing.CommandRun.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CPeer;
import shmkit.testing.CommandRun;
import shmkit.testing.DevShm;
import shmkit.testing.Shm;
import shmkit.value.Layout;
import shmkit.value.ValueType;

/**
 * Typed values seen alike by shm and by peers written for the test: a gcc-compiled C program that
 * maps the segment with shm_open, and Python's struct on an mmap. Every type, both byte orders,
 * both directions.
 */
class TypedInteropIT {
    /** Typed access the way C does it: memcpy, bswap for the other byte order, printf/strto*. */
    private static final String TYPED_C = """
            #include <byteswap.h>
            #include <fcntl.h>
            #include <stdint.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <sys/mman.h>
            #include <sys/stat.h>
            #include <unistd.h>

            /* usage: typed NAME (get TYPE OFFSET | set TYPE OFFSET VALUE)... with shm's type names */
            int main(int argc, char **argv) {
                char path[300];
                snprintf(path, sizeof path, "/%s", argv[1]);
                int fd = shm_open(path, O_RDWR, 0);
                if (fd < 0) { perror("shm_open"); return 3; }
                struct stat st;
                fstat(fd, &st);
                unsigned char *base = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
                if (base == MAP_FAILED) { perror("mmap"); return 3; }
                for (int i = 2; i < argc;) {
                    int set = strcmp(argv[i], "set") == 0;
                    const char *type = argv[i + 1];
                    char kind = type[0];
                    int size = atoi(type + 1) / 8;
                    size_t len = strlen(type);
                    int other = len > 2 && strcmp(type + len - 2,
                            __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? "be" : "le") == 0;
                    unsigned char *p = base + strtoul(argv[i + 2], NULL, 0);
                    if (set) {
                        const char *v = argv[i + 3];
                        uint64_t raw;
                        if (kind == 'f' && size == 4) { float f = strtof(v, NULL); uint32_t b; memcpy(&b, &f, 4); raw = b; }
                        else if (kind == 'f') { double d = strtod(v, NULL); memcpy(&raw, &d, 8); }
                        else if (kind == 'u') raw = strtoull(v, NULL, 0);
                        else raw = (uint64_t) strtoll(v, NULL, 0);
                        if (size == 1) { uint8_t x = raw; memcpy(p, &x, 1); }
                        if (size == 2) { uint16_t x = raw; if (other) x = bswap_16(x); memcpy(p, &x, 2); }
                        if (size == 4) { uint32_t x = raw; if (other) x = bswap_32(x); memcpy(p, &x, 4); }
                        if (size == 8) { uint64_t x = raw; if (other) x = bswap_64(x); memcpy(p, &x, 8); }
                        i += 4;
                        continue;
                    }
                    uint8_t b1; uint16_t b2; uint32_t b4; uint64_t b8 = 0;
                    if (size == 1) { memcpy(&b1, p, 1); b8 = b1; }
                    if (size == 2) { memcpy(&b2, p, 2); b8 = other ? bswap_16(b2) : b2; }
                    if (size == 4) { memcpy(&b4, p, 4); b8 = other ? bswap_32(b4) : b4; }
                    if (size == 8) { memcpy(&b8, p, 8); if (other) b8 = bswap_64(b8); }
                    if (kind == 'f' && size == 4) { float f; b4 = b8; memcpy(&f, &b4, 4); printf("%.9g\\n", f); }
                    else if (kind == 'f') { double d; memcpy(&d, &b8, 8); printf("%.17g\\n", d); }
                    else if (kind == 'u') printf("%llu\\n", (unsigned long long) b8);
                    else if (size == 1) printf("%d\\n", (int8_t) b8);
                    else if (size == 2) printf("%d\\n", (int16_t) b8);
                    else if (size == 4) printf("%d\\n", (int32_t) b8);
                    else printf("%lld\\n", (long long) (int64_t) b8);
                    i += 3;
                }
                return 0;
            }
            """;

    /** Structs as C programs declare them: gcc decides where each member goes. */
    private static final String STRUCTS_C = """
            #include <fcntl.h>
            #include <stdint.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <sys/mman.h>
            #include <sys/stat.h>
            #include <unistd.h>

            struct foo { int bar; int baz; };
            struct mixed {
                uint8_t flag; double temps[4]; char name[13]; uint16_t id; int64_t big; float ratio; int8_t small;
                uint32_t count;
            };

            int main(int argc, char **argv) {
                char path[300];
                snprintf(path, sizeof path, "/%s", argv[1]);
                int fd = shm_open(path, O_RDWR, 0);
                if (fd < 0) { perror("shm_open"); return 3; }
                struct stat st;
                fstat(fd, &st);
                unsigned char *base = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
                if (base == MAP_FAILED) { perror("mmap"); return 3; }
                const char *op = argv[2];
                struct foo *foo = (struct foo *) base;
                struct mixed *m = (struct mixed *) (base + 64);
                if (!strcmp(op, "foo-show")) printf("Foo(%d, %d)\\n", foo->bar, foo->baz);
                if (!strcmp(op, "foo-baz")) foo->baz = atoi(argv[3]);
                if (!strcmp(op, "mixed-size")) printf("%zu\\n", sizeof(struct mixed));
                if (!strcmp(op, "mixed-show")) {
                    printf("flag=%u\\ntemps=%.17g,%.17g,%.17g,%.17g\\nname=%.13s\\nid=%u\\nbig=%lld\\nratio=%.9g\\nsmall=%d\\ncount=%u\\n",
                           m->flag, m->temps[0], m->temps[1], m->temps[2], m->temps[3], m->name, m->id,
                           (long long) m->big, m->ratio, m->small, m->count);
                }
                if (!strcmp(op, "mixed-set")) {
                    m->flag = 200; m->temps[0] = -1.25; m->temps[1] = 1e300; m->temps[2] = 0.1; m->temps[3] = -0.0;
                    memset(m->name, 0, sizeof m->name); strcpy(m->name, "from C");
                    m->id = 65535; m->big = -9223372036854775807LL - 1; m->ratio = 0.1f; m->small = -128;
                    m->count = 4294967295u;
                }
                return 0;
            }
            """;

    private static final String PYTHON = """
            import json, mmap, struct, sys
            codes = {'i8': 'b', 'u8': 'B', 'i16': 'h', 'u16': 'H', 'i32': 'i', 'u32': 'I', 'i64': 'q', 'u64': 'Q',
                     'f32': 'f', 'f64': 'd'}
            with open(sys.argv[1], 'r+b') as f:
                m = mmap.mmap(f.fileno(), 0)
                for item in json.loads(sys.argv[3]):
                    name, offset = item[0], item[1]
                    order = '>' if name.endswith('be') else '<' if name.endswith('le') else '='
                    fmt = order + codes[name[:-2] if name.endswith(('le', 'be')) else name]
                    if sys.argv[2] == 'get':
                        value = struct.unpack_from(fmt, m, offset)[0]
                        print(repr(value) if isinstance(value, float) else value)
                    else:
                        value = float(item[2]) if fmt[1] in 'fd' else int(item[2], 0)
                        struct.pack_into(fmt, m, offset, value)
                m.close()
            """;

    private static final String[] KINDS = {"i8", "u8", "i16", "u16", "i32", "u32", "i64", "u64", "f32", "f64"};
    /** Three sets of values: the ends of each range, and values whose bytes differ from each other. */
    private static final String[] BY_SHM = {"-128", "255", "-32768", "65535", "-2147483648", "4294967295",
        "-9223372036854775808", "18446744073709551615", "-3.4028235e38", "1.7976931348623157e308"};
    private static final String[] BY_C = {"127", "1", "32767", "258", "2147483647", "16909060",
        "9223372036854775807", "9223372036854775808", "0.1", "-2.5e-300"};
    private static final String[] BY_PYTHON = {"-1", "128", "-2", "32768", "-16909060", "2147483648",
        "-2", "1", "-inf", "0.001"};

    @TempDir
    static Path peers;
    static CPeer typedC;
    static CPeer structsC;

    @RegisterExtension
    DevShm devShm = new DevShm();
    final Shm shm = new Shm(DevShm.DIR);

    @BeforeAll
    static void compilePeers() {
        typedC = CPeer.compile(peers, "typed", TYPED_C);
        structsC = CPeer.compile(peers, "structs", STRUCTS_C);
    }

    private record Slot(ValueType type, long offset, String value) {}

    /** Every type in native, le and be order, 8 bytes apart (aligned for all), with the values of one set. */
    private static List<Slot> slots(String[] values) {
        List<Slot> slots = new ArrayList<>();
        for (String suffix : new String[] {"", "le", "be"}) {
            for (int k = 0; k < KINDS.length; k++) {
                slots.add(new Slot(ValueType.parse(KINDS[k] + suffix), slots.size() * 8L, values[k]));
            }
        }
        return slots;
    }


    /** A segment in /dev/shm, where shm_open finds it. */
    private String segment(int size) {
        String name = devShm.name();
        ok(shm.run("create", name, "--size", String.valueOf(size)));
        return name;
    }

    private List<String> cGet(String name, List<Slot> slots) {
        List<String> args = new ArrayList<>(List.of(name));
        for (Slot slot : slots) {
            args.addAll(List.of("get", slot.type().name(), String.valueOf(slot.offset())));
        }
        return ok(typedC.run(args.toArray(String[]::new))).out().lines().toList();
    }

    private void cSet(String name, List<Slot> slots) {
        List<String> args = new ArrayList<>(List.of(name));
        for (Slot slot : slots) {
            args.addAll(List.of("set", slot.type().name(), String.valueOf(slot.offset()), slot.value()));
        }
        ok(typedC.run(args.toArray(String[]::new)));
    }

    private List<String> python(String name, String op, List<Slot> slots) {
        StringBuilder json = new StringBuilder("[");
        for (Slot slot : slots) {
            json.append(json.length() > 1 ? "," : "").append("[\"").append(slot.type().name()).append("\",")
                    .append(slot.offset()).append(",\"").append(slot.value()).append("\"]");
        }
        json.append(']');
        return ok(shm.exec(List.of("python3", "-c", PYTHON, DevShm.DIR.resolve(name).toString(), op, json.toString()), null))
                .out().lines().toList();
    }

    /** Each peer's text read back as the slot's type must be the very bits of the slot's value. */
    private static void assertSameValues(List<Slot> slots, List<String> seen, String who) {
        assertEquals(slots.size(), seen.size(), who + ": " + seen);
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            ValueType type = slot.type();
            assertEquals(type.format(type.parseValue(slot.value())), type.format(type.parseValue(seen.get(i))),
                    who + " reading " + type + " at " + slot.offset() + " (printed " + seen.get(i) + ")");
        }
    }

    @Test
    void values_shm_writes_read_the_same_in_c_and_python_for_every_type_and_byte_order() {
        String name = segment(4096);
        List<Slot> slots = slots(BY_SHM);
        for (Slot slot : slots) {
            ok(shm.run("write", name, "--offset", String.valueOf(slot.offset()), "--as", slot.type().name(), "--", slot.value()));
        }
        assertSameValues(slots, cGet(name, slots), "C");
        assertSameValues(slots, python(name, "get", slots), "Python");
    }

    @Test
    void values_c_and_python_write_read_the_same_in_shm_for_every_type_and_byte_order() {
        String name = segment(4096);
        for (String[] set : List.of(BY_C, BY_PYTHON)) {
            List<Slot> slots = slots(set);
            if (set == BY_C) {
                cSet(name, slots);
            } else {
                python(name, "set", slots);
            }
            List<String> seen = new ArrayList<>();
            for (Slot slot : slots) {
                seen.add(ok(shm.run("read", name, "--offset", String.valueOf(slot.offset()), "--as", slot.type().name())).out().strip());
            }
            assertSameValues(slots, seen, "shm after " + (set == BY_C ? "C" : "Python"));
        }
    }

    @Test
    void a_layout_of_every_type_in_both_orders_crosses_to_c_and_python_and_back_in_separate_processes() {
        String name = segment(4096);
        StringBuilder spec = new StringBuilder();
        List<String> assignments = new ArrayList<>();
        List<Slot> bySlots = slots(BY_SHM);
        for (int i = 0; i < bySlots.size(); i++) {
            spec.append(i == 0 ? "" : " ").append("f").append(i).append(':').append(bySlots.get(i).type().name());
            assignments.add("f" + i + "=" + bySlots.get(i).value());
        }
        Layout layout = Layout.parse(spec.toString());
        long base = 100; // not a multiple of 8: offsets are relative to --offset, alignment is the struct's own
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < bySlots.size(); i++) {
            slots.add(new Slot(bySlots.get(i).type(), base + layout.fields().get(i).offset(), bySlots.get(i).value()));
        }
        List<String> write = new ArrayList<>(List.of("write", name, "--offset", String.valueOf(base), "--layout", spec.toString()));
        write.addAll(assignments);
        ok(shm.process(write.toArray(String[]::new)));
        assertSameValues(slots, cGet(name, slots), "C");
        assertSameValues(slots, python(name, "get", slots), "Python");

        List<Slot> fromC = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            fromC.add(new Slot(slots.get(i).type(), slots.get(i).offset(), BY_C[i % KINDS.length]));
        }
        cSet(name, fromC);
        String text = ok(shm.process("read", name, "--offset", String.valueOf(base), "--layout", spec.toString())).out();
        List<String> seen = text.lines().map(line -> line.substring(line.indexOf('=') + 1)).toList();
        assertSameValues(fromC, seen, "shm read --layout after C");
    }

    /** docs/examples: the header and the C program of the guide's scenario 5, as shipped, with shm reading the header. */
    @Test
    void the_shipped_scenario_5_example_compiles_runs_and_shares_struct_foo_with_shm_through_its_header() throws Exception {
        Path examples = Shm.root().resolve("docs/examples");
        Path header = examples.resolve("foo.h");
        CPeer foo = CPeer.compile(peers, "foo", java.nio.file.Files.readString(examples.resolve("foo.c"))
                .replace("#include \"foo.h\"", java.nio.file.Files.readString(header)));
        String name = segment(8);
        ok(shm.process("write", name, "--layout", "@" + header, "bar=31337", "baz=98"));
        assertEquals("Foo(31337, 98)\n", ok(foo.run(name)).out());
        assertEquals("bar=31337\nbaz=99\n", ok(shm.process("read", name, "--layout", "@" + header)).out());
        assertEquals("{\"bar\":31337,\"baz\":99}\n", ok(shm.process("read", name, "--layout", "struct foo { int bar; int baz; }",
                "--json")).out());
        String format = ok(shm.process("layout", "@" + header, "--python-struct")).out().strip();
        assertEquals("<ii", format);
        CommandRun python = ok(shm.exec(List.of("python3", "-c", """
                import mmap, struct, sys
                with open(sys.argv[1], 'r+b') as f:
                    m = mmap.mmap(f.fileno(), 0)
                    print('Foo(%d, %d)' % struct.unpack_from(sys.argv[2], m, 0))
                    struct.pack_into(sys.argv[2], m, 0, 7, -7)
                    m.close()
                """, DevShm.DIR.resolve(name).toString(), format), null));
        assertEquals("Foo(31337, 99)\n", python.out());
        assertEquals("bar=7\nbaz=-7\n", ok(shm.process("read", name, "--layout", "@" + header + ":foo")).out(),
                "what Python wrote, read through the header");
    }

    /** Python's '@' formats align as C does but pad no end: calcsize is not sizeof; shm says which it uses. */
    @Test
    void a_python_native_format_has_no_padding_at_the_end_and_shm_agrees_with_python() {
        CommandRun python = ok(shm.exec(List.of("python3", "-c",
                "import struct; print(struct.calcsize('@ic'), struct.calcsize('@ic0i'), struct.calcsize('@iq'))"), null));
        assertEquals("5 8 16\n", python.out());
        assertTrue(ok(shm.process("layout", "@ic", "--json")).out().startsWith("{\"size\":5,"));
        assertTrue(ok(shm.process("layout", "struct { int i; char c; }", "--json")).out().startsWith("{\"size\":8,"));
        assertEquals("<ib3x", ok(shm.process("layout", "struct { int i; char c; }", "--python-struct")).out().strip(),
                "C's padding at the end, written out");
    }

    @Test
    void scenario_5_a_struct_foo_set_by_c_and_by_shm_is_seen_by_both_and_by_python() {
        String name = segment(4096);
        ok(structsC.run(name, "foo-baz", "98"));
        ok(shm.process("write", name, "--layout", "bar:i32 baz:i32", "bar=31337"));
        assertEquals("Foo(31337, 98)\n", ok(structsC.run(name, "foo-show")).out());
        assertEquals("bar=31337\nbaz=98\n", ok(shm.process("read", name, "--layout", "bar:i32 baz:i32")).out());
        CommandRun python = ok(shm.exec(List.of("python3", "-c", """
                import mmap, struct, sys
                with open(sys.argv[1], 'r+b') as f:
                    m = mmap.mmap(f.fileno(), 0)
                    print('Foo(%d, %d)' % struct.unpack_from('ii', m, 0))
                    m.close()
                """, DevShm.DIR.resolve(name).toString()), null));
        assertEquals("Foo(31337, 98)\n", python.out());
    }

    private static final String MIXED = "flag:u8 temps:f64[4] name:char[13] id:u16 big:i64 ratio:f32 small:i8 count:u32";

    /** name=value lines to a map whose numbers are normalized through the field's type, so %.17g and shm's text compare. */
    private static Map<String, String> normalized(String text, Layout layout) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            String field = line.substring(0, line.indexOf('='));
            String value = line.substring(line.indexOf('=') + 1);
            Layout.Field spec = layout.field(field);
            if (!spec.isText()) {
                List<String> parts = new ArrayList<>();
                for (String part : value.split(",")) {
                    parts.add(spec.type().format(spec.type().parseValue(part)));
                }
                value = String.join(",", parts);
            }
            fields.put(field, value);
        }
        return fields;
    }

    @Test
    void a_mixed_struct_is_the_same_member_for_member_in_gcc_shm_and_python() {
        String name = segment(4096);
        Layout layout = Layout.parse(MIXED);
        assertEquals(String.valueOf(layout.size()), ok(structsC.run(name, "mixed-size")).out().strip(), "sizeof(struct mixed)");

        ok(structsC.run(name, "mixed-set"));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("flag", "200");
        expected.put("temps", "-1.25,1.0e300,0.1,-0.0");
        expected.put("name", "from C");
        expected.put("id", "65535");
        expected.put("big", "-9223372036854775808");
        expected.put("ratio", "0.1");
        expected.put("small", "-128");
        expected.put("count", "4294967295");
        assertEquals(expected, normalized(ok(shm.process("read", name, "--offset", "64", "--layout", MIXED)).out(), layout));

        ok(shm.process("write", name, "--offset", "64", "--layout", MIXED, "flag=7", "temps=1.5,2.5,-3.5,1e-3",
                "name=from shm", "id=258", "big=9223372036854775807", "ratio=-2.75", "small=127", "count=16909060"));
        Map<String, String> written = normalized("flag=7\ntemps=1.5,2.5,-3.5,1e-3\nname=from shm\nid=258\n"
                + "big=9223372036854775807\nratio=-2.75\nsmall=127\ncount=16909060\n", layout);
        assertEquals(written, normalized(ok(structsC.run(name, "mixed-show")).out(), layout), "what C's struct members hold");

        // Python's struct in native mode ('@') aligns as C does: a third opinion on every offset
        CommandRun python = ok(shm.exec(List.of("python3", "-c", """
                import mmap, struct, sys
                with open(sys.argv[1], 'r+b') as f:
                    m = mmap.mmap(f.fileno(), 0)
                    v = struct.unpack_from('@B4d13sHqfbI', m, 64)
                    print('flag=%d' % v[0])
                    print('temps=' + ','.join(repr(t) for t in v[1:5]))
                    print('name=' + v[5].rstrip(b'\\0').decode())
                    print('id=%d\\nbig=%d\\nratio=%r\\nsmall=%d\\ncount=%d' % v[6:])
                    m.close()
                """, DevShm.DIR.resolve(name).toString()), null));
        assertEquals(written, normalized(python.out(), layout), "what Python's native struct reads");
    }
}
