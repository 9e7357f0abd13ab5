package shmkit.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import shmkit.ShmException;
import shmkit.segment.Segments;
import shmkit.text.SafeText;

/**
 * The one factory for shm's command line, used by main, the shell and the tests alike: it wires the
 * subcommands, the streams, the colour choice, and the handlers that turn every failure into one
 * line on stderr and an exit status (0 ok, 1 failure, 2 usage, 124 timeout, 130 interrupted). Every
 * error line goes through {@link #printError}: made safe for a terminal and cut to a sane length.
 */
public final class Cli {
    public static final String VERSION = "0.1.0";

    static {
        // picocli's documented switch for a cost every start would pay for nothing: looking for Groovy
        // on the class path (a failed class lookup through every jar, ~10 ms). Its converters found by
        // reflection (java.time, java.sql, Path) are left out by a patch (app/pom.xml, note 6).
        System.setProperty("picocli.disable.closures", "true");
        // picocli reads the system property picocli.trace again at every trace call (several a
        // parse) unless a level was set: set the one the property names, once.
        CommandLine.Tracer tracer = CommandLine.tracer();
        tracer.setLevel(tracer.getLevel());
    }

    private Cli() {}

    /** Runs one command line on its own (main, tests) and returns its exit status. */
    public static int run(String[] args, Io io) {
        Context context = Context.direct(io);
        String notUtf8 = RawArgs.problem(args, io.env());
        if (notUtf8 != null) {
            printError(context, "shm: ", notUtf8, null);
            return ShmException.USAGE;
        }
        // The common case builds one command and no root: picocli's model costs time at every start.
        return runner(context).run(args);
    }

    /**
     * Runs command lines one after another (main's one, the shell's many). A command is built when
     * a line first names it, on its own (named "shm write", so messages read as from the command
     * line): building all of them and the root costs a start ~0.1 s. The whole tree is built only
     * for what needs it: help, completion, a line that names no command.
     */
    public static Runner runner(Context context) {
        return new Runner(context);
    }

    /** Commands and their streams, ready to run command lines one after another. */
    public static final class Runner {
        private final Context context;
        private final java.util.Map<String, CommandLine> commands = new java.util.HashMap<>();
        private CommandLine tree;

        private Runner(Context context) {
            this.context = context;
        }

        /**
         * The command called {@code name}, built on first use, or null when there is none. Its own
         * CommandLine (no root above it): the shell parses a line straight into it.
         */
        public CommandLine subcommand(String name) {
            CommandLine command = commands.get(name);
            if (command == null && Commands.NAMES.contains(name)) {
                Subcommand built = Commands.create(name, context);
                built.spec.name("shm " + name);
                command = new CommandLine(built.spec);
                configure(command, context);
                commands.put(name, command);
            }
            return command;
        }

        /** The whole tree, every command built (the interactive shell's completion, help). */
        public CommandLine commandLine() {
            if (tree == null) {
                tree = Cli.commandLine(context);
            }
            return tree;
        }

        public int run(String... args) {
            CommandLine command = args.length > 0 ? subcommand(args[0]) : null;
            int status;
            try {
                status = command != null ? command.execute(Arrays.copyOfRange(args, 1, args.length))
                        : commandLine().execute(args);
            } catch (InternalError fault) {
                // A fault in mapped memory that the JVM reported after the guarded access had returned.
                status = report(shmkit.segment.Segment.faultIn(fault), "shm: ", context);
            }
            return flush(context, status);
        }
    }

