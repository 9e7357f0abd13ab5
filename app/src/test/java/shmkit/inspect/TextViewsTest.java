package shmkit.inspect;

import shmkit.segment.Residency;
import shmkit.text.Json;
import shmkit.text.SafeText;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import shmkit.testing.JsonQuery;

/** Sizes, times, names, JSON and the page picture as text. */
class TextViewsTest {
    @Test
    void sizes_read_like_ls_minus_h_and_never_round_down() {
        assertEquals("0", Sizes.human(0));
        assertEquals("1023", Sizes.human(1023));
        assertEquals("1.0K", Sizes.human(1024));
        assertEquals("4.0K", Sizes.human(4096));
        assertEquals("4.1K", Sizes.human(4097));
        assertEquals("12K", Sizes.human(12 * 1024));
        assertEquals("1.0M", Sizes.human(1 << 20));
        assertEquals("1.0M", Sizes.human((1 << 20) - 1), "1023.9K rounds up into the next unit");
        assertEquals("1.0G", Sizes.human(1L << 30));
        assertEquals("8.0E", Sizes.human(Long.MAX_VALUE));
        assertEquals("?", Sizes.human(-1));
        assertEquals("1.0M (1048576 bytes)", Sizes.both(1 << 20));
    }

    @Test
    void names_with_control_characters_stay_on_one_line_and_cannot_drive_the_terminal() {
        assertEquals("plain-name", SafeText.line("plain-name"));
        assertEquals("a\\nb\\x1b[31mc\\td", SafeText.line("a\nb\u001b[31mc\td"));
        assertEquals("héllo", SafeText.line("héllo"));
    }

    @Test
    void times_are_local_with_their_offset() {
        Instant t = Instant.parse("2026-01-02T03:04:05Z");
        assertEquals("2026-01-02 03:04", Printable.minute(t, ZoneOffset.UTC));
        assertEquals("2026-01-02 04:34:05 +0130", Printable.second(t, ZoneOffset.ofHoursMinutes(1, 30)));
        assertEquals("2026-01-01 22:04:05 -0500", Printable.second(t, ZoneId.of("America/New_York")));
    }

    @Test
    void utc_times_read_as_instant_to_string_writes_them() {
        for (String text : new String[] {"2026-01-02T03:04:05Z", "2026-01-02T03:04:05.100Z", "1970-01-01T00:00:00.000123Z",
                "2026-12-31T23:59:59.123456789Z", "2000-02-29T12:00:00.000000001Z", "+10000-01-01T00:00:00Z"}) {
            Instant t = Instant.parse(text);
            assertEquals(t.toString(), Printable.utc(t), text);
        }
        java.util.Random random = new java.util.Random(20);
        for (int i = 0; i < 10_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(0, 253402300799L), random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            assertEquals(t.toString(), Printable.utc(t));
        }
    }

    @Test
    void json_escapes_what_it_must_and_a_real_parser_reads_it_back() {
        String tricky = "quote\" back\\ nl\n tab\t esc\u001b del\u007f é \u2028";
        Json json = new Json(new StringBuilder());
        json.beginObject().field("s", tricky).field("n", 1L << 60).fieldOrNull("unknown", -1)
                .name("list").beginArray().value(1).value("two").nullValue().beginObject().endObject().endArray()
                .field("yes", true).endObject();
        assertFalse(json.toString().contains("\u001b"));
        assertEquals(java.util.List.of("True", "1152921504606846976", "None", "[1, 'two', None, {}]", "True"),
                JsonQuery.query(json.toString(), "d['s'] == " + pythonString(tricky), "d['n']", "d['unknown']", "d['list']",
                        "d['yes']"));
    }

    private static String pythonString(String s) {
        StringBuilder out = new StringBuilder("'");
        s.codePoints().forEach(c -> out.append(String.format("\\U%08x", c)));
        return out.append("'").toString();
    }

    private static Residency residency(long pages, long perCell, int... cells) {
        long resident = 0;
        for (int c : cells) {
            resident += c;
        }
        return new Residency(pages * 4096, 4096, pages, perCell, cells, resident);
    }

    @Test
    void a_small_segment_gets_one_cell_per_page_with_a_legend_and_totals() {
        String picture = PagePicture.render(residency(10, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 1), 80, false);
        assertEquals("""
                10 pages of 4.0K, 1 page (4.0K) per cell
                0x0000  ██··█····█
                █ resident  · not resident (never touched, or evicted)
                resident 4 of 10 pages (40.0%), 16K of 40K
                """, picture);
    }

    @Test
    void rows_are_as_wide_as_the_terminal_allows_in_eights_and_labelled_by_offset() {
        int[] cells = new int[20];
        cells[17] = 1;
        // 24 columns less the label "0x00000  " leave 15: one group of 8 cells per row
        String picture = PagePicture.render(residency(20, 1, cells), 24, false);
        assertEquals("""
                20 pages of 4.0K, 1 page (4.0K) per cell
                0x00000  ········
                0x08000  ········
                0x10000  ·█··
                █ resident  · not resident (never touched, or evicted)
                resident 1 of 20 pages (5.0%), 4.0K of 80K
                """, picture);
    }

    @Test
    void grouped_pages_show_full_partial_and_empty_cells() {
        String picture = PagePicture.render(residency(10, 4, 4, 1, 0), 80, false);
        assertTrue(picture.startsWith("10 pages of 4.0K, 4 pages (16K) per cell\n0x0000  █▒·\n"), picture);
        assertTrue(picture.contains("▒ partly resident"), picture);
        assertTrue(picture.endsWith("resident 5 of 10 pages (50.0%), 20K of 40K\n"), picture);
    }

    @Test
    void colour_only_when_asked_and_then_reset_at_each_row_end() {
        Residency r = residency(3, 1, 1, 0, 1);
        assertFalse(PagePicture.render(r, 80, false).contains("\u001b"));
        String coloured = PagePicture.render(r, 80, true);
        assertTrue(coloured.contains("\u001b[32m█\u001b[2m·\u001b[32m█\u001b[0m\n"), coloured);
    }
}
