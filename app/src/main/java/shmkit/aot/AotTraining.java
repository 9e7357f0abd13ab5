package shmkit.aot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import shmkit.Main;
import shmkit.ShmException;
import shmkit.cli.Io;

/**
 * The training runs for the JDK's AOT caches (scripts/lib/aot-train), one per family of commands.
 * With AOT class linking the JVM loads every class of its cache at start-up, so a cache trained on
 * everything would make 'read' pay for the shell's and list's classes: each family gets a cache of
 * its own, and the launcher picks it by the command's name (scripts/lib/launch.sh). Whatever a
 * training touches is in its cache and loads at every start, so it runs only what users run, the
 * way they run it (stdout a file, as in a pipeline). Not a user command.
 */
public final class AotTraining {
    private final Path dir;

    /** The families this class can train. */
    public static final java.util.List<String> FAMILIES = java.util.List.of("bytes", "core", "inspect", "shell", "dump", "watch",
            shmkit.cli.Commands.INSPECT_NO_USED, shmkit.cli.Commands.KINDS);

    private AotTraining(Path dir) {
        this.dir = dir;
    }

    /**
     * @param args the family to train (bytes, core, inspect, shell, dump, watch, inspect-no-used or kinds) and an empty folder for
     *             its segments, which the caller removes (a temporary folder made here would put
     *             SecureRandom in the cache)
     */
    public static void main(String[] args) {
        if (args[0].equals("--families")) {
            // What aot-train builds: every cache some command starts from (Commands.FAMILIES says which).
            System.out.println(String.join(" ", shmkit.cli.Commands.cacheFamilies()));
            return;
        }
        AotTraining training = new AotTraining(Path.of(args[1]));
        Io.system(); // the real streams' classes, without writing to them
        training.ok("", "create", "t", "--size", "64K");
        training.ok("", "write", "t", "--offset", "0x10", "hello");
        switch (args[0]) {
            case "bytes" -> training.bytes();
            case "core" -> training.core();
            case "inspect" -> {
                training.ok("", "list");
                training.ok("", "info", "t");
                training.expect(ShmException.FAILURE, "", "info", "missing");
            }
            case shmkit.cli.Commands.INSPECT_NO_USED -> {
                training.ok("", "list", "--no-used");
                training.ok("", "list", "--no-used", "--json");
                training.ok("", "info", "t", "--no-used");
                training.expect(ShmException.FAILURE, "", "info", "missing", "--no-used");
            }
            case "shell" -> training.shell();
            case "dump" -> training.dump();
            case "watch" -> training.watch();
            case shmkit.cli.Commands.KINDS -> training.kinds();
            default -> throw new IllegalArgumentException("no training family '" + args[0] + "'");
        }
    }

    /** The byte commands, typed values aside: what most calls are (the launcher's family "bytes"). */
    private void bytes() {
        ok("", "create", "u", "--size", "4K");
        ok("", "write", "t", "hello");
        ok("", "write", "t", "--offset", "0x10", "--hex", "de ad be ef");
        ok("", "write", "t", "--fill", "a", "--length", "100");
        ok("", "write", "t", "--length", "64", "msg 1");
        ok("stdin bytes", "write", "t", "-");
        ok("", "read", "t", "--length", "16");
        ok("", "read", "t", "--text");
        ok("", "read", "t", "--hex", "-l", "8");
        ok("", "resize", "u", "--size", "8K");
        ok("", "rm", "u");
        expect(ShmException.FAILURE, "", "create", "t", "--size", "4K");
        expect(ShmException.FAILURE, "", "read", "missing");
        expect(ShmException.USAGE, "", "read", "t", "--offset", "70000", "--length", "15");
        expect(ShmException.USAGE, "", "read", "t", "--bogus");
    }

    /** Typed values, and the commands no other family takes. */
    private void core() {
        ok("", "write", "t", "--offset", "8", "--as", "i64", "31337");
        ok("", "read", "t", "--offset", "8", "--as", "i64");
        ok("", "write", "t", "--layout", "bar:i32 baz:i32", "bar=31337", "baz=98");
        ok("", "read", "t", "--layout", "bar:i32 baz:i32");
        ok("", "add", "t", "--offset", "32", "--as", "i64", "1");
        ok("", "cas", "t", "--offset", "32", "--as", "i64", "1", "2");
        ok("", "layout", "bar:i32 baz:f64");
        // Floating point both ways and JSON: their parsing and printing classes (the JDK's too).
        ok("", "write", "t", "--offset", "40", "--as", "f64", "2.5");
        ok("", "read", "t", "--offset", "40", "--as", "f32", "--count", "2");
        ok("", "write", "t", "--layout", "a:i32 b:f64", "a=1", "b=-0.125");
        ok("", "read", "t", "--layout", "a:i32 b:f64", "--json");
        expect(ShmException.USAGE, "", "read", "t", "--as", "bogus");
    }

