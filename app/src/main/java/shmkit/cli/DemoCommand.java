package shmkit.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.OptionSpec;
import shmkit.ShmException;
import shmkit.segment.Segment;
import shmkit.segment.SegmentName;
import shmkit.segment.Segments;
import shmkit.segment.WritableSegment;

/**
 * shm demo: the parent/child scenario played by two real processes in one terminal. The parent (this
 * process) creates a segment and starts a second shm JVM as its child; each does its half through
 * the segment and says what it does, with the shm command that does the same from a shell. The
 * parent owns the segment and the child process: both are gone when it ends, Ctrl-C included.
 */
final class DemoCommand extends Subcommand {
    static final int SIZE = 100;
    /** The child gives up when the parent has not written by then (or is gone). */
    private static final long CHILD_PATIENCE_MILLIS = 60_000;

    private final OptionSpec pause;
    private final OptionSpec child;

    DemoCommand(Context context) {
        super(context, "demo", "Show two processes sharing a segment: a parent writes, its child wakes and reads.",
                "Runs the classic mmap-and-fork example with two real processes in this terminal: the parent creates "
                        + "a " + SIZE + "-byte segment and starts a second shm process as its child, which waits; the "
                        + "parent prints the bytes (all zero: new shared memory is zero-filled), fills them with 'a'; "
                        + "the child wakes and prints them. Each step shows the shm command that does it from a shell. "
                        + "The segment (shm-demo-PID in $SHM_DIR, default /dev/shm) is removed at the end, also on Ctrl-C.");
        pause = option(OptionSpec.builder("--pause").paramLabel("MS").type(Integer.class).defaultValue("700")
                .description("Milliseconds between steps, so they can be followed (default ${DEFAULT-VALUE}); 0 runs at full speed."));
        child = option(OptionSpec.builder("--child").paramLabel("NAME").type(String.class).hidden(true)
                .description("Play the child's part on segment NAME (the parent starts it so)."));
        examples("shm demo", "shm demo --pause 0");
    }

    @Override
    protected int run() throws Exception {
        String childOf = child.getValue();
        return childOf != null ? child(childOf) : parent();
    }

    private int parent() throws IOException, InterruptedException {
        int pauseMillis = Math.max(0, pause.<Integer>getValue());
        String name = "shm-demo-" + ProcessHandle.current().pid();
        SegmentName segment = SegmentName.parse(name, io.shmDir());
        say("shm demo: a parent and a child process share one " + SIZE + "-byte segment, as a C program does with");
        say("mmap(MAP_SHARED) and fork(). Each step shows the shm command that does the same from a shell.");
        say("");
        Cleanup cleanup = new Cleanup(segment.path());
        Thread hook = new Thread(cleanup::interrupted, "shm-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            step("parent", "creates segment '" + name + "', " + SIZE + " bytes", "shm create " + name + " --size " + SIZE);
            Segments.create(segment, SIZE, Segments.DEFAULT_MODE, null);
            cleanup.created = true;
            pause(pauseMillis);

            Process process = startChild(name);
            cleanup.child = process;
            step("parent", "starts the child, a second shm process (pid " + process.pid() + ")", null);
            Thread.ofVirtual().start(() -> relay(new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8)), io.err()));
            BufferedReader childOut = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            // The child's first line says it is attached and waiting; the parent goes on only then.
            String ready = childOut.readLine();
            if (ready == null) {
                throw ShmException.failure("the child process ended (status " + process.waitFor() + ") before it was ready");
            }
            say(ready);
            pause(pauseMillis);

