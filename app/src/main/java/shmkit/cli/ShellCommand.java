package shmkit.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import shmkit.ShmException;
import shmkit.segment.Region;
import shmkit.segment.SegmentName;
import shmkit.segment.Segments;

/**
 * shm shell: many commands over one open mapping, in one process. Reads a command a line: from a
 * terminal with a prompt, history and completion (jline); otherwise as a batch, with no prompt and no
 * echo, stopping at the first failure and naming its line.
 */
final class ShellCommand extends Subcommand {
    private final SegmentOptions segment = SegmentOptions.nameOnly(this);
    private final OptionSpec keepGoing;

    ShellCommand(Io io) {
        super(io, "shell", "Run many commands on one segment in one process.",
                "Commands are the CLI's, without the segment name: 'write --offset 0 hello', 'read --text'. "
                        + "On a terminal: a prompt with history (~/.shm_history), line editing and tab completion; "
                        + "Ctrl-D or 'exit' leaves. From a pipe or file: one command a line (blank lines and "
                        + "# comments skipped), each printing what the CLI would; the first failure stops the "
                        + "batch with its line number (exit 1) unless --keep-going.");
        keepGoing = flag("In a batch, go on after a failing line; exit 1 at the end if any failed.", "-k", "--keep-going");
        examples("shm shell demo", "printf 'write --offset 0 hello\\nread --text\\n' | shm shell demo",
                "shm shell counters < script.shm");
    }

    @Override
    protected int run() throws Exception {
        SegmentName name = segment.name();
        try (Region region = openWritableIfAllowed(name)) {
            io.session(new Io.Session() {
                @Override
                public SegmentName name() {
                    return name;
                }

                @Override
                public Region borrow(Segments.Access access) {
                    if (access == Segments.Access.WRITE && !region.writable()) {
                        throw ShmException.failure("the shell opened " + name + " read-only (no write permission)");
                    }
                    return region.borrow();
                }
            });
            Cli.Runner runner = Cli.runner(io);
            try {
                return io.stdinIsTerminal()
                        ? new shmkit.shell.InteractiveShell(runner.commandLine(), name.arg(), historyFile()).run(words -> runLine(runner, region, name, words), io::interrupt)
                        : batch(runner, region, name);
            } finally {
                io.session(null);
                io.errorContext(null);
            }
        }
    }

    /** ~/.shm_history, where HOME says home is (as shells do), else the account's home. */
    private java.nio.file.Path historyFile() {
        String home = io.env("HOME");
        return java.nio.file.Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"), ".shm_history");
    }

    private static Region openWritableIfAllowed(SegmentName name) {
        try {
            return Segments.open(name, Segments.Access.WRITE);
        } catch (ShmException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("permission denied")) {
                return Segments.open(name, Segments.Access.READ);
            }
            throw e;
        }
    }

    private int batch(Cli.Runner runner, Region region, SegmentName name) throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8), 1 << 16);
        org.jline.reader.impl.DefaultParser words = shmkit.shell.InteractiveShell.parser();
        int failed = 0;
        int number = 0;
        for (String line; (line = lines.readLine()) != null; ) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            io.errorContext("line " + number);
            int status;
            try {
                status = runLine(runner, region, name,
                        words.parse(line, line.length(), org.jline.reader.Parser.ParseContext.ACCEPT_LINE).words());
            } catch (org.jline.reader.EOFError unbalanced) {
                io.err().println("shm: line " + number + ": unclosed quote in: " + line.strip());
                io.err().flush();
                status = ShmException.USAGE;
            }
            if (status != 0) {
                failed++;
                if (!isSet(keepGoing)) {
                    return ShmException.FAILURE;
                }
            }
        }
        return failed == 0 ? 0 : ShmException.FAILURE;
    }

    /**
     * Runs one command of the shell: the segment's name goes in where the command expects NAME.
     * Afterwards the shell's mapping is dropped once commands have used it {@link #MAPPING_USES}
     * times, so the pages they touched do not pile up in a long batch.
     */
    private int runLine(Cli.Runner runner, Region region, SegmentName name, List<String> words) {
        try {
            return runLine(runner, name, words);
        } finally {
            region.unmapAfter(MAPPING_USES);
        }
    }

    /**
     * A use of the mapping touches at most {@link ValueOptions#SMALL} (bytes move by positional I/O,
     * larger typed values through windows of their own), so at most 16 MiB stay mapped.
     */
    private static final int MAPPING_USES = (int) ((16 << 20) / ValueOptions.SMALL);

    private int runLine(Cli.Runner runner, SegmentName name, List<String> words) {
        if (words.isEmpty()) {
            return 0;
        }
        String command = words.get(0);
        if (command.equals("shell")) {
            io.err().println("shm: " + (io.errorContext() != null ? io.errorContext() + ": " : "")
                    + "shell: already in a shell on " + name);
            io.err().flush();
            return ShmException.USAGE;
        }
        List<String> args = new ArrayList<>(words);
        CommandLine sub = runner.commandLine().getSubcommands().get(command);
        if (sub != null && takesName(sub)) {
            args.add(1, name.arg());
        }
        return runner.run(args.toArray(String[]::new));
    }

    static boolean takesName(CommandLine command) {
        var positionals = command.getCommandSpec().positionalParameters();
        return !positionals.isEmpty() && "NAME".equals(positionals.get(0).paramLabel());
    }
}
