package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;
import shmkit.testing.Tmux;

/** watch's full screen in a real terminal (tmux): --diff's highlights that last until a key, --plot's chart. */
class WatchScreenIT {
    private static final Pattern LAST_CHANGE = Pattern.compile("last change (\\d+\\.\\d) s ago");

    @TempDir
    Path dir;

    private void ok(String... args) {
        CommandRun run = new Shm(dir).process(args);
        assertEquals(0, run.exit(), run::toString);
    }

    private String watchInTerminal(String args) {
        return "env -u NO_COLOR SHM_DIR='" + dir + "' '" + Shm.launcher() + "' watch " + args + "; echo EXIT=$?; sleep 120";
    }

    private static String awaitShown(Tmux terminal, Predicate<String> shown, String what) {
        String screen = terminal.await(shown, 30_000);
        assertTrue(shown.test(screen), "the terminal never showed " + what + ":\n" + screen);
        return screen;
    }

    private static Predicate<String> lastChangeAtLeast(double seconds) {
        return screen -> {
            Matcher m = LAST_CHANGE.matcher(screen);
            return m.find() && Double.parseDouble(m.group(1)) >= seconds;
        };
    }

    /**
     * The SGR parameters in force at the first {@code text} of the line that starts with {@code row}, in
     * a screen captured with escape codes: "43" is a yellow background, "7" reverse video; empty when plain.
     */
    static Set<String> styleAt(String styled, String row, String text) {
        for (String line : styled.lines().toList()) {
            StringBuilder visible = new StringBuilder();
            List<Set<String>> styles = new ArrayList<>();
            Set<String> now = new HashSet<>();
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == 0x1b && i + 1 < line.length() && line.charAt(i + 1) == '[') {
                    int end = i + 2;
                    while (end < line.length() && !Character.isLetter(line.charAt(end))) {
                        end++;
                    }
                    if (end < line.length() && line.charAt(end) == 'm') {
                        apply(now, line.substring(i + 2, end));
                    }
                    i = end;
                    continue;
                }
                visible.append(c);
                styles.add(Set.copyOf(now));
            }
            int at = visible.indexOf(text);
            if (visible.toString().startsWith(row) && at >= 0) {
                return styles.get(at);
            }
        }
        throw new AssertionError("no '" + text + "' on row " + row + ":\n" + styled);
    }

    private static void apply(Set<String> style, String parameters) {
        for (String p : parameters.isEmpty() ? new String[] {"0"} : parameters.split(";")) {
            switch (p) {
                case "0" -> style.clear();
                case "22" -> style.removeAll(Set.of("1", "2"));
                case "27" -> style.remove("7");
                case "39" -> style.removeIf(s -> s.matches("3[0-7]|9[0-7]"));
                case "49" -> style.removeIf(s -> s.matches("4[0-7]|10[0-7]"));
                default -> style.add(p);
            }
        }
    }

    @Test
    void diff_keeps_changed_bytes_highlighted_past_the_fade_until_a_key_is_pressed() {
        ok("create", "d", "--size", "64");
        try (Tmux terminal = new Tmux(watchInTerminal("d --diff"), 100, 12)) {
            awaitShown(terminal, s -> s.contains("shm watch d | 64 bytes | 0 changes"), "the header");
            ok("write", "d", "--offset", "0x10", "AB");
            String screen = awaitShown(terminal, s -> s.contains("2 bytes changed, any key clears"), "two bytes marked");
            assertTrue(screen.contains("00000010  41 42 00 00"), screen);
            // Without --diff a highlight fades out within 4 s: past that it must still be there.
            awaitShown(terminal, lastChangeAtLeast(4.5), "4.5 s since the change");
            String styled = terminal.styledScreen();
            assertTrue(styleAt(styled, "00000010", "41 42").contains("43"), "41 on yellow: " + styleAt(styled, "00000010", "41 42") + "\n" + styled);
            assertTrue(styleAt(styled, "00000010", "42 00").contains("43"), styled);
            assertTrue(styleAt(styled, "00000010", "AB").contains("43"), "and its text: " + styled);
            assertEquals(Set.of(), styleAt(styled, "00000010", "00 00 00 00 00 00  00"), "the bytes that did not change are plain");

            terminal.type("x");
            awaitShown(terminal, s -> s.contains("0 bytes changed"), "the marks cleared by a key");
            styled = terminal.styledScreen();
            assertEquals(Set.of(), styleAt(styled, "00000010", "41 42"), styled);
            assertEquals(Set.of(), styleAt(styled, "00000010", "AB"), styled);

            ok("write", "d", "--offset", "0x20", "C");
            awaitShown(terminal, s -> s.contains("1 byte changed"), "the next change marked");
            styled = terminal.styledScreen();
            assertTrue(styleAt(styled, "00000020", "43 00").contains("43"), styled);
            assertEquals(Set.of(), styleAt(styled, "00000010", "41 42"), "a key cleared the old marks for good: " + styled);

            terminal.type("q");
            screen = awaitShown(terminal, s -> s.contains("EXIT="), "the exit status");
            assertTrue(screen.contains("EXIT=0"), screen);
            assertEquals("0", terminal.show("#{alternate_on}"), "back on the normal screen");
        }
    }

    @Test
    void plot_draws_an_f64_a_writer_changes_with_its_last_min_and_max() {
        ok("create", "p", "--size", "8");
        ok("write", "p", "--as", "f64", "1.5");
        try (Tmux terminal = new Tmux(watchInTerminal("p --as f64 --plot"), 100, 14)) {
            awaitShown(terminal, s -> s.contains("| last 1.5 |"), "the first value");
            assertEquals("1", terminal.show("#{alternate_on}"), "a full screen");
            for (String value : List.of("4", "-2.5", "3.25")) {
                ok("write", "p", "--as", "f64", "--", value);
                awaitShown(terminal, s -> s.contains("| last " + value + " |"), value);
            }
            // Once the newest column of dots holds 3.25 alone, only its row reaches the right edge.
            String screen = awaitShown(terminal, lastChangeAtLeast(1.0), "a second since the last change");
            List<String> lines = screen.lines().toList();
            assertEquals(" shm watch p --plot f64 | last 3.25 | min -2.5 | max 4 | 3 changes | +/- zoom, q quits",
                    lines.get(0).stripTrailing(), screen);
            List<String> chart = lines.subList(1, 12);
            assertTrue(chart.get(0).strip().startsWith("4 "), "the highest value at the top: " + screen);
            assertTrue(chart.get(5).strip().startsWith("0.75 "), "the middle: " + screen);
            assertTrue(chart.get(10).strip().startsWith("-2.5 "), "the lowest at the bottom: " + screen);
            int longest = chart.stream().mapToInt(l -> l.stripTrailing().length()).max().orElseThrow();
            List<Integer> atEdge = new ArrayList<>();
            for (int row = 0; row < chart.size(); row++) {
                String line = chart.get(row).stripTrailing();
                if (line.length() == longest) {
                    atEdge.add(row);
                    char last = line.charAt(line.length() - 1);
                    assertTrue(last >= 0x2800 && last <= 0x28ff, "braille dots: " + line);
                }
            }
            // 3.25 on a scale of -2.5 to 4 over 44 rows of dots: dot row 5, the second row of characters
            assertEquals(List.of(1), atEdge, screen);
            assertTrue(lines.get(12).contains("200 ms a column") && lines.get(12).strip().endsWith("now"), screen);

            terminal.type("+");
            awaitShown(terminal, s -> s.contains("100 ms a column"), "zoomed in");
            terminal.type("q");
            screen = awaitShown(terminal, s -> s.contains("EXIT="), "the exit status");
            assertTrue(screen.contains("EXIT=0"), screen);
            assertEquals("0", terminal.show("#{alternate_on}"), "back on the normal screen");
        }
    }
}
