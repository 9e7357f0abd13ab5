package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;

/** The completion script, run by a real bash the way its completion machinery calls it. */
class CompletionTest {
    @TempDir
    Path dir;
    private Path script;

    @BeforeEach
    void writeScript() throws IOException {
        CommandRun run = new Shm(dir).run("completion", "bash");
        assertEquals(0, run.exit(), run::toString);
        script = Files.writeString(dir.resolve("completion.bash"), run.out());
        Files.createDirectories(dir.resolve("shm"));
        for (String name : List.of("demo", "delta", "other", ".shm-create.123.ab", ".hidden")) {
            Files.createFile(dir.resolve("shm").resolve(name));
        }
    }

    /** What bash offers for the last word of {@code words}, as COMPREPLY holds it. */
    private List<String> complete(String... words) {
        String harness = """
                source "$0"
                compopt() { :; }   # only callable inside real completion; options do not matter here
                COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
                _complete_shm
                printf '%s\\n' "${COMPREPLY[@]}"
                """;
        List<String> command = new ArrayList<>(List.of("bash", "-c", harness, script.toString()));
        command.addAll(Arrays.asList(words));
        CommandRun run = Shm.exec(command, null, Map.of("SHM_DIR", dir.resolve("shm").toString()));
        assertEquals(0, run.exit(), run::toString);
        assertEquals("", run.err(), run::toString);
        return run.out().lines().filter(line -> !line.isEmpty()).sorted().toList();
    }

    @Test
    void the_script_is_valid_bash() {
        CommandRun run = Shm.exec(List.of("bash", "-n", script.toString()), null, Map.of());
        assertEquals(0, run.exit(), run::toString);
    }

    @Test
    void commands_complete_after_shm() {
        assertEquals(List.of("read"), complete("shm", "rea"));
        assertEquals(List.of("read", "resize"), complete("shm", "re"));
        assertTrue(complete("shm", "").containsAll(List.of("create", "write", "read", "demo", "completion", "help")));
    }

    @Test
    void a_segment_name_completes_from_the_shm_folder_without_dot_files() {
        assertEquals(List.of("delta", "demo"), complete("shm", "read", "de"));
        assertEquals(List.of("delta", "demo", "other"), complete("shm", "write", ""));
    }

    @Test
    void a_segment_name_completes_after_options_and_their_values() {
        assertEquals(List.of("other"), complete("shm", "read", "--offset", "4", "o"));
    }

    @Test
    void a_word_with_a_slash_completes_as_a_path() {
        assertEquals(List.of(dir.resolve("shm").toString()), complete("shm", "read", dir + "/sh"));
    }

    @Test
    void options_complete_for_the_command_even_after_a_segment_named_like_another_command() {
        assertEquals(List.of("--text"), complete("shm", "read", "demo", "--te"));
        assertTrue(complete("shm", "write", "demo", "-").contains("--fill"), "write's options, not demo's");
    }

    @Test
    void the_completion_command_completes_its_shells() {
        assertEquals(List.of("bash", "zsh"), complete("shm", "completion", ""));
    }

    @Test
    void an_unknown_shell_is_refused() {
        CommandRun run = new Shm(dir).run("completion", "fish");
        assertEquals(2, run.exit(), run::toString);
        assertTrue(run.err().contains("'fish' is not a shell shm completes for (bash or zsh)"), run::toString);
    }

    @Test
    void option_values_complete_from_their_lists() {
        assertEquals(List.of("u32", "u32be", "u32le"), complete("shm", "read", "demo", "--as", "u32"));
        assertEquals(List.of("u8"), complete("shm", "add", "demo", "--as", "u8"));
        assertEquals(List.of("always", "auto"), complete("shm", "dump", "demo", "--color", "a"));
        assertEquals(List.of("name", "size", "time"), complete("shm", "list", "--sort", ""));
    }

    @Test
    void a_layout_file_completes_after_the_at_sign_as_bash_and_zsh_split_it() throws IOException {
        Files.writeString(dir.resolve("point.layout"), "x:i32 y:i32");
        Files.createDirectories(dir.resolve("specs dir"));
        // bash: '@' is a word of its own (COMP_WORDBREAKS); the candidates keep it, as readline replaces it too
        assertEquals(List.of("@" + dir + "/point.layout"), complete("shm", "read", "demo", "--layout", "@", dir + "/po"));
        assertEquals(List.of("@" + dir + "/specs\\ dir/"), complete("shm", "write", "demo", "--layout", "@", dir + "/sp"));
        // zsh: '@FILE' is one word
        assertEquals(List.of("@" + dir + "/point.layout"), complete("shm", "watch", "demo", "--layout", "@" + dir + "/po"));
        assertEquals(List.of(), complete("shm", "read", "demo", "--layout", "x:i"), "a spec itself is typed, not completed");
    }
}