    /** The whole command line, every subcommand built (for help, the shell, completion and man pages). */
    public static CommandLine commandLine(Context context) {
        CommandSpec root = CommandSpec.wrapWithoutInspection(new Root(context));
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
            commandLine.addSubcommand(name, new CommandLine(Commands.create(name, context).spec));
        }
        commandLine.addSubcommand("help", new CommandLine(new HelpCommand().spec));
        configure(commandLine, context);
        return commandLine;
    }

    /** The whole command line of a command run on its own (for help, completion and man pages). */
    public static CommandLine commandLine(Io io) {
        return commandLine(Context.direct(io));
    }

    private static void configure(CommandLine commandLine, Context context) {
        Io io = context.io();
        // One handler for every run: a new RunLast builds a colour scheme each time (the shell's lines).
        CommandLine.RunLast runLast = new CommandLine.RunLast();
        Help.Ansi ansi = io.colorAllowed() ? Help.Ansi.ON : Help.Ansi.OFF;
        commandLine.setOut(io.text())
                .setErr(io.err())
                .setColorScheme(Help.defaultColorScheme(ansi))
                .setAbbreviatedOptionsAllowed(false)
                // '@FILE' is data to shm (--layout @FILE, text to write), never picocli's argument file
                .setExpandAtFiles(false)
                .setExecutionStrategy(parsed -> {
                    try {
                        Subcommand.handOver(parsed);
                        return runLast.execute(parsed);
                    } catch (ShmException e) {
                        // From picocli's own printing (help or version into a closed pipe), which picocli
                        // would otherwise report with a trace.
                        return report(e, "shm: ", context);
                    }
                })
                .setParameterExceptionHandler((e, args) -> usageError(e, context))
                .setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, cmd, context));
    }

    /** Bad usage: one line naming the problem, one line pointing at --help; exit 2. */
    private static int usageError(ParameterException e, Context context) {
        CommandLine cmd = e.getCommandLine();
        String message = lowerFirst(e.getMessage().replaceFirst("^Error: ", ""));
        if (e instanceof UnmatchedArgumentException unmatched) {
            message = unmatched(unmatched, cmd);
        }
        printError(context, prefix(cmd, context), message, tryHelp(cmd));
        return ShmException.USAGE;
    }

    /** Spellings other tools taught people, and what shm calls the same thing. */
    private static final java.util.Map<String, String> HABITS = java.util.Map.of(
            "-n", "shm's is -l/--length (xxd -l, hexdump -n, head -c)",
            "-s", "shm's is -o/--offset, which also takes -N from the end (xxd -s, hexdump -s, od -j)",
            "-r", "to turn a dump back into bytes: shm write NAME --from-dump < DUMP (xxd -r)",
            "-j", "shm's is -o/--offset (od -j)",
            "-N", "shm's is -l/--length (od -N)");

    /** A word picocli could not place: an unknown command or option (with what it may have meant), or a stray word. */
    private static String unmatched(UnmatchedArgumentException e, CommandLine cmd) {
        List<String> rest = e.getUnmatched();
        String first = rest.isEmpty() ? "" : rest.get(0);
        String suggestion = e.getSuggestions().isEmpty() ? "" : " (did you mean '" + e.getSuggestions().get(0) + "'?)";
        boolean root = cmd.getParent() == null && cmd.getCommandSpec().name().equals("shm");
        if (root && !first.startsWith("-")) {
            return "unknown command " + SafeText.quote(first) + suggestion;
        }
        if (first.matches("(?i)-(inf|infinity|nan|[0-9.].*)")) {
            return "unknown option " + SafeText.quote(first) + ": a value that starts with '-' goes after '--' (... -- "
                    + SafeText.line(first, 20) + ")";
        }
        if (first.startsWith("-") && first.length() > 1) {
            String habit = HABITS.get(first);
            return "unknown option " + SafeText.quote(first) + (habit != null ? ": " + habit : suggestion);
        }
        if (first.matches("(?i)[kmgt]?i?b|bytes?|[kmgt]")) {
            return "unexpected " + SafeText.quote(first) + ": a size is one word, such as 10M or 4KiB (not '10 "
                    + SafeText.line(first, 8) + "')";
        }
        return "unexpected argument " + SafeText.quote(first) + " (quote text that has spaces: 'hello world')";
    }

    private static String tryHelp(CommandLine cmd) {
        return "Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.";
    }

    /**
     * A command's failure: a ShmException is its message (and, for bad usage, the Try line); an I/O
     * or path failure nobody translated is one line too; anything else is a bug, reported as the one
     * "internal error" line, with the trace under SHM_DEBUG=1. Never a silent exit.
     */
    private static int failure(Exception e, CommandLine cmd, Context context) {
        if (e instanceof ShmException shm) {
            return report(shm, prefix(cmd, context), context, shm.status() == ShmException.USAGE ? tryHelp(cmd) : null);
        }
        if (e instanceof java.nio.file.InvalidPathException path) {
            // A path argument the file system cannot name (a NUL, an encoding the locale lacks): bad input.
            printError(context, prefix(cmd, context), SafeText.quote(path.getInput()) + " is not a usable path: "
                    + path.getReason(), null);
            return ShmException.USAGE;
        }
        if (e instanceof java.io.IOException failed) {
            // An I/O failure nobody translated yet (stdin, a device): a runtime failure, not a bug.
            printError(context, prefix(cmd, context), "I/O error: " + Segments.reason(failed), null);
            return ShmException.FAILURE;
        }
        return internalError(e, context.io());
    }

    private static int report(ShmException e, String prefix, Context context) {
        return report(e, prefix, context, null);
    }

    private static int report(ShmException e, String prefix, Context context, String tryLine) {
        if (!e.isQuiet()) {
            printError(context, prefix, e.getMessage(), tryLine);
            context.io().trace(e);
        }
        context.io().err().flush();
        return e.status();
    }

    /** The one "internal error" line for a bug, from any path; the trace with SHM_DEBUG=1. */
    public static int internalError(Throwable t, Io io) {
        io.err().println("shm: internal error: " + SafeText.line(String.valueOf(t))
                + (io.debug() ? "" : " (SHM_DEBUG=1 shows the trace)"));
        io.trace(t);
        io.err().flush();
        return ShmException.FAILURE;
    }

    /** An error line, safe for a terminal whatever it quotes, and an optional Try line. */
    static void printError(Context context, String prefix, String message, String tryLine) {
        PrintWriter err = context.io().err();
        err.println(prefix + SafeText.line(message));
        if (tryLine != null) {
            err.println(tryLine);
        }
        err.flush();
    }

    private static int flush(Context context, int status) {
        try {
            context.io().flush();
        } catch (ShmException e) {
            return e.isQuiet() ? status : report(e, "shm: ", context);
        }
        return status;
    }

    /**
     * "shm: write: " for a subcommand (named "write" under the root, or "shm write" alone), "shm: " for
     * the root; the shell adds where it was ("shm: line 3: write: ").
     */
    static String prefix(CommandLine cmd, Context context) {
        String[] path = cmd.getCommandSpec().qualifiedName(" ").split(" ");
        StringBuilder prefix = new StringBuilder("shm: ");
        String where = context.where().get();
        if (where != null) {
            prefix.append(where).append(": ");
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
        private final Context context;

        Root(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            CommandLine full = commandLine(context);
            full.usage(context.io().err(), full.getColorScheme());
            return ShmException.USAGE;
        }
    }
}
