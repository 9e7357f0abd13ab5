package shmkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import shmkit.cli.Io;

/**
 * The training runs for the JDK's AOT caches (scripts/lib/aot-train), one per family of commands.
 * With AOT class linking the JVM loads every class of its cache at start-up, so a cache trained on
 * everything would make 'read' pay for the shell's and list's classes: each family gets a cache of
 * its own, and the launcher picks it by the command's name. Not a user command.
 */
public final class Training {
    /** The families, and the commands scripts/lib/launch.sh sends to each (everything else: core). */
    public static final List<String> FAMILIES = List.of("core", "inspect", "shell", "dump", "watch");

    private Training() {}

    private static Io scratchIo(Path dir, String stdin) {
        return new Io(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(), Map.of("SHM_DIR", dir.toString()), false, false, false);
    }

    private static void run(Path dir, String stdin, String... args) {
        Main.run(args, scratchIo(dir, stdin));
    }

    /** @param args the family to train: core, inspect, shell, dump or watch */
    public static void main(String[] args) throws IOException {
        String family = args.length > 0 ? args[0] : "core";
        Path dir = Files.createTempDirectory("shm-training");
        try {
            Io.system(); // the real streams' classes, without writing to them
            System.getenv();
            run(dir, "", "create", "t", "--size", "64K");
            run(dir, "", "write", "t", "--offset", "0x10", "hello");
            switch (family) {
                case "core" -> core(dir);
                case "inspect" -> {
                    run(dir, "", "list");
                    run(dir, "", "info", "t");
                    run(dir, "", "info", "missing");
                }
                case "shell" -> shell(dir);
                case "dump" -> {
                    run(dir, "", "dump", "t", "--length", "64");
                    run(dir, "", "dump", "t");
                    run(dir, "", "dump", "t", "--canonical", "--length", "256");
                }
                case "watch" -> {
                    run(dir, "", "watch", "t", "--text", "--until", "hello", "--timeout", "1s");
                    run(dir, "", "watch", "t", "--hex", "--length", "8", "--timeout", "50ms");
                }
                default -> throw new IllegalArgumentException("no training family '" + family + "'");
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static void core(Path dir) {
        String[][] runs = {
            {"create", "t", "--size", "4K"},
            {"write", "t", "hello"},
            {"write", "t", "--offset", "0x10", "--hex", "de ad be ef"},
            {"write", "t", "--fill", "a", "--length", "100"},
            {"write", "t", "--length", "64", "msg 1"},
            {"read", "t", "--length", "16"},
            {"read", "t", "--text"},
            {"read", "t", "--hex", "-l", "8"},
            {"read", "t", "--offset", "70000", "--length", "15"},
            {"write", "t", "--offset", "8", "--as", "i64", "31337"},
            {"read", "t", "--offset", "8", "--as", "i64"},
            {"write", "t", "--layout", "bar:i32 baz:i32", "bar=31337", "baz=98"},
            {"read", "t", "--layout", "bar:i32 baz:i32"},
            {"add", "t", "--offset", "16", "--as", "i64", "1"},
            {"cas", "t", "--offset", "16", "--as", "i64", "1", "2"},
            {"read", "missing"},
            {"read", "t", "--bogus"},
        };
        for (String[] run : runs) {
            run(dir, "stdin bytes", run);
        }
        run(dir, "stdin bytes", "write", "t", "-");
    }

    /** A batch long enough for the JIT's profiles of the per-line path to be kept in the cache. */
    private static void shell(Path dir) {
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            batch.append("write --offset ").append(i % 64 * 8).append(" --as i64 ").append(i).append('\n')
                    .append("read --offset ").append(i % 64 * 8).append(" --as i64\n")
                    .append("add --offset 8 --as i64 1\n");
        }
        run(dir, batch.toString(), "shell", "t");
    }
}
