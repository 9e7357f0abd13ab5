package shmkit.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * shm completion: a tab-completion script made from the command model by picocli's AutoComplete, so
 * every command and option is in it as soon as it is registered, extended so that a segment NAME
 * completes from the names that exist. zsh runs the same script through its bash compatibility
 * (bashcompinit), which picocli's script sets up itself.
 */
final class CompletionCommand extends Subcommand {
    static final List<String> SHELLS = List.of("bash", "zsh");
    /** What picocli is given as the NAME candidates, replaced by a look at the folder in the script. */
    private static final String SEGMENT_MARK = "__shm_segment__";

    private final PositionalParamSpec shell;

    CompletionCommand(Context context) {
        super(context, "completion", "Print a tab-completion script for bash or zsh.",
                "Completes commands, options, and segment names: a NAME completes from the segments in $SHM_DIR "
                        + "(default /dev/shm), leaving out dot-files; a word with '/' completes as a path.",
                "Try it in the current shell with 'source <(shm completion bash)'; scripts/install installs it for good.");
        shell = positional(PositionalParamSpec.builder().index("0").paramLabel("SHELL").type(String.class)
                .completionCandidates(SHELLS).converters(CompletionCommand::shell)
                .description("bash or zsh."));
        examples("source <(shm completion bash)",
                "shm completion bash > ~/.local/share/bash-completion/completions/shm",
                "echo 'source <(shm completion zsh)' >> ~/.zshrc");
    }

    private static String shell(String value) {
        if (!SHELLS.contains(value)) {
            throw new TypeConversionException("'" + value + "' is not a shell shm completes for (bash or zsh)");
        }
        return value;
    }

    @Override
    protected int run() {
        io.text().print(script(Cli.commandLine(io)));
        return 0;
    }

    /** The completion script for the command line {@code root} (bash; zsh sources the same text). */
    static String script(CommandLine root) {
        markSegmentNames(root);
        String script = AutoComplete.bash("shm", root);
        String candidates = "  local NAME_pos_param_args=(\"" + SEGMENT_MARK + "\")";
        String use = "positionals=$( compReplyArray \"${NAME_pos_param_args[@]}\" )";
        if (!script.contains(candidates) || !script.contains(use)) {
            throw new IllegalStateException("picocli's completion script no longer has the shape shm extends: " + use);
        }
        String entry = "function _complete_shm() {";
        if (!script.contains(entry)) {
            throw new IllegalStateException("picocli's completion script no longer has the shape shm extends: " + entry);
        }
        script = script.replace(entry, "function _shm_picocli_dispatch() {");
        StringBuilder out = new StringBuilder(script.length() + 1024);
        for (String line : script.split("\n", -1)) {
            if (line.startsWith(candidates)) {
                continue;
            }
            int at = line.indexOf(use);
            if (at >= 0) {
                String indent = line.substring(0, at);
                out.append(indent).append("local _shm_names=(); _shm_segment_names \"${curr_word}\"\n")
                        .append(indent).append("positionals=$( compReplyArray \"${_shm_names[@]}\" )\n");
                continue;
            }
            out.append(line).append('\n');
        }
        out.setLength(out.length() - 1);
        String layoutCase = "    '--layout')\n      return\n      ;;";
        if (!out.toString().contains(layoutCase)) {
            throw new IllegalStateException("picocli's completion script no longer has the shape shm extends: " + layoutCase);
        }
        String completed = out.toString().replace(layoutCase,
                "    '--layout')\n      _shm_layout_files\n      return 0\n      ;;");
        return completed + dispatch(root, script) + SEGMENT_NAMES + LAYOUT_FILES;
    }

