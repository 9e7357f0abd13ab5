package shmkit.cli.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.EOFError;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import picocli.CommandLine;
import shmkit.ShmException;
import shmkit.cli.Cli;
import shmkit.cli.Context;
import shmkit.cli.Io;
import shmkit.ops.Interrupts;
import shmkit.ops.Opener;
import shmkit.segment.Change;
import shmkit.segment.Segment;
import shmkit.segment.SegmentName;
import shmkit.segment.Segments;
import shmkit.segment.WritableSegment;
import shmkit.text.SafeText;

/**
 * shm shell's session: one open segment that every command of the session borrows instead of
 * opening its own (so one mapping serves them all), the line being run (for error lines), and the
 * loop over lines, from a terminal (with jline) or as a batch. It owns the segment, and closes it
 * when the session ends.
 *
 * <p>Before each command borrows the segment, the session checks that the name still holds what it
 * opened: a segment removed, replaced or shrunk between two commands is reported (exit 1) and the
 * command does nothing, as a single command would report a change under it; the session then opens
 * whatever the name holds now, for the commands that follow.
 */
public final class Shell implements Opener, AutoCloseable {
    /**
     * A use of the mapping touches at most {@link Segment#SMALL} bytes (bytes move by positional I/O,
     * larger typed values through windows of their own): after this many uses at most 16 MiB stayed
     * mapped, and the mapping is dropped so touched pages do not pile up in a long batch.
     */
    static final int MAPPING_USES = (int) ((16 << 20) / Segment.SMALL);

    private final Io io;
    private final SegmentName name;
    private Segment segment;
    private String where;

    /** Opens the segment: for writing when permissions allow, else for reading (writes are then refused). */
    public Shell(Io io, SegmentName name) {
        this.io = io;
        this.name = name;
        this.segment = openWritableIfAllowed(name);
    }

    private static Segment openWritableIfAllowed(SegmentName name) {
        try {
            return Segments.openWritable(name);
        } catch (ShmException e) {
            if (e.reason() == ShmException.Reason.PERMISSION_DENIED) {
                return Segments.open(name);
            }
            throw e;
        }
    }

    /** Runs the session: a prompt on a terminal, else a batch from standard input. */
    public int run(boolean keepGoing, Path history) throws Exception {
        if (io.stdinIsTerminal()) {
            Interrupts ctrlC = new Interrupts();
            Cli.Runner runner = Cli.runner(context(ctrlC));
            return new InteractiveShell(runner.commandLine(), name.arg(), history)
                    .run(words -> runLine(runner, words), () -> ctrlC.interrupt(Interrupts.SIGINT));
        }
        return batch(Cli.runner(context(null)), keepGoing);
    }

    /** The commands' surroundings: the session as their opener, and where they run for error lines. */
    private Context context(Interrupts interrupts) {
        Context direct = Context.direct(io);
        return new Context(io, this, interrupts != null ? interrupts : direct.interrupts(), true, () -> where);
    }

    private int batch(Cli.Runner runner, boolean keepGoing) throws IOException {
        // Bytes that are not UTF-8 are refused, never turned into U+FFFD: a name must reach the file
        // system as typed or not at all.
        BufferedReader lines = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
        DefaultParser words = null; // jline's parser, made for the first line that needs it (quotes, backslashes)
        int failed = 0;
        int number = 0;
        while (true) {
            String line;
            try {
                line = lines.readLine();
            } catch (java.nio.charset.CharacterCodingException e) {
                where = "line " + (number + 1);
                error("the line holds bytes that are not UTF-8; nothing was run", ShmException.Reason.BAD_VALUE);
                return ShmException.USAGE;
            }
            if (line == null) {
                break;
            }
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            where = "line " + number;
            int status;
            try {
                List<String> plain = plainWords(line);
                if (plain == null && words == null) {
                    words = InteractiveShell.parser();
                }
                status = runLine(runner, plain != null ? plain
                        : words.parse(line, line.length(), Parser.ParseContext.ACCEPT_LINE).words());
            } catch (EOFError unbalanced) {
                status = error("unclosed quote in: " + trimmed, ShmException.Reason.BAD_USAGE);
            }
            if (status != 0) {
                failed++;
                if (!keepGoing) {
                    return ShmException.FAILURE;
                }
            }
        }
        return failed == 0 ? 0 : ShmException.FAILURE;
    }

