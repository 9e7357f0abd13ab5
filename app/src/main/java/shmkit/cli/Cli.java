package shmkit.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import shmkit.ShmException;

/**
 * The one factory for shm's command line, used by main, the shell and the tests alike: it wires the
 * subcommands, the streams, the colour choice, and the handlers that turn every failure into one
 * line on stderr and an exit status (0 ok, 1 failure, 2 usage, 124 timeout, 130 interrupted).
 */
public final class Cli {
    public static final String VERSION = "0.1.0";

    static {
        // picocli's documented switches for two costs every start would pay for nothing: looking for
        // Groovy on the class path (a failed class lookup through every jar, ~10 ms) and registering
        // converters for java.time, java.sql and Path by reflection. shm converts its own types.
        System.setProperty("picocli.disable.closures", "true");
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", ".*");
        }
    }

    private Cli() {}

    /** Runs one command line and returns its exit status. Unexpected exceptions are rethrown (they are bugs). */
    public static int run(String[] args, Io io) {
        String first = args.length > 0 ? args[0] : "";
        if (Commands.NAMES.contains(first)) {
            // The common case builds one command and no root: picocli's model costs time at every start.
            Subcommand command = Commands.create(first, io);
            command.spec.name("shm " + first);
            CommandLine commandLine = new CommandLine(command.spec);
            configure(commandLine, io);
            return new Runner(commandLine, io).run(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        return runner(io).run(args);
    }

    /** Runs many command lines on one command tree (the shell): the model is built once. */
    public static Runner runner(Io io) {
        return new Runner(commandLine(io), io);
    }

    /** A command tree and its streams, ready to run command lines one after another. */
    public static final class Runner {
        private final CommandLine commandLine;
        private final Io io;
        private final Unexpected unexpected = new Unexpected();

        private Runner(CommandLine commandLine, Io io) {
            this.commandLine = commandLine;
            this.io = io;
            commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, cmd, io, unexpected));
        }

        public CommandLine commandLine() {
            return commandLine;
        }

        public int run(String... args) {
            unexpected.exception = null;
            int status = commandLine.execute(args);
            if (unexpected.exception != null) {
                io.flush();
                throw unexpected.exception;
            }
            return flush(io, status);
        }
    }

    /** The whole command line, every subcommand built (for help, the shell, completion and man pages). */
    public static CommandLine commandLine(Io io) {
        CommandSpec root = CommandSpec.wrapWithoutInspection(new Root(io));
        root.name("shm").version("shm " + VERSION);
        root.usageMessage()
                .description("Shared memory from the shell: create, write, read, watch and dump named segments "
                        + "(/dev/shm/NAME, as shm_open) or files, across separate processes.")
                .sortOptions(false)
                .footerHeading("%nExamples:%n")
                .footer("  shm create demo --size 100", "  shm write demo --fill a --length 100",
                        "  shm read demo --text", "", "Run 'shm help COMMAND' for a command's options.",
                        "Exit status: 0 ok, 1 failure, 2 bad usage or input, 124 timeout, 130 interrupted.");
        Subcommand.addStandardHelp(root);
        CommandLine commandLine = new CommandLine(root);
        for (String name : Commands.NAMES) {
            commandLine.addSubcommand(name, new CommandLine(Commands.create(name, io).spec));
        }
        commandLine.addSubcommand("help", new CommandLine.HelpCommand());
        configure(commandLine, io);
        return commandLine;
    }

    private static void configure(CommandLine commandLine, Io io) {
        Help.Ansi ansi = io.colorAllowed() ? Help.Ansi.ON : Help.Ansi.OFF;
        commandLine.setOut(io.text())
                .setErr(io.err())
                .setColorScheme(Help.defaultColorScheme(ansi))
                .setAbbreviatedOptionsAllowed(false)
                // '@FILE' is data to shm (--layout @FILE, text to write), never picocli's argument file
                .setExpandAtFiles(false)
                .setExecutionStrategy(parsed -> {
                    try {
                        return new CommandLine.RunLast().execute(parsed);
                    } catch (ShmException e) {
                        // From picocli's own printing (help or version into a closed pipe), which picocli
                        // would otherwise report with a trace.
                        if (!e.isQuiet()) {
                            io.err().println("shm: " + e.getMessage());
                        }
                        return e.status();
                    }
                })
                .setParameterExceptionHandler((e, args) -> usageError(e, io))
                .setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, cmd, io, new Unexpected()));
    }

    /** Bad usage: one line naming the problem, one line pointing at --help; exit 2. */
    private static int usageError(ParameterException e, Io io) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = io.err();
        String message = lowerFirst(e.getMessage().replaceFirst("^Error: ", ""));
        if (e instanceof UnmatchedArgumentException unmatched) {
            List<String> rest = unmatched.getUnmatched();
            if (cmd.getParent() == null && !rest.isEmpty() && !rest.get(0).startsWith("-")) {
                message = "unknown command '" + rest.get(0) + "'";
            }
            if (!unmatched.getSuggestions().isEmpty()) {
                message += " (did you mean '" + unmatched.getSuggestions().get(0) + "'?)";
            }
        }
        err.println(prefix(cmd, io) + message);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ShmException.USAGE;
    }

    /**
     * An exception nobody expected (a bug). picocli would print its trace if the handler threw it, so
     * the handler parks it here and {@link #run} rethrows it once picocli is done.
     */
    private static final class Unexpected {
        RuntimeException exception;
    }

    private static int failure(Exception e, CommandLine cmd, Io io, Unexpected unexpected) {
        if (e instanceof ShmException shm) {
            if (!shm.isQuiet()) {
                io.err().println(prefix(cmd, io) + shm.getMessage());
                if (shm.status() == ShmException.USAGE) {
                    io.err().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
                }
                io.trace(shm);
            }
            io.err().flush();
            return shm.status();
        }
        if (e instanceof java.nio.file.InvalidPathException path) {
            // A path argument the file system cannot name (a NUL, an encoding the locale lacks): bad input.
            io.err().println(prefix(cmd, io) + "'" + path.getInput().replace("\0", "\\0") + "' is not a usable path: "
                    + path.getReason());
            io.err().flush();
            return ShmException.USAGE;
        }
        if (e instanceof java.io.IOException failed) {
            // An I/O failure nobody translated yet (stdin, a device): a runtime failure, not a bug.
            io.err().println(prefix(cmd, io) + "I/O error: " + shmkit.segment.Segments.reason(failed));
            io.err().flush();
            return ShmException.FAILURE;
        }
        unexpected.exception = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        return ShmException.FAILURE;
    }

    private static int flush(Io io, int status) {
        try {
            io.flush();
        } catch (ShmException e) {
            if (!e.isQuiet()) {
                io.err().println("shm: " + e.getMessage());
                io.err().flush();
                return e.status();
            }
        }
        return status;
    }

    /**
     * "shm: write: " for a subcommand (named "write" under the root, or "shm write" alone), "shm: " for
     * the root; the shell adds where it was ("shm: line 3: write: ").
     */
    static String prefix(CommandLine cmd, Io io) {
        String[] path = cmd.getCommandSpec().qualifiedName(" ").split(" ");
        StringBuilder prefix = new StringBuilder("shm: ");
        if (io.errorContext() != null) {
            prefix.append(io.errorContext()).append(": ");
        }
        for (int i = 1; i < path.length; i++) {
            prefix.append(path[i]).append(": ");
        }
        return prefix.toString();
    }

    private static String lowerFirst(String message) {
        if (message == null || message.isEmpty()) {
            return "invalid usage";
        }
        return message.length() > 1 && Character.isUpperCase(message.charAt(1))
                ? message : message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    }

    /** The bare command: usage on stderr, exit 2, as for any command line that names no command. */
    private static final class Root implements java.util.concurrent.Callable<Integer> {
        private final Io io;

        Root(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            CommandLine full = commandLine(io);
            full.usage(io.err(), full.getColorScheme());
            return ShmException.USAGE;
        }
    }
}