    /**
     * The entry point bash calls: the command is the first word after shm. picocli's own dispatch
     * takes any word on the line that names a command for it, so 'shm write demo -' would complete
     * as 'shm demo'; it still serves commands that have subcommands of their own.
     */
    private static String dispatch(CommandLine root, String script) {
        StringBuilder cases = new StringBuilder();
        for (var entry : root.getSubcommands().entrySet()) {
            CommandLine sub = entry.getValue();
            if (sub.getCommandSpec().usageMessage().hidden() || !sub.getSubcommands().isEmpty()) {
                continue;
            }
            String function = "_picocli_shm_" + bashName(entry.getKey());
            if (!script.contains("function " + function + "() {")) {
                throw new IllegalStateException("picocli's completion script has no function " + function);
            }
            cases.append("      ").append(entry.getKey()).append(") ").append(function).append("; return $? ;;\n");
        }
        return """

                # Completes a shm command line: the command is the first word after shm, and what it takes
                # comes from that command's function (picocli would take any word naming a command for one).
                function _complete_shm() {
                  # bash splits '--layout @FILE' at the '@' (it is in COMP_WORDBREAKS): the word is FILE
                  if [[ ${COMP_WORDS[COMP_CWORD-1]} == @ && ${COMP_WORDS[COMP_CWORD-2]-} == --layout ]]; then
                    _shm_layout_files
                    return 0
                  fi
                  if (( COMP_CWORD >= 2 )); then
                    case ${COMP_WORDS[1]} in
                %s    esac
                  fi
                  _shm_picocli_dispatch
                }
                """.formatted(cases);
    }

    /** The part of a command name picocli keeps in its function names (letters, digits, '_'). */
    private static String bashName(String name) {
        StringBuilder kept = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == '_') {
                kept.append(c);
            } else if (Character.isSpaceChar(c)) {
                kept.append('_');
            }
        }
        return kept.toString();
    }

    /**
     * Gives every NAME positional one stand-in candidate, so picocli writes the code that completes
     * it by position (after options and their values), which the script then points at the folder.
     */
    private static void markSegmentNames(CommandLine commandLine) {
        CommandSpec spec = commandLine.getCommandSpec();
        List<PositionalParamSpec> names = new ArrayList<>();
        for (PositionalParamSpec positional : spec.positionalParameters()) {
            if (SegmentOptions.NAME_LABEL.equals(positional.paramLabel()) && !positional.hidden()) {
                names.add(positional);
            }
        }
        for (PositionalParamSpec name : names) {
            spec.remove(name);
            spec.addPositional(name.toBuilder().completionCandidates(List.of(SEGMENT_MARK)).build());
        }
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            markSegmentNames(sub);
        }
    }

    private static final String LAYOUT_FILES = """

            # Completes the value of --layout: a file after '@' (a spec itself is typed, not completed).
            # bash makes the '@' a word of its own (it is in COMP_WORDBREAKS) yet replaces it with the
            # rest; zsh keeps '@FILE' as one word. Either way the candidates are '@FILE', quoted for the
            # shell by bash (zsh quotes them itself), a folder with its '/' and no space after it.
            function _shm_layout_files() {
              local word=${COMP_WORDS[COMP_CWORD]} file
              [[ ${COMP_WORDS[COMP_CWORD-1]} == @ ]] || word=${word#@}
              [[ -n ${ZSH_VERSION-} ]] && setopt localoptions nullglob
              COMPREPLY=()
              for file in "$word"*; do
                [[ -e $file || -L $file ]] || continue
                [[ -d $file ]] && file+=/
                [[ -z ${ZSH_VERSION-} ]] && printf -v file %q "$file"
                COMPREPLY+=("@$file")
              done
              if [[ -z ${ZSH_VERSION-} && ${#COMPREPLY[@]} == 1 && ${COMPREPLY[0]} == */ ]]; then
                compopt -o nospace
              fi
              return 0
            }
            """;

    private static final String SEGMENT_NAMES = """

            # Fills the caller's _shm_names with the segments a NAME argument can complete to: the entries
            # of $SHM_DIR (default /dev/shm) that start with the word, leaving out dot-files (shm's own
            # scratch files among them). A word with '/' is a file path and completes as one.
            function _shm_segment_names() {
              local word=$1 entry
              if [[ $word == */* ]]; then
                type compopt &>/dev/null && compopt -o filenames
                local IFS=$'\\n'
                _shm_names=( $(compgen -f -- "$word") )
                return 0
              fi
              [[ -n ${ZSH_VERSION-} ]] && setopt localoptions nullglob
              for entry in "${SHM_DIR:-/dev/shm}"/"$word"*; do
                [[ -e $entry || -L $entry ]] || continue
                entry=${entry##*/}
                [[ $entry == .* ]] || _shm_names+=("$entry")
              done
              return 0
            }
            """;
}