    /**
     * The words of a line without quotes or backslashes, split on white space as jline's parser
     * would split it (ShellWordsProperties holds the two alike), or null for a line that needs the
     * parser: a batch line costs a twentieth of the parser's time this way.
     */
    static List<String> plainWords(String line) {
        List<String> words = new ArrayList<>();
        int n = line.length();
        int start = -1;
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (c == '\'' || c == '"' || c == '\\') {
                return null;
            }
            if (Character.isWhitespace(c)) {
                if (start >= 0) {
                    words.add(line.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        // jline ends the words with an empty one when the line ends in white space (the word being
        // typed at the cursor) or is empty.
        words.add(start >= 0 ? line.substring(start) : "");
        return words;
    }

    private int error(String message, ShmException.Reason reason) {
        io.err().println("shm: " + (where != null ? where + ": " : "") + SafeText.line(message));
        io.err().flush();
        return reason.status();
    }

    /**
     * Runs one command of the session: the segment's name goes in where the command expects NAME.
     * Afterwards the mapping is dropped once commands have used it {@link #MAPPING_USES} times.
     */
    int runLine(Cli.Runner runner, List<String> words) {
        if (words.isEmpty()) {
            return 0;
        }
        try {
            String command = words.get(0);
            if (command.equals("help") || command.equals("?")) {
                return help(runner, words);
            }
            if (command.equals("clear")) {
                if (io.stdoutIsTerminal()) {
                    io.text().print("\u001b[H\u001b[2J"); // what Ctrl-L does: home, erase the screen
                    io.text().flush();
                }
                return 0;
            }
            if (command.equals("shell")) {
                return error("shell: already in a shell on " + name, ShmException.Reason.BAD_USAGE);
            }
            if (OUTSIDE.contains(command)) {
                return error(command + ": not in the shell, which works on " + name + "; leave it (exit) to run 'shm "
                        + command + " ...'", ShmException.Reason.BAD_USAGE);
            }
            List<String> args = new ArrayList<>(words);
            CommandLine sub = runner.subcommand(command);
            if (sub != null && takesName(sub) && !namesUs(args)) {
                args.add(1, name.arg());
            }
            return runner.run(args.toArray(String[]::new));
        } finally {
            if (segment != null) {
                segment.unmapAfter(MAPPING_USES);
            }
        }
    }

    /** Commands that make no sense on the shell's one segment. */
    private static final java.util.Set<String> OUTSIDE = java.util.Set.of("shell", "create", "demo", "completion");

    /**
     * Whether the user typed the segment's name after the command out of habit ('read counter --as
     * i64' in 'shm shell counter'): it is taken as said, not added a second time.
     */
    private boolean namesUs(List<String> args) {
        if (args.size() < 2 || args.get(1).startsWith("-")) {
            return false;
        }
        try {
            return SegmentName.parse(args.get(1), name.path().getParent()).path().equals(name.path())
                    || args.get(1).equals(name.arg());
        } catch (ShmException notAName) {
            return false;
        }
    }

    /** 'help': the shell's own commands and keys; 'help COMMAND': that command's --help. */
    private int help(Cli.Runner runner, List<String> words) {
        if (words.size() > 1) {
            return runner.run(words.get(1), "--help");
        }
        StringBuilder out = new StringBuilder("Commands on " + name + " (the name is implied; typing it is fine too):\n");
        runner.commandLine().getSubcommands().forEach((command, line) -> {
            if (!OUTSIDE.contains(command) && !command.equals("help")) {
                String[] description = line.getCommandSpec().usageMessage().description();
                out.append(String.format("  %-8s %s%n", command, description.length > 0 ? description[0] : ""));
            }
        });
        out.append("""
                  help CMD a command's options and examples
                  clear    clear the screen (Ctrl-L too)
                  exit     leave (Ctrl-D too)
                Keys: Tab completes commands, options, values and layout fields; Up/Down walk the history
                (~/.shm_history); Ctrl-R searches it; Ctrl-C stops a running watch; Ctrl-L clears the screen.
                """);
        io.text().print(out);
        io.text().flush();
        return 0;
    }

    static boolean takesName(CommandLine command) {
        var positionals = command.getCommandSpec().positionalParameters();
        return !positionals.isEmpty() && "NAME".equals(positionals.get(0).paramLabel());
    }

    // ---- the session as the commands' opener ----------------------------------------------------

    @Override
    public Segment open(SegmentName other) {
        return isOurs(other) ? current().borrow() : Segments.open(other);
    }

    @Override
    public WritableSegment openWritable(SegmentName other) {
        if (!isOurs(other)) {
            return Segments.openWritable(other);
        }
        if (!(current() instanceof WritableSegment writable)) {
            throw new ShmException(ShmException.Reason.PERMISSION_DENIED, "the shell opened " + name
                    + " read-only (no write permission)");
        }
        return writable.borrow();
    }

    private boolean isOurs(SegmentName other) {
        return java.util.Objects.equals(other.path(), name.path()) && java.util.Objects.equals(other.target(), name.target());
    }

    /**
     * The session's segment, checked: when the name no longer holds what was opened, the command is
     * refused with what happened, and the session opens what the name holds now for later commands.
     */
    private Segment current() {
        if (segment == null) {
            segment = openWritableIfAllowed(name); // gone earlier: whatever the name holds now, or NOT_FOUND
            return segment;
        }
        Change change = segment.change();
        if (change == null) {
            return segment;
        }
        segment.close();
        String now;
        try {
            segment = openWritableIfAllowed(name);
            now = "; the shell now uses the segment " + name + " holds (" + segment.size() + " bytes)";
        } catch (ShmException gone) {
            segment = null;
            now = "; " + SafeText.line(gone.getMessage());
        }
        if (!change.harmful() && segment != null) {
            return segment; // it only grew: the new size serves this command too
        }
        throw change.failure(" since the shell opened it; this command did nothing" + now, null);
    }

    @Override
    public void close() {
        if (segment != null) {
            segment.close();
        }
    }
}
