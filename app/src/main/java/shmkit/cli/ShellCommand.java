package shmkit.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.OptionSpec;
import shmkit.cli.shell.Shell;

/**
 * shm shell: many commands over one open mapping, in one process. Reads a command a line: from a
 * terminal with a prompt, history and completion (jline); otherwise as a batch, with no prompt and no
 * echo, stopping at the first failure and naming its line.
 */
final class ShellCommand extends Subcommand {
    private final SegmentOptions segment = SegmentOptions.nameOnly(this);
    private final OptionSpec keepGoing;

    ShellCommand(Context context) {
        super(context, "shell", "Run many commands on one segment in one process.",
                "Commands are the CLI's, without the segment name: 'write --offset 0 hello', 'read --text'. "
                        + "On a terminal: a prompt with history (~/.shm_history), line editing and tab completion; "
                        + "Ctrl-D or 'exit' leaves. From a pipe or file: one command a line (blank lines and "
                        + "# comments skipped), each printing what the CLI would; the first failure stops the "
                        + "batch with its line number (exit 1) unless --keep-going. A segment removed, replaced "
                        + "or shrunk between two commands is reported by the next one, which does nothing.");
        keepGoing = flag("In a batch, go on after a failing line; exit 1 at the end if any failed.", "-k", "--keep-going");
        examples("shm shell demo", "printf 'write --offset 0 hello\\nread --text\\n' | shm shell demo",
                "shm shell counters < script.shm");
    }

    @Override
    protected int run() throws Exception {
        try (Shell shell = new Shell(io, segment.name())) {
            return shell.run(isSet(keepGoing), historyFile());
        }
    }

    /** ~/.shm_history, where HOME says home is (as shells do), else the account's home. */
    private Path historyFile() {
        String home = io.env("HOME");
        return Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"), ".shm_history");
    }
}
