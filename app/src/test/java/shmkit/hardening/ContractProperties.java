package shmkit.hardening;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;

/**
 * The contract, by property (jqwik): generated names, sizes, offsets, layout specs, dump texts and
 * whole argument vectors thrown at the commands. On every case: exit 0, 1 or 2; an error is one line
 * (plus the Try line for usage); no control byte reaches stderr; and a segment is unchanged, byte for
 * byte, after any command that was refused.
 */
class ContractProperties {
    private static Path dir;
    private static final int SIZE = 4096;
    private static byte[] original;

    @BeforeContainer
    static void segment() throws IOException {
        dir = Files.createTempDirectory("shm-properties");
        original = new byte[SIZE];
        new java.util.Random(42).nextBytes(original);
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static CommandRun runOnFreshSegment(byte[] stdin, List<String> args) throws IOException {
        Files.write(dir.resolve("seg"), original);
        return new Shm(dir).runWithInput(stdin, args.toArray(String[]::new));
    }

    /** The contract for one run; a refused run must have left the segment as it was. */
    private static void keepsTheContract(CommandRun run, List<String> args) throws IOException {
        String context = args + "\n" + run;
        boolean timed = args.contains("--timeout") && run.exit() == 124;
        assertTrue(run.exit() == 0 || run.exit() == 1 || run.exit() == 2 || timed, "exit 0, 1 or 2: " + context);
        List<String> lines = run.errLines();
        if (args.get(0).equals("rm")) {
            // rm tries every name and says a line for each that failed
            long problems = lines.stream().filter(line -> !line.startsWith("Try '")).count();
            assertTrue(problems <= args.size() - 1, "a line a name at most: " + context);
        } else if (run.exit() != 0 && !timed) {
            assertTrue(lines.size() == 1 || lines.size() == 2 && lines.get(1).startsWith("Try '"), "one line: " + context);
        }
        for (char c : run.err().toCharArray()) {
            assertTrue(c == '\n' || c >= 0x20 && c != 0x7f && (c < 0x80 || c >= 0xa0), "no control byte: " + context);
        }
        assertTrue(run.err().length() <= 2 * 1100, "cut to a sane length: " + context);
        if (run.exit() != 0) {
            Path seg = dir.resolve("seg");
            if (Files.exists(seg)) {
                assertArrayEquals(original, Files.readAllBytes(seg), "a refused command changed nothing: " + context);
            }
        }
    }

    @Provide
    Arbitrary<String> hostileText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(40),
                Arbitraries.strings().withChars("\n\t\u001b[2J\u0007\u202e\u0085/.'\"\\ ").ofMaxLength(12),
                Arbitraries.strings().ascii().ofMinLength(300).ofMaxLength(3000),
                Arbitraries.of("0", "-1", "0x", "4K", "18446744073709551616", "9223372036854775807", "1e3",
                        "4096", "4095", "-0", "0x1000", "seg", "/", "", "--", "-"));
    }

    @Provide
    Arbitrary<List<String>> commandLines() {
        Arbitrary<String> command = Arbitraries.of("read", "write", "dump", "add", "cas", "resize", "info", "layout",
                "rm", "watch", "lock", "bogus");
        Arbitrary<String> option = Arbitraries.of("--offset", "-o", "--length", "-l", "--as", "--layout", "--count",
                "--hex", "--fill", "--size", "--text", "--json", "--from-dump", "--timeout", "--lock", "--mode", "-x");
        Arbitrary<String> value = Arbitraries.oneOf(hostileText(), Arbitraries.of("u32", "i64be", "f64", "a:i32 b:u8[3]",
                "0", "16", "4090", "8", "1ms", "seg", "hello", "de ad"));
        Arbitrary<List<String>> rest = Arbitraries.oneOf(option, value).list().ofMaxSize(6);
        return Combinators.combine(command, Arbitraries.of("seg", "missing", "./seg"), rest)
                .as((c, name, more) -> {
                    List<String> args = new ArrayList<>(List.of(c, name));
                    args.addAll(more);
                    if (c.equals("watch")) {
                        args.addAll(List.of("--timeout", "20ms"));
                    }
                    if (c.equals("lock")) {
                        args.addAll(List.of("--", "true"));
                    }
                    return args;
                });
    }

    @Property(tries = 300)
    void any_command_line_keeps_the_contract(@ForAll("commandLines") List<String> args) throws IOException {
        keepsTheContract(runOnFreshSegment(new byte[0], args), args);
    }

    @Property(tries = 150)
    void any_name_keeps_the_contract(@ForAll("hostileText") String name) throws IOException {
        for (String command : List.of("read", "info", "rm")) {
            List<String> args = List.of(command, name);
            keepsTheContract(runOnFreshSegment(new byte[0], args), args);
        }
    }

    @Property(tries = 200)
    void any_offset_and_length_keep_the_contract(@ForAll("hostileText") String offset,
                                                 @ForAll("hostileText") String length) throws IOException {
        for (String command : List.of("read", "dump", "write")) {
            List<String> args = command.equals("write") ? List.of("write", "seg", "--offset", offset, "--length", length, "x")
                    : List.of(command, "seg", "--offset", offset, "--length", length);
            keepsTheContract(runOnFreshSegment(new byte[0], args), args);
        }
    }

    @Provide
    Arbitrary<String> layoutSpecs() {
        Arbitrary<String> type = Arbitraries.of("i8", "u16", "i32", "u64be", "f32", "f64le", "char", "int", "x", "u32[0]",
                "u8[65536]", "i32[-1]", "bool", "");
        Arbitrary<String> field = Combinators.combine(Arbitraries.strings().alpha().ofMinLength(0).ofMaxLength(4), type,
                Arbitraries.integers().between(0, 5)).as((n, t, k) -> n + ":" + t + (k == 0 ? "" : "[" + k + "]"));
        return Arbitraries.oneOf(field.list().ofMaxSize(5).map(f -> String.join(" ", f)),
                field.list().ofMaxSize(3).map(f -> "packed " + String.join(" ", f)), hostileText());
    }

    @Property(tries = 200)
    void any_layout_spec_parses_and_reads_or_is_refused_in_one_line(@ForAll("layoutSpecs") String spec) throws IOException {
        for (List<String> args : List.of(List.of("layout", spec), List.of("read", "seg", "--layout", spec),
                List.of("write", "seg", "--layout", spec, "a=1"))) {
            keepsTheContract(runOnFreshSegment(new byte[0], args), args);
        }
    }

    @Provide
    Arbitrary<String> dumps() {
        Arbitrary<String> offset = Arbitraries.of("00000000", "00000ff0", "00001000", "ffffffff", "0000001", "zz", "");
        Arbitrary<String> hex = Arbitraries.strings().withChars("0123456789abcdefABCDEFg \t").ofMaxLength(48);
        Arbitrary<String> line = Arbitraries.oneOf(Combinators.combine(offset, hex, Arbitraries.strings().ascii().ofMaxLength(16))
                .as((o, h, t) -> o + ": " + h + "  " + t), Arbitraries.of("*", "", "|....|"), hostileText());
        return line.list().ofMaxSize(6).map(lines -> String.join("\n", lines) + "\n");
    }

    @Property(tries = 200)
    void any_dump_text_is_written_exactly_or_refused_with_nothing_written(@ForAll("dumps") String dump) throws IOException {
        List<String> args = List.of("write", "seg", "--from-dump");
        keepsTheContract(runOnFreshSegment(dump.getBytes(StandardCharsets.UTF_8), args), args);
    }
}
