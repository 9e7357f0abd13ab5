package shmkit.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jline.reader.Parser;
import shmkit.cli.shell.InteractiveShell;

/**
 * A batch line without quotes or backslashes is split by {@link Shell#plainWords}, not by jline's
 * parser, which costs twenty times as much: the two must give the same words for every such line
 * (white space of every kind, at either end, repeated; brackets, '#', '=', non-ASCII), and the
 * fast path must hand every line with a quote or backslash to the parser.
 */
class ShellWordsProperties {

    private static List<String> jline(String line) {
        return InteractiveShell.parser().parse(line, line.length(), Parser.ParseContext.ACCEPT_LINE).words();
    }

    @Provide
    Arbitrary<String> plainLines() {
        Arbitrary<Character> chars = Arbitraries.oneOf(
                Arbitraries.chars().with(' ', '\t', '\u000b', '\f', '\r', '\u00a0', '\u2003', '\u3000', '\u001c'),
                Arbitraries.chars().with('-', '=', ':', '/', '.', ',', '#', '(', ')', '[', ']', '{', '}', '$', '*', '!', ';', '|', '&', '<', '>'),
                Arbitraries.chars().alpha(), Arbitraries.chars().numeric(),
                Arbitraries.chars().range('\u0080', '\uffff').filter(c -> !Character.isSurrogate(c)));
        return chars.list().ofMaxSize(40).map(list -> {
            StringBuilder line = new StringBuilder();
            list.forEach(line::append);
            return line.toString();
        });
    }

    @Property(tries = 3000)
    void a_line_without_quotes_or_backslashes_splits_as_jline_splits_it(@ForAll("plainLines") String line) {
        assertEquals(jline(line), Shell.plainWords(line), () -> "line: " + line.replace("\t", "\\t"));
    }

    @Property(tries = 500)
    void a_line_with_a_quote_or_backslash_goes_to_the_parser(@ForAll("plainLines") String line,
                                                             @ForAll("special") char special, @ForAll int at) {
        int i = Math.floorMod(at, line.length() + 1);
        assertNull(Shell.plainWords(line.substring(0, i) + special + line.substring(i)));
    }

    @Provide
    Arbitrary<Character> special() {
        return Arbitraries.chars().with('\'', '"', '\\');
    }

    @Example
    void the_batch_lines_of_the_benchmark_and_their_edges() {
        for (String line : List.of("write --offset 8 --as i64 123", "read --offset 8 --as i64", "  read  ", "read\t--text ",
                "", " ", "add --as u64 1", "write --fill=ab --length 0x10")) {
            assertEquals(jline(line), Shell.plainWords(line), line);
        }
        assertEquals(List.of("read", "--as", "i64", ""), Shell.plainWords("read --as i64 "));
    }
}
