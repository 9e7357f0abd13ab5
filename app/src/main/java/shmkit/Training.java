package shmkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import shmkit.cli.Io;

/**
 * The training run for the JDK's AOT cache (scripts/lib/aot-train): runs the commands people run
 * most, in one JVM, against a scratch folder, so their classes are found already loaded and linked
 * at the next start. Not a user command.
 */
public final class Training {
    private Training() {}

    private static Io scratchIo(Path dir) {
        return new Io(new ByteArrayInputStream("stdin bytes".getBytes()), OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(), Map.of("SHM_DIR", dir.toString()), false, false, false);
    }

    /** @param args more command lines to train on, each one argument with words separated by spaces */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("shm-training");
        try {
            String[][] runs = {
                {"create", "t", "--size", "4K"},
                {"create", "t", "--size", "4K"},
                {"write", "t", "hello"},
                {"write", "t", "--offset", "0x10", "--hex", "de ad be ef"},
                {"write", "t", "--fill", "a", "--length", "100"},
                {"write", "t", "--length", "64", "msg 1"},
                {"write", "t", "-"},
                {"read", "t", "--length", "16"},
                {"read", "t", "--text"},
                {"read", "t", "--hex", "-l", "8"},
                {"read", "t", "--offset", "4090", "--length", "15"},
                {"write", "t", "--offset", "8", "--as", "i64", "31337"},
                {"read", "t", "--offset", "8", "--as", "i64"},
                {"write", "t", "--layout", "bar:i32 baz:i32", "bar=31337", "baz=98"},
                {"read", "t", "--layout", "bar:i32 baz:i32"},
                {"add", "t", "--offset", "16", "--as", "i64", "1"},
                {"cas", "t", "--offset", "16", "--as", "i64", "1", "2"},
                {"list"},
                {"info", "t"},
                {"read", "missing"},
                {"read", "t", "--bogus"},
            };
            Io.system(); // the real streams' classes, without writing to them
            System.getenv();
            for (String[] run : runs) {
                Main.run(run, scratchIo(dir));
            }
            // A shell batch, long enough for the JIT's profiles of the per-line path to be kept in the cache.
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 3000; i++) {
                batch.append("write --offset ").append(i % 64 * 8).append(" --as i64 ").append(i).append('\n')
                        .append("read --offset ").append(i % 64 * 8).append(" --as i64\n")
                        .append("add --offset 8 --as i64 1\n");
            }
            Main.run(new String[] {"create", "b", "--size", "4K"}, scratchIo(dir));
            Main.run(new String[] {"shell", "b"}, new Io(new ByteArrayInputStream(batch.toString().getBytes()),
                    OutputStream.nullOutputStream(), OutputStream.nullOutputStream(), Map.of("SHM_DIR", dir.toString()),
                    false, false, false));
            for (String extra : args) {
                Main.run(extra.split(" "), scratchIo(dir));
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
}