            try (WritableSegment region = Segments.openWritable(segment)) {
                step("parent", "reads the segment: " + SIZE + " zero bytes, as new shared memory always is",
                        "shm read " + name + " | xxd");
                // What '| xxd' prints (shm's dumper is byte-identical to it), as the step says.
                byte[] dump = shmkit.hex.HexDumper.builder().build().dump(region.read(0, SIZE), 0);
                for (String line : new String(dump, StandardCharsets.US_ASCII).split("\n")) {
                    say(prefix("parent") + "  " + line);
                }
                pause(pauseMillis);
                step("parent", "fills it with " + SIZE + " 'a' bytes", "shm write " + name + " --fill a --length " + SIZE);
                region.fill(0, SIZE, (byte) 'a');
            }
            for (String line; (line = childOut.readLine()) != null; ) {
                say(line);
            }
            int status = process.waitFor();
            if (status != 0) {
                throw ShmException.failure("the child process failed (status " + status + ")");
            }
            pause(pauseMillis);
            step("parent", "the child has ended; removes the segment", "shm rm " + name);
        } finally {
            cleanup.run();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        return 0;
    }

    /** The child: attaches, waits until every byte has been written, prints them. */
    private int child(String name) throws InterruptedException {
        SegmentName segment = SegmentName.parse(name, io.shmDir());
        try (Segment region = Segments.open(segment)) {
            step("child", "opens '" + name + "' and sleeps until the parent has written it", null);
            ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
            long deadline = System.nanoTime() + CHILD_PATIENCE_MILLIS * 1_000_000;
            byte[] bytes = region.read(0, SIZE);
            while (!allWritten(bytes)) {
                if (parent != null && !parent.isAlive()) {
                    throw ShmException.failure("the parent process is gone; stopped waiting");
                }
                if (System.nanoTime() > deadline) {
                    throw new ShmException(ShmException.Reason.TIMED_OUT, "waited " + CHILD_PATIENCE_MILLIS / 1000
                            + " s and the parent did not write; stopped");
                }
                Thread.sleep(10);
                bytes = region.read(0, SIZE);
            }
            step("child", "wakes up: the bytes changed; reads them", "shm read " + name + " --text");
            say(prefix("child") + "  " + new String(bytes, StandardCharsets.US_ASCII));
            step("child", "done", null);
        }
        return 0;
    }

    private static boolean allWritten(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The child is this same program in a new JVM: the java that runs this one, with its JVM options
     * (the launcher's, the AOT cache among them) and its class path.
     */
    private Process startChild(String name) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-agentlib:jdwp")) {
                command.add(option);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "shmkit.Main", "demo", "--child", name));
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("SHM_DIR", io.shmDir().toString());
        return builder.start();
    }

    /** One step: what a role does, then the shell command that does the same. */
    private void step(String role, String what, String command) {
        say(prefix(role) + what);
        if (command != null) {
            say(prefix(role) + "  $ " + command);
        }
    }

    /** "[parent] " and "[child]  ", so both roles' words start in the same column. */
    private static String prefix(String role) {
        return role.equals("child") ? "[child]  " : "[parent] ";
    }

    private void say(String line) {
        io.text().println(line);
        io.flush();
    }

    private static void pause(int millis) throws InterruptedException {
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private static void relay(BufferedReader from, java.io.PrintWriter to) {
        try (from) {
            for (String line; (line = from.readLine()) != null; ) {
                to.println(line);
                to.flush();
            }
        } catch (IOException ignored) {
            // the child is gone; what it said is said
        }
    }

    /** Removes what the parent made: the child process and the segment, once, on any way out. */
    private final class Cleanup {
        private final Path segment;
        volatile boolean created;
        volatile Process child;
        private boolean done;

        Cleanup(Path segment) {
            this.segment = segment;
        }

        synchronized void run() {
            if (done) {
                return;
            }
            done = true;
            Process process = child;
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            if (created) {
                try {
                    Files.deleteIfExists(segment);
                } catch (IOException e) {
                    io.err().println("shm: demo: could not remove " + segment + ": " + Segments.reason(e));
                }
            }
        }

        /** From the shutdown hook: Ctrl-C or a kill; the normal way out has removed the hook. */
        void interrupted() {
            boolean had = created;
            run();
            if (had) {
                io.err().println("shm: demo: interrupted; removed " + segment);
                io.err().flush();
            }
        }
    }
}
