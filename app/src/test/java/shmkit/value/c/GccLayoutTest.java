package shmkit.value.c;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;
import shmkit.value.Layout;

/**
 * shm's layouts of a few hundred random structs against gcc's: one header, one C program that prints
 * sizeof, _Alignof, offsetof of every leaf, and each bit field's first bit and width as the bits a
 * field set to all ones lights in a zeroed struct. Seeds are fixed so a failure reproduces; set
 * -Dshm.seed=N to try others.
 */
class GccLayoutTest {
    static final int STRUCTS = 300;

    @TempDir
    Path dir;

    static long seed() {
        return Long.getLong("shm.seed", 20261203L);
    }

    /** The C program: the header, then a main that prints what gcc decided. */
    static String layoutProgram(List<RandomStructs.Struct> structs) {
        StringBuilder c = new StringBuilder("#include <stdio.h>\n#include <string.h>\n#include \"structs.h\"\n");
        c.append("static void bits(const unsigned char *p, size_t n, const char *path) {\n")
                .append("    int first = -1, count = 0;\n")
                .append("    for (size_t i = 0; i < n * 8; i++) if (p[i / 8] >> (i % 8) & 1) { if (first < 0) first = i; count++; }\n")
                .append("    printf(\"%s bit %d %d\\n\", path, first, count);\n}\n");
        c.append("int main(void) {\n");
        for (RandomStructs.Struct s : structs) {
            String type = (s.record().union() ? "union " : "struct ") + s.name();
            c.append("    printf(\"").append(s.name()).append(" %zu %zu\\n\", sizeof(").append(type).append("), _Alignof(")
                    .append(type).append("));\n");
            for (RandomStructs.Leaf leaf : s.leaves()) {
                if (leaf.bits() > 0) {
                    c.append("    { ").append(type).append(" s; memset(&s, 0, sizeof s); s.").append(leaf.path())
                            .append(leaf.scalar().kind() == RandomStructs.Scalar.Kind.BOOL ? " = 1;" : " = ~0;")
                            .append(" bits((const unsigned char *) &s, sizeof s, \"").append(leaf.path()).append("\"); }\n");
                } else {
                    c.append("    printf(\"").append(leaf.path()).append(" %zu\\n\", offsetof(").append(type).append(", ")
                            .append(leaf.path()).append("));\n");
                }
            }
        }
        return c.append("    return 0;\n}\n").toString();
    }

    static String header(List<RandomStructs.Struct> structs) {
        StringBuilder h = new StringBuilder(RandomStructs.PRELUDE);
        for (RandomStructs.Struct s : structs) {
            h.append(s.source());
        }
        return h.toString();
    }

    /** Compiles a C program in {@code dir} (its header there too); the binary. */
    static Path gcc(Path dir, String name, String source) throws IOException {
        Files.writeString(dir.resolve(name + ".c"), source);
        CommandRun gcc = Shm.exec(List.of("gcc", "-w", "-O0", "-std=gnu11", "-I", dir.toString(), "-o",
                dir.resolve(name).toString(), dir.resolve(name + ".c").toString()), null, Map.of());
        assertEquals(0, gcc.exit(), () -> "gcc failed:\n" + gcc);
        return dir.resolve(name);
    }

    /** Compiles and runs a C program in {@code dir}; its standard output. */
    static String gccRun(Path dir, String name, String source, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(gcc(dir, name, source).toString()));
        command.addAll(List.of(args));
        CommandRun run = Shm.exec(command, null, Map.of());
        assertEquals(0, run.exit(), run::toString);
        return run.out();
    }

    /** What shm says, in the same lines the C program prints. */
    static String shmLines(Layout layout, RandomStructs.Struct s) {
        StringBuilder out = new StringBuilder();
        out.append(s.name()).append(' ').append(layout.size()).append(' ').append(layout.align()).append('\n');
        for (Layout.Field field : layout.fields()) {
            if (field.isBitField()) {
                out.append(field.name()).append(" bit ").append(field.offset() * 8 + field.bitOffset()).append(' ')
                        .append(field.bits()).append('\n');
            } else {
                out.append(field.name()).append(' ').append(field.offset()).append('\n');
            }
        }
        return out.toString();
    }

    @Test
    void random_structs_are_laid_out_as_gcc_lays_them_out() throws IOException {
        List<RandomStructs.Struct> structs = new RandomStructs(seed()).generate(STRUCTS);
        String header = header(structs);
        Path file = dir.resolve("structs.h");
        Files.writeString(file, header);
        String gcc = gccRun(dir, "layouts", layoutProgram(structs));

        CDeclarations parsed = CDeclarations.parse(header, "structs.h");
        StringBuilder shm = new StringBuilder();
        for (RandomStructs.Struct s : structs) {
            shm.append(shmLines(parsed.layout("@structs.h:" + s.name(), s.name()), s));
        }
        assertLinesEqual(gcc, shm.toString(), header);
    }

    /** Compares line by line and names the struct of the first difference, with its source. */
    static void assertLinesEqual(String expected, String actual, String header) {
        List<String> e = expected.lines().toList();
        List<String> a = actual.lines().toList();
        String struct = "";
        for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
            String el = i < e.size() ? e.get(i) : "<none>";
            String al = i < a.size() ? a.get(i) : "<none>";
            if (el.matches("t[0-9]+ .*")) {
                struct = el.substring(0, el.indexOf(' '));
            }
            if (!el.equals(al)) {
                String name = struct;
                int start = header.indexOf("struct " + name + " {");
                if (start < 0) {
                    start = header.indexOf("union " + name + " {");
                }
                if (start < 0) {
                    start = Math.max(0, header.indexOf(" " + name + " {"));
                }
                int from = Math.max(0, header.lastIndexOf("\n", Math.max(0, start - 30)));
                int to = header.indexOf("\n}", start);
                to = to < 0 ? header.length() : header.indexOf('\n', to + 2);
                assertEquals(el, al, "line " + (i + 1) + " in " + name + ":\n" + header.substring(from, to < 0 ? header.length() : to));
            }
        }
    }
}
