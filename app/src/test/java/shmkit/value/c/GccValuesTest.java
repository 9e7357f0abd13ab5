package shmkit.value.c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static shmkit.testing.CommandRun.ok;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;
import shmkit.value.Layout;

/**
 * Values across the random structs of {@link RandomStructs}, between shm and real peers: a C
 * program that writes and prints every leaf through its struct's members, Python's struct module on
 * the format {@code shm layout --python-struct} prints, and a ctypes class {@code shm layout --ctypes}
 * prints; and the C that {@code shm layout --c} prints, compiled by gcc, laid out as gcc laid out
 * the header. Leaves of a union past its first member are not compared (they share its bytes).
 */
class GccValuesTest {
    static final int STRUCTS = 120;

    @TempDir
    static Path dir;

    static List<RandomStructs.Struct> structs;
    static Map<RandomStructs.Leaf, String> values = new LinkedHashMap<>();
    static long stride;
    static Path header;

    final Shm shm = new Shm(dir);

    @BeforeAll
    static void generate() throws IOException {
        structs = new RandomStructs(GccLayoutTest.seed() + 1).generate(STRUCTS);
        header = dir.resolve("structs.h");
        Files.writeString(header, GccLayoutTest.header(structs));
        Random random = new Random(GccLayoutTest.seed() + 2);
        for (RandomStructs.Struct s : structs) {
            for (RandomStructs.Leaf leaf : s.leaves()) {
                values.put(leaf, value(leaf, random));
            }
        }
        long largest = 0;
        for (RandomStructs.Struct s : structs) {
            largest = Math.max(largest, layout(s).size());
        }
        stride = (largest + 63) / 64 * 64;
        valuesPeer = GccLayoutTest.gcc(dir, "values", valuesProgram());
    }

    /** The C peer, compiled once: values FILE write|print. */
    static Path valuesPeer;

    static String runValues(Path file, String mode) {
        CommandRun run = Shm.exec(List.of(valuesPeer.toString(), file.toString(), mode), null, Map.of());
        assertEquals(0, run.exit(), run::toString);
        return run.out();
    }

    static Layout layout(RandomStructs.Struct s) {
        return Layout.parse("@" + header + ":" + s.name());
    }

