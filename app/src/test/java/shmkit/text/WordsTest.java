package shmkit.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import org.junit.jupiter.api.Test;

class WordsTest {
    @Test
    void a_proc_table_line_is_cut_at_runs_of_blanks() {
        assertArrayEquals(new String[] {"key", "shmid", "perms"}, Words.of("       key      shmid perms\n"));
        assertArrayEquals(new String[] {"Uid:", "0", "0"}, Words.of("Uid:\t0\t0"));
        assertArrayEquals(new String[0], Words.of(""));
        assertArrayEquals(new String[0], Words.of(" \t "));
    }

    /** The same words as the regular expression it replaces, on lines of words, blanks and tabs. */
    @Property
    void the_same_as_strip_and_split_on_whitespace(@ForAll @Chars({' ', '\t', '\n', '\r', '\u000b', '\f'})
            @CharRange(from = 'a', to = 'c') String line) {
        String stripped = line.strip();
        String[] expected = stripped.isEmpty() ? new String[0] : stripped.split("\\s+");
        assertArrayEquals(expected, Words.of(line));
    }
}
