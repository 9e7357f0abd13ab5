package shmkit.cli;

import java.nio.file.Path;
import java.util.function.Supplier;
import shmkit.ops.Env;
import shmkit.ops.Interrupts;
import shmkit.ops.Opener;

/**
 * What a command is built with: the streams ({@link Io}), how it reaches segments (directly, or
 * the shell's), and where stop requests come from (signals, or the shell's Ctrl-C). Immutable; the
 * shell makes one for its whole session.
 *
 * @param inShell whether the command runs inside 'shm shell' (which owns the terminal)
 * @param where   where the command runs, for error lines ("line 3"); says null outside the shell
 */
public record Context(Io io, Opener opener, Interrupts interrupts, boolean inShell, Supplier<String> where) {
    /** A command run on its own: segments opened by name, SIGINT and SIGTERM as stop requests. */
    public static Context direct(Io io) {
        return new Context(io, Opener.DIRECT, new Signals(), false, () -> null);
    }

    /** The core's view of these surroundings. */
    Env env() {
        return new Env(opener, io.input(), io.output(), (task, total) -> Progress.of(io, task, total), interrupts,
                scratchFolder());
    }

    /** Where temporary files go: TMPDIR, as other tools use it. */
    private Path scratchFolder() {
        String tmp = io.env("TMPDIR");
        return Path.of(tmp != null && !tmp.isEmpty() ? tmp : System.getProperty("java.io.tmpdir"));
    }
}