    /** A value of the leaf's type as shm prints it: integers in range, floats exact in binary, short text. */
    static String value(RandomStructs.Leaf leaf, Random random) {
        if (leaf.text()) {
            int length = random.nextInt(leaf.count() + 1);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                text.append((char) ('a' + random.nextInt(26)));
            }
            return text.toString();
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < leaf.count(); i++) {
            parts.add(scalar(leaf.scalar(), leaf.bits(), random));
        }
        return String.join(",", parts);
    }

    private static String scalar(RandomStructs.Scalar type, int bits, Random random) {
        return switch (type.kind()) {
            case BOOL -> String.valueOf(random.nextInt(2));
            // exact in binary, and (a half's quarters are not) the shortest text that reads back as the value
            case HALF -> (random.nextInt(1000) - 500) + ".5";
            case FLOAT, DOUBLE -> (random.nextInt(1000) - 500) + new String[] {".5", ".25", ".75"}[random.nextInt(3)];
            case POINTER -> "0x" + Long.toHexString(random.nextLong() >>> 16);
            default -> {
                int width = bits > 0 ? bits : type.size() * 8;
                long raw = random.nextLong();
                if (width < 64) {
                    raw = type.signed() ? raw << (64 - width) >> (64 - width) : raw >>> (64 - width);
                }
                yield type.signed() ? Long.toString(raw) : Long.toUnsignedString(raw);
            }
        };
    }

    static boolean compared(RandomStructs.Leaf leaf) {
        return !leaf.overlapped();
    }

    /** name=value lines of the compared leaves of struct {@code s}, in order. */
    static String expected(RandomStructs.Struct s) {
        StringBuilder out = new StringBuilder();
        for (RandomStructs.Leaf leaf : s.leaves()) {
            if (compared(leaf)) {
                out.append(leaf.path()).append('=').append(values.get(leaf)).append('\n');
            }
        }
        return out.toString();
    }

    static String only(RandomStructs.Struct s, String shmText) {
        java.util.Set<String> paths = new java.util.HashSet<>();
        for (RandomStructs.Leaf leaf : s.leaves()) {
            if (compared(leaf)) {
                paths.add(leaf.path());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String line : shmText.lines().toList()) {
            if (paths.contains(line.substring(0, line.indexOf('=')))) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    // ---- the C peer --------------------------------------------------------------------------------

    /** values FILE write|print: every struct i at i * stride, written from or printed as the expected values. */
    static String valuesProgram() {
        StringBuilder c = new StringBuilder("""
                #include <stdio.h>
                #include <stdlib.h>
                #include <string.h>
                #include <fcntl.h>
                #include <sys/mman.h>
                #include <unistd.h>
                #include "structs.h"
                int main(int argc, char **argv) {
                    int fd = open(argv[1], O_RDWR);
                    if (fd < 0) { perror("open"); return 3; }
                    size_t size = lseek(fd, 0, SEEK_END);
                    unsigned char *base = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
                    if (base == MAP_FAILED) { perror("mmap"); return 3; }
                    int write = strcmp(argv[2], "write") == 0;
                """);
        for (int i = 0; i < structs.size(); i++) {
            RandomStructs.Struct s = structs.get(i);
            String type = (s.record().union() ? "union " : "struct ") + s.name();
            c.append("    { ").append(type).append(" *s = (").append(type).append(" *) (base + ").append(i * stride).append(");\n");
            c.append("      if (write) {\n");
            for (RandomStructs.Leaf leaf : s.leaves()) {
                if (compared(leaf)) {
                    c.append(assign(leaf));
                }
            }
            c.append("      } else {\n");
            for (RandomStructs.Leaf leaf : s.leaves()) {
                if (compared(leaf)) {
                    c.append(print(leaf));
                }
            }
            c.append("        printf(\"--\\n\");\n      }\n    }\n");
        }
        return c.append("    return 0;\n}\n").toString();
    }

    private static String assign(RandomStructs.Leaf leaf) {
        String target = "s->" + leaf.path();
        if (leaf.text()) {
            String text = values.get(leaf);
            return "        memset(" + target + ", 0, sizeof " + target + "); memcpy(" + target + ", \"" + text + "\", "
                    + text.length() + ");\n";
        }
        String[] parts = values.get(leaf).split(",");
        StringBuilder c = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String element = target + (leaf.array() ? "[" + i + "]" : "");
            c.append("        ").append(element).append(" = ").append(literal(leaf.scalar(), parts[i])).append(";\n");
        }
        return c.toString();
    }

    private static String literal(RandomStructs.Scalar type, String value) {
        return switch (type.kind()) {
            case FLOAT, DOUBLE -> value;
            case HALF -> "(_Float16) " + value;
            case POINTER -> "(void *) " + value + "ULL";
            case BOOL -> value;
            default -> value.startsWith("-") ? "(" + (Long.parseLong(value) + 1) + "LL - 1)" : value + "ULL";
        };
    }

    private static String print(RandomStructs.Leaf leaf) {
        String target = "s->" + leaf.path();
        if (leaf.text()) {
            return "        printf(\"" + leaf.path() + "=%.*s\\n\", (int) sizeof " + target + ", " + target + ");\n";
        }
        StringBuilder c = new StringBuilder("        printf(\"" + leaf.path() + "=\");\n");
        for (int i = 0; i < leaf.count(); i++) {
            String element = target + (leaf.array() ? "[" + i + "]" : "");
            String format = switch (leaf.scalar().kind()) {
                case FLOAT, HALF -> "printf(\"%.9g\", (double) " + element + ")";
                case DOUBLE -> "printf(\"%.17g\", " + element + ")";
                case POINTER -> "printf(\"0x%llx\", (unsigned long long) (size_t) " + element + ")";
                case BOOL -> "printf(\"%d\", (int) " + element + ")";
                default -> leaf.scalar().signed() ? "printf(\"%lld\", (long long) " + element + ")"
                        : "printf(\"%llu\", (unsigned long long) " + element + ")";
            };
            c.append("        ").append(i > 0 ? "printf(\",\"); " : "").append(format).append(";\n");
        }
        return c.append("        printf(\"\\n\");\n").toString();
    }

    private Path zeroFile(String name) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, new byte[(int) (stride * structs.size())]);
        return file;
    }

    private List<String> cPrinted(Path file) throws IOException {
        String out = runValues(file, "print");
        return List.of(out.split("--\n", -1));
    }

    @Test
    void values_c_writes_read_the_same_through_shm_read_with_the_header() throws IOException {
        Path file = zeroFile("from-c.bin");
        runValues(file, "write");
        for (int i = 0; i < structs.size(); i++) {
            RandomStructs.Struct s = structs.get(i);
            CommandRun read = ok(shm.run("read", file.toString(), "--offset", String.valueOf(i * stride),
                    "--layout", "@" + header, "--struct", s.name()));
            assertEquals(expected(s), only(s, read.out()), s.name() + ":\n" + s.source());
        }
    }

    @Test
    void values_shm_writes_by_field_path_read_the_same_in_c() throws IOException {
        Path file = zeroFile("from-shm.bin");
        for (int i = 0; i < structs.size(); i++) {
            RandomStructs.Struct s = structs.get(i);
            List<String> args = new ArrayList<>(List.of("write", file.toString(), "--offset", String.valueOf(i * stride),
                    "--layout", "@" + header + ":" + s.name()));
            for (RandomStructs.Leaf leaf : s.leaves()) {
                if (compared(leaf)) {
                    args.add(leaf.path() + "=" + values.get(leaf));
                }
            }
            ok(shm.run(args.toArray(String[]::new)));
        }
        List<String> printed = cPrinted(file);
        for (int i = 0; i < structs.size(); i++) {
            RandomStructs.Struct s = structs.get(i);
            assertEquals(expected(s), normalizeFloats(printed.get(i)), s.name() + ":\n" + s.source());
        }
    }

    private static final Pattern INTEGRAL_FLOAT = Pattern.compile("(?<=[=,])(-?[0-9]+)\\.0(?=[,\\n])");

    /** %g prints 12.5 as 12.5 and shm too; nothing integral is generated, so this only guards the C side. */
    static String normalizeFloats(String text) {
        Matcher m = INTEGRAL_FLOAT.matcher(text);
        return m.replaceAll("$1");
    }

    /** The C that --c prints, every struct renamed apart and compiled in one program: gcc lays it out as it laid out the header. */
    @Test
    void the_c_shm_layout_prints_is_laid_out_by_gcc_as_the_header_was() throws IOException {
        StringBuilder emitted = new StringBuilder();
        List<RandomStructs.Struct> renamed = new ArrayList<>();
        for (int i = 0; i < structs.size(); i++) {
            RandomStructs.Struct s = structs.get(i);
            String c = Emitters.c(layout(s)); // what 'shm layout --c' prints (LayoutCommandTest runs the command)
            emitted.append(c.replaceAll("(struct|union)( __attribute__\\(\\([^)]*\\)*\\))? (?!__attribute__)([A-Za-z_]\\w*)", "$1$2 e" + i + "_$3"));
            renamed.add(new RandomStructs.Struct("e" + i + "_" + s.name(), s.record(), "", s.leaves()));
        }
        Files.writeString(dir.resolve("structs.h"), emitted.toString());
        try {
            String gccEmitted = GccLayoutTest.gccRun(dir, "emitted", GccLayoutTest.layoutProgram(renamed));
            Files.writeString(dir.resolve("structs.h"), GccLayoutTest.header(structs));
            String gccHeader = GccLayoutTest.gccRun(dir, "layouts", GccLayoutTest.layoutProgram(structs));
            GccLayoutTest.assertLinesEqual(gccHeader, gccEmitted.replaceAll("(?m)^e[0-9]+_", ""), emitted.toString());
        } finally {
            Files.writeString(dir.resolve("structs.h"), GccLayoutTest.header(structs));
        }
    }

    // ---- Python --------------------------------------------------------------------------------------

    static final String PYTHON = """
            import ctypes, json, struct, sys
            spec = json.load(open(sys.argv[1]))
            data = open(sys.argv[2], 'rb').read()
            out = []
            def scalar(kind, v):
                if kind == 'ptr': return '0x%x' % (v or 0)
                if kind == 'bool': return str(int(v))
                if kind == 'char' and isinstance(v, bytes): return str(int.from_bytes(v, 'little', signed=True))
                if kind == 'half' and not isinstance(v, float):
                    return repr(struct.unpack('<e', struct.pack('<H', v))[0])
                if isinstance(v, float): return repr(v)
                return str(v)
            def text(v):
                if hasattr(v, 'value'): v = v.value
                if isinstance(v, bytes): v = v.split(b'\\0')[0]
                return v.decode()
            for s in spec:
                base = s['offset']
                if s['format'] is not None:
                    out.append('%s python-size %d' % (s['name'], struct.calcsize(s['format'])))
                    items = list(struct.unpack_from(s['format'], data, base))
                    for leaf in s['leaves']:
                        if leaf['text']:
                            out.append('%s python %s=%s' % (s['name'], leaf['path'], text(items.pop(0))))
                        else:
                            vs = [scalar(leaf['kind'], items.pop(0)) for _ in range(leaf['count'])]
                            out.append('%s python %s=%s' % (s['name'], leaf['path'], ','.join(vs)))
                ns = {}
                exec(s['ctypes'], ns)
                cls = ns[s['class']]
                out.append('%s ctypes-size %d' % (s['name'], ctypes.sizeof(cls)))
                obj = cls.from_buffer_copy(data, base)
                for leaf in s['leaves']:
                    if not leaf['compared']: continue
                    v = eval('obj.' + leaf['path'], {'obj': obj})
                    if leaf['text']:
                        out.append('%s ctypes %s=%s' % (s['name'], leaf['path'], text(v)))
                    elif leaf['array']:
                        out.append('%s ctypes %s=%s' % (s['name'], leaf['path'], ','.join(scalar(leaf['kind'], x) for x in v)))
                    else:
                        out.append('%s ctypes %s=%s' % (s['name'], leaf['path'], scalar(leaf['kind'], v)))
            print('\\n'.join(out))
            """;

    private static String kind(RandomStructs.Leaf leaf) {
        return switch (leaf.scalar().kind()) {
            case POINTER -> "ptr";
            case BOOL -> "bool";
            case HALF -> "half";
            case CHAR -> "char";
            default -> "num";
        };
    }

    @Test
    void python_struct_and_ctypes_read_what_c_wrote_at_the_offsets_shm_gives() throws IOException {
        Path file = zeroFile("for-python.bin");
        runValues(file, "write");
        StringBuilder json = new StringBuilder("[");
        StringBuilder expected = new StringBuilder();
        int formats = 0;
        for (int i = 0; i < structs.size(); i++) {
            RandomStructs.Struct s = structs.get(i);
            Layout layout = layout(s);
            String format = null;
            String refused = null;
            try {
                format = Emitters.pythonStruct(layout);
            } catch (shmkit.ShmException e) {
                refused = e.getMessage();
            }
            if (format != null) {
                formats++;
                expected.append(s.name()).append(" python-size ").append(layout.size()).append('\n');
                for (RandomStructs.Leaf leaf : s.leaves()) {
                    expected.append(s.name()).append(" python ").append(leaf.path()).append('=').append(values.get(leaf)).append('\n');
                }
            } else {
                assertEquals(true, refused.contains("bit field") || refused.contains("overlaps"), refused);
            }
            String ctypes = Emitters.ctypes(layout);
            Matcher cls = Pattern.compile("(?m)^# sizeof .* use it as (\\w+)\\.").matcher(ctypes);
            assertEquals(true, cls.find(), ctypes);
            expected.append(s.name()).append(" ctypes-size ").append(layout.size()).append('\n');
            for (RandomStructs.Leaf leaf : s.leaves()) {
                if (compared(leaf)) {
                    expected.append(s.name()).append(" ctypes ").append(leaf.path()).append('=').append(values.get(leaf)).append('\n');
                }
            }
            json.append(i == 0 ? "" : ",").append("{\"name\":\"").append(s.name()).append("\",\"offset\":").append(i * stride)
                    .append(",\"format\":").append(format == null ? "null" : "\"" + format + "\"")
                    .append(",\"class\":\"").append(cls.group(1)).append("\",\"ctypes\":").append(jsonString(ctypes))
                    .append(",\"leaves\":[");
            for (int k = 0; k < s.leaves().size(); k++) {
                RandomStructs.Leaf leaf = s.leaves().get(k);
                json.append(k == 0 ? "" : ",").append("{\"path\":\"").append(leaf.path()).append("\",\"text\":").append(leaf.text())
                        .append(",\"array\":").append(leaf.array()).append(",\"count\":").append(leaf.count())
                        .append(",\"kind\":\"").append(kind(leaf)).append("\",\"compared\":").append(compared(leaf)).append('}');
            }
            json.append("]}");
        }
        json.append(']');
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, json.toString());
        CommandRun run = ok(Shm.exec(List.of("python3", "-c", PYTHON, spec.toString(), file.toString()), null, Map.of()));
        GccLayoutTest.assertLinesEqual(expected.toString().replaceAll("(?m)^(t[0-9]+) ", "$1 "), run.out(),
                GccLayoutTest.header(structs));
        assertEquals(true, formats > STRUCTS / 4, "only " + formats + " structs had a struct format");
    }

    private static String jsonString(String text) {
        return shmkit.text.Json.quoted(text);
    }
}
