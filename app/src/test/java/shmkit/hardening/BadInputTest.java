package shmkit.hardening;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;

/**
 * Bad input across every command, as a table: each row must exit 1 or 2 with one line (plus at
 * most a Try line), no trace, and leave every segment byte for byte as it was. 'demo' is 4096
 * bytes of a pattern; 'i64s' is 64 bytes; FILE is a file-backed segment.
 */
class BadInputTest {
    @TempDir
    Path dir;
    Shm shm;

    @BeforeEach
    void setUp() throws IOException {
        shm = new Shm(dir);
        byte[] pattern = new byte[4096];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) (i * 31 + 7);
        }
        Files.write(dir.resolve("demo"), pattern);
        Files.write(dir.resolve("i64s"), new byte[64]);
        Files.write(dir.resolve("file.bin"), pattern);
    }

    static Stream<Arguments> rows() {
        return Stream.of(
            // sizes
            row("size zero", "create", "x", "--size", "0"),
            row("negative size", "create", "x", "--size", "-5"),
            row("size not a number", "create", "x", "--size", "abc"),
            row("unknown unit", "create", "x", "--size", "1Q"),
            row("ambiguous unit", "create", "x", "--size", "4KB"),
            row("overflowing size", "create", "x", "--size", "99999999999999999999"),
            row("size overflowing with its unit", "create", "x", "--size", "9000000000T"),
            row("larger than the free space", "create", "x", "--size", "1000T"),
            row("size missing", "create", "x"),
            row("size without a value", "create", "x", "--size"),
            row("bad mode", "create", "x", "--size", "10", "--mode", "9"),
            row("mode with setuid", "create", "x", "--size", "10", "--mode", "4755"),
            row("create over an existing segment", "create", "demo", "--size", "10"),
            // names
            row("name ..", "read", ".."),
            row("name .", "write", ".", "x"),
            row("name of 300 characters", "read", "n".repeat(300)),
            row("empty name", "read", ""),
            row("missing segment", "read", "nope"),
            row("missing file", "read", "./nope/nothing"),
            row("name missing", "read"),
            // offsets and lengths
            row("offset past the end", "read", "demo", "--offset", "5000"),
            row("offset + length past the end", "read", "demo", "--offset", "4000", "--length", "100"),
            row("negative offset for a write", "write", "demo", "--offset", "-1", "x"),
            row("offset before the start", "read", "demo", "--offset", "-1M"),
            row("offset that counts back no bytes", "dump", "demo", "--offset", "-0"),
            row("negative length", "read", "demo", "--length", "-1"),
            row("offset that overflows", "read", "demo", "--offset", "0x7fffffffffffffff", "--length", "2"),
            row("length that overflows", "read", "demo", "--offset", "1", "--length", "9223372036854775807"),
            row("offset not a number", "write", "demo", "--offset", "ten", "x"),
            row("write past the end", "write", "demo", "--offset", "4090", "hello, world!!!"),
            row("write at the end", "write", "demo", "--offset", "4096", "x"),
            row("fill past the end", "write", "demo", "--fill", "1", "--length", "4097"),
            row("fill of a huge length", "write", "demo", "--fill", "1", "--length", "8E"),
            row("text longer than --length", "write", "demo", "--length", "2", "abc"),
            // hex
            row("odd hex", "write", "demo", "--hex", "abc"),
            row("not hex", "write", "demo", "--hex", "zz"),
            row("hex with punctuation", "write", "demo", "--hex", "de:ad"),
            row("empty hex option", "write", "demo", "--hex"),
            // bytes
            row("fill byte too large", "write", "demo", "--fill", "256", "--length", "1"),
            row("fill byte negative", "write", "demo", "--fill", "-1", "--length", "1"),
            row("fill byte of two characters", "write", "demo", "--fill", "ab", "--length", "1"),
            row("fill byte non-ascii", "write", "demo", "--fill", "é", "--length", "1"),
            row("fill without length", "write", "demo", "--fill", "1"),
            // sources
            row("nothing to write", "write", "demo"),
            row("two sources", "write", "demo", "--hex", "00", "text"),
            row("three sources", "write", "demo", "--fill", "1", "--length", "1", "--hex", "00"),
            row("extra positional", "write", "demo", "a", "b"),
            // formats
            row("text and hex together", "read", "demo", "--text", "--hex"),
            // typed values and layouts
            row("i8 value too large", "write", "i64s", "--as", "i8", "300"),
            row("u8 value negative", "write", "i64s", "--as", "u8", "-1"),
            row("u64 value too large", "write", "i64s", "--as", "u64", "18446744073709551616"),
            row("f32 value not a number", "write", "i64s", "--as", "f32", "abc"),
            row("unknown type", "read", "i64s", "--as", "i33"),
            row("unknown byte order", "read", "i64s", "--as", "u32xe"),
            row("typed read past the end", "read", "i64s", "--as", "i64", "--offset", "60"),
            row("typed array past the end", "read", "i64s", "--as", "i64", "--count", "9"),
            row("typed write with no value", "write", "i64s", "--as", "i64"),
            row("layout with a bad type", "read", "i64s", "--layout", "bar:i33"),
            row("layout without a type", "read", "i64s", "--layout", "bar"),
            row("layout with a duplicate field", "read", "i64s", "--layout", "a:i32 a:i32"),
            row("layout with a bad array", "read", "i64s", "--layout", "t:f64[0]"),
            row("layout file missing", "read", "i64s", "--layout", "@/nonexistent/spec"),
            row("layout write of an unknown field", "write", "i64s", "--layout", "bar:i32", "baz=1"),
            row("layout write of a bad value", "write", "i64s", "--layout", "bar:i8", "bar=1000"),
            row("layout larger than the segment", "write", "i64s", "--layout", "a:i64[9]", "a[0]=1"),
            row("as and layout together", "read", "i64s", "--as", "i32", "--layout", "a:i32"),
            row("misaligned atomic add", "add", "i64s", "--offset", "4", "--as", "i64", "1"),
            row("atomic add past the end", "add", "i64s", "--offset", "64", "--as", "i64", "1"),
            row("add of a value that does not fit", "add", "i64s", "--as", "i8", "1000"),
            row("cas missing its new value", "cas", "i64s", "--as", "i64", "0"),
            row("misaligned cas", "cas", "i64s", "--offset", "2", "--as", "i32", "0", "1"),
            // dump and --from-dump
            row("read past the end (dump stops at the end instead)", "read", "demo", "--offset", "4000", "--length", "200"),
            row("dump with zero columns", "dump", "demo", "--cols", "-1"),
            row("dump with a bad group", "dump", "demo", "--group", "abc"),
            row("dump with a bad colour", "dump", "demo", "--color", "sometimes"),
            row("dump canonical and plain together", "dump", "demo", "--canonical", "--plain"),
            row("from-dump with --length", "write", "demo", "--from-dump", "--length", "4"),
            // watch
            row("watch with a bad timeout", "watch", "demo", "--timeout", "5x"),
            row("watch with a negative interval", "watch", "demo", "--interval", "-1s"),
            row("watch with a zero count", "watch", "demo", "--count", "0"),
            row("watch past the end", "watch", "demo", "--offset", "4000", "--length", "200"),
            row("watch text and hex together", "watch", "demo", "--text", "--hex"),
            row("watch of a missing segment", "watch", "nope", "--timeout", "1s"),
            // inspect and clean up
            row("info of a missing segment", "info", "nope"),
            row("list of a missing folder", "list", "/nonexistent/folder"),
            row("rm of a missing segment", "rm", "nope"),
            row("rm of ..", "rm", ".."),
            row("resize to zero", "resize", "demo", "--size", "0"),
            row("resize without a size", "resize", "demo"),
            row("resize of a missing segment", "resize", "nope", "--size", "4K"),
            row("resize beyond the free space", "resize", "demo", "--size", "1000T"),
            // lock and shell
            row("lock without a command", "lock", "demo"),
            row("lock with a bad timeout", "lock", "demo", "--lock-timeout", "x", "--", "true"),
            row("lock-timeout without --lock", "read", "demo", "--lock-timeout", "1s"),
            row("shell of a missing segment", "shell", "nope"),
            row("completion for an unknown shell", "completion", "fish"),
            // commands and options
            row("unknown command", "frobnicate", "demo"),
            row("misspelt command", "raed", "demo"),
            row("unknown option", "read", "demo", "--bogus"),
            row("unknown short option", "read", "demo", "-Z"),
            row("option given twice", "read", "demo", "--offset", "1", "--offset", "2"),
            row("abbreviated option", "read", "demo", "--off", "1"),
            row("help for an unknown command", "help", "nothing")
        );
    }

    static Arguments row(String what, String... args) {
        return Arguments.of(what, args);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void is_refused_with_one_line_and_changes_nothing(String what, String[] args) throws IOException {
        Map<String, byte[]> before = Contract.snapshot(dir);
        String[] resolved = Stream.of(args).map(a -> a.replace("FILE", dir.resolve("file.bin").toString()))
                .toArray(String[]::new);
        CommandRun run = shm.run(resolved);
        Contract.assertRefusedCleanly(run, what);
        Contract.assertUnchanged(before, Contract.snapshot(dir), what);
    }
}
