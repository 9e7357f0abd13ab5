package shmkit.cli.shell;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The shell's prompt on a terminal: jline's line editor with history and completion of commands and
 * options from the picocli model (picocli's own completion logic). Runs each line through the
 * caller's runner; only loaded when stdin is a terminal.
 */
public final class InteractiveShell {
    private final CommandLine commandLine;
    private final String name;
    private final Path history;

    public InteractiveShell(CommandLine commandLine, String name, Path history) {
        this.commandLine = commandLine;
        this.name = name;
        this.history = history;
    }

    /** How both modes split a line into words: POSIX-like quotes and backslashes, an unclosed quote an error. */
    public static DefaultParser parser() {
        DefaultParser parser = new DefaultParser();
        parser.setEofOnUnclosedQuote(true);
        return parser;
    }

    /**
     * @param interrupt called on Ctrl-C while a command runs (the prompt's own Ctrl-C clears the line);
     *                  returns whether a command was there to stop
     */
    public int run(ToIntFunction<List<String>> runLine, java.util.function.BooleanSupplier interrupt) throws Exception {
        try (Terminal terminal = shmkit.cli.terminal.Terminals.system(true)) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("shm").parser(parser())
                    .completer(new ModelCompleter(commandLine.getCommandSpec()))
                    .variable(LineReader.HISTORY_FILE, history)
                    .build();
            terminal.writer().println("shm shell on '" + name + "': commands without the name; 'help' lists them, Tab completes, Ctrl-R searches history, Ctrl-D leaves.");
            terminal.flush();
            int last = 0;
            while (true) {
                String line;
                try {
                    line = reader.readLine("shm " + name + "> ");
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                List<String> words = reader.getParsedLine().words().stream().filter(w -> !w.isEmpty()).toList();
                if (words.isEmpty()) {
                    continue;
                }
                if (words.size() == 1 && (words.get(0).equals("exit") || words.get(0).equals("quit"))) {
                    break;
                }
                // While a command runs, Ctrl-C stops it (a watch) rather than the shell.
                Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> interrupt.getAsBoolean());
                try {
                    last = runLine.applyAsInt(words);
                } finally {
                    terminal.handle(Terminal.Signal.INT, previous);
                }
            }
            return last == 0 ? 0 : 1;
        }
    }

    /** Completes commands and options as picocli's generated bash completion would, from the live model. */
    private static final class ModelCompleter implements Completer {
        private final CommandSpec spec;

        ModelCompleter(CommandSpec spec) {
            this.spec = spec;
        }

        @Override
        public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
            List<String> words = line.words();
            String[] args = words.toArray(String[]::new);
            List<CharSequence> suffixes = new ArrayList<>();
            AutoComplete.complete(spec, args, line.wordIndex(), line.wordCursor(), line.cursor(), suffixes);
            String typed = line.word().substring(0, line.wordCursor());
            if (line.wordIndex() > 0 && words.get(line.wordIndex() - 1).equals("--layout") && typed.startsWith("@")) {
                layoutFiles(typed.substring(1), candidates);
                return;
            }
            for (CharSequence suffix : suffixes) {
                String word = typed + suffix;
                if (!word.equals("shell")) {
                    candidates.add(new Candidate(word, word, null, null, null, null, true));
                }
            }
            fieldNames(words, line.wordIndex(), typed, candidates);
        }

        /** --layout @FILE: the files and folders (with their '/') whose path starts with {@code typed}. */
        private static void layoutFiles(String typed, List<Candidate> candidates) {
            int slash = typed.lastIndexOf('/');
            String folder = slash < 0 ? "" : typed.substring(0, slash + 1);
            String start = typed.substring(slash + 1);
            Path in = Path.of(folder.isEmpty() ? "." : folder);
            try (java.util.stream.Stream<Path> entries = java.nio.file.Files.list(in)) {
                for (Path entry : entries.toList()) {
                    String name = entry.getFileName().toString();
                    if (!name.startsWith(start) || name.startsWith(".") && !start.startsWith(".")) {
                        continue;
                    }
                    boolean isFolder = java.nio.file.Files.isDirectory(entry);
                    String word = "@" + folder + name + (isFolder ? "/" : "");
                    candidates.add(new Candidate(word, name + (isFolder ? "/" : ""), null, null, null, null, !isFolder));
                }
            } catch (java.io.IOException | RuntimeException unreadable) {
                // no such folder, or one that cannot be read: nothing to offer
            }
        }

        /** After --layout SPEC, a word that is not an option completes to FIELD= for each field of SPEC. */
        private static void fieldNames(List<String> words, int index, String typed, List<Candidate> candidates) {
            if (typed.startsWith("-") || typed.contains("=")) {
                return;
            }
            for (int i = 0; i + 1 < words.size(); i++) {
                if (words.get(i).equals("--layout") && i + 1 != index) {
                    try {
                        for (shmkit.value.Layout.Field field : shmkit.value.Layout.parse(words.get(i + 1)).fields()) {
                            if (field.name().startsWith(typed)) {
                                String word = field.name() + "=";
                                candidates.add(new Candidate(word, word, "fields", field.type().toString(), null, null, false));
                            }
                        }
                    } catch (RuntimeException notYetASpec) {
                        // a spec still being typed, or a wrong one: nothing to offer
                    }
                    return;
                }
            }
        }
    }
}