    /**
     * Every layout once (their classes go into the cache), and 8 MiB of xxd's default layout, long
     * enough for the JIT's profiles of the per-line path to be kept in the cache: a big dump then
     * reaches compiled code sooner.
     */
    private void dump() {
        ok("", "dump", "t", "--length", "64");
        ok("", "dump", "t", "--canonical", "--length", "256");
        ok("", "dump", "t", "--squeeze", "--color", "always", "--length", "256");
        ok("", "dump", "t", "--offset", "-64", "--upper", "--group", "4");
        ok("", "dump", "t", "--bits", "--length", "64");
        ok("", "dump", "t", "--little-endian", "--length", "64");
        ok("", "dump", "t", "--decimal", "--display-offset", "16", "--length", "64");
        ok("", "dump", "t", "--plain", "--length", "64");
        ok("", "dump", "t", "--include", "--length", "64");
        ok("", "dump", "t", "--as", "u32", "--radix", "x", "--length", "64");
        ok("", "dump", "t", "--as", "f64", "--length", "64");
        ok("", "dump", "t", "--border", "unicode", "--squeeze", "--length", "256");
        // A file made here rather than by shm create and write, whose classes would join the cache.
        Path big = dir.resolve("big");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(8 << 20);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < 3; i++) {
            ok("", "dump", big.toString());
        }
    }

    /**
     * A watch that sees another writer's change (the path that matters), and ones that time out. No
     * watch here parks long enough to bind prctl (Pacer binds it after 50 ms of parking): the FFM
     * linker's classes would be in the cache and load at every watch's start (~1,700 classes instead
     * of ~1,420). The writer writes as soon as the watch first parks, and the training fails if prctl
     * was bound all the same.
     */
    private void watch() {
        Thread watching = Thread.currentThread();
        Thread writer = new Thread(() -> {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (watching.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(1); // not a spin: two trainings share the two cores
                } catch (InterruptedException e) {
                    return;
                }
            }
            ok("", "write", "t", "--offset", "0x10", "hello world");
        });
        writer.start();
        ok("", "watch", "t", "--offset", "0x10", "--text", "--until", "hello world", "--timeout", "10s");
        try {
            writer.join();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        expect(ShmException.TIMEOUT, "", "watch", "t", "--hex", "--length", "8", "--timeout", "20ms");
        // The default form (a dump of what changed) and typed values: their classes too.
        expect(ShmException.TIMEOUT, "", "watch", "t", "--length", "64", "--timeout", "20ms");
        expect(ShmException.TIMEOUT, "", "watch", "t", "--as", "u32", "--timeout", "20ms");
        if (shmkit.sys.TimerSlack.bindingAsked()) {
            throw new IllegalStateException("a training watch bound prctl: the watch cache would hold the FFM linker");
        }
    }

    /**
     * The other kinds of segment, as the launcher's kinds cache serves them: a file this JVM holds,
     * reached as pid:PID:fd:N (as a memfd is), the lookup of a mapping, and a System V segment made and
     * removed here (where the machine allows System V IPC; where it does not, that part is left out).
     */
    private void kinds() {
        Path held = dir.resolve("held");
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(held,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[4096]));
            long pid = ProcessHandle.current().pid();
            String fd = "pid:" + pid + ":fd:" + descriptorOf(held);
            ok("", "write", fd, "--offset", "8", "held");
            ok("", "read", fd, "--length", "16");
            ok("", "info", fd);
            // No shared mapping here to name (only segment/ maps files): the lookup of one, refused.
            run("", "read", "pid:" + pid + "@0x1000", "--length", "16");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ok("", "list", "--all");
        String key = "sysv:0x" + Long.toHexString(0x5e000000L | (ProcessHandle.current().pid() & 0xffffff));
        if (run("", "create", key, "--size", "4K") == 0) {
            ok("", "write", key, "sysv");
            ok("", "read", key, "--length", "16");
            ok("", "info", key);
            ok("", "list", "--kind", "sysv");
            ok("", "rm", key);
        }
        expect(ShmException.FAILURE, "", "read", "sysv:0x7ffffffe");
        expect(ShmException.FAILURE, "", "read", "pid:1:fd:999999");
    }

    /** The descriptor number this process holds {@code file} open as. */
    private static String descriptorOf(Path file) throws IOException {
        try (java.util.stream.Stream<Path> fds = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (java.nio.file.Files.readSymbolicLink(fd).equals(file.toAbsolutePath())) {
                        return fd.getFileName().toString();
                    }
                } catch (IOException gone) {
                    // the listing's own descriptor, closed by now
                }
            }
        }
        throw new IOException("no descriptor of " + file + " in /proc/self/fd");
    }

    /**
     * The byte commands a session starts with (without them a shell's first 'read' loaded its classes
     * from the jar and spun a lambda), then a batch long enough for the JIT's profiles of the per-line
     * path to be kept in the cache.
     */
    private void shell() {
        StringBuilder batch = new StringBuilder("""
                write hello
                write --offset 0x10 --hex 'de ad be ef'
                write --fill a --length 100
                read --length 16
                read --text
                read --hex --length 8
                dump --length 64
                info --no-used
                write --offset 8 --as u32 7
                read --offset 8 --as u16 --count 2
                """);
        for (int i = 0; i < 3000; i++) {
            batch.append("write --offset ").append(i % 64 * 8).append(" --as i64 ").append(i).append('\n')
                    .append("read --offset ").append(i % 64 * 8).append(" --as i64\n")
                    .append("add --offset 8 --as i64 1\n");
        }
        ok(batch.toString(), "shell", "t");
    }

    private void ok(String stdin, String... args) {
        expect(0, stdin, args);
    }

    /**
     * Runs a command with stdout a real file (/dev/null) and fails the training (and so the build) when
     * it does not end as expected: a training that quietly failed would leave a cache of the wrong classes.
     */
    private void expect(int status, String stdin, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int actual = run(err, stdin, args);
        if (actual != status) {
            throw new IllegalStateException("training run 'shm " + String.join(" ", args) + "' exited " + actual
                    + ", not " + status + ": " + err.toString(StandardCharsets.UTF_8).strip());
        }
    }

    /** Runs a command whose failure the training can live with; its status. */
    private int run(String stdin, String... args) {
        return run(new ByteArrayOutputStream(), stdin, args);
    }

    private int run(ByteArrayOutputStream err, String stdin, String... args) {
        int actual;
        try (FileOutputStream devNull = new FileOutputStream("/dev/null")) {
            actual = Main.run(args, Io.toFile(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                    devNull, err, Map.of("SHM_DIR", dir.toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return actual;
    }
}
