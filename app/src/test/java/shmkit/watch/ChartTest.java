package shmkit.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The braille chart of watch --plot, rendered to text: golden lines, and the rules behind them. */
class ChartTest {
    private static final long MS = 1_000_000;

    @Test
    void a_sawtooth_draws_its_ramps_and_drops_with_the_scale_and_time_on_the_axes() {
        Chart chart = new Chart(0);
        for (int i = 0; i < 40; i++) {
            chart.add(i * 100 * MS, i % 10);
        }
        assertEquals(List.of(
                "     9 ┤     ⢠⢿   ⢠⢿   ⢠⢿   ⢠⠏",
                "       │    ⢠⠏⢸  ⢠⠏⢸  ⢠⠏⢸  ⢠⠏",
                "   4.5 ┤   ⢀⡏ ⢸ ⢀⡏ ⢸ ⢀⡏ ⢸ ⢀⡏",
                "       │  ⢀⡞  ⢸⢀⡞  ⢸⢀⡞  ⢸⢀⡞",
                "     0 ┤ ⢀⡞   ⢸⡞   ⢸⡞   ⢸⡞",
                "       └-4.4 s             now"), chart.render(30, 6, 4000 * MS, Chart.DEFAULT_ZOOM));
        assertEquals(9, chart.max());
        assertEquals(0, chart.min());
        assertEquals(9, chart.last());
        assertEquals(40, chart.samples());
    }

    @Test
    void a_value_that_holds_draws_a_flat_line_in_the_middle_and_nothing_before_the_start() {
        Chart chart = new Chart(0);
        chart.add(0, 5);
        assertEquals(List.of(
                "  5.05 ┤",
                "       │          ⠠⠤⠤⠤⠤⠤",
                "  4.95 ┤",
                "       └-3.2 s       now"), chart.render(24, 4, 1000 * MS, Chart.DEFAULT_ZOOM));
        assertEquals(List.of("       │", "       │", "       └-3.2 s       now"), new Chart(0).render(24, 3, 0, 10));
    }

    @Test
    void zooming_out_shows_more_time_from_the_same_history_and_a_gap_stays_a_gap() {
        Chart chart = new Chart(0);
        chart.add(0, 1);
        chart.add(500 * MS, Double.NaN);
        chart.add(1000 * MS, 3);
        List<String> near = chart.render(40, 3, 2000 * MS, 1);
        List<String> far = chart.render(40, 3, 2000 * MS, 4);
        assertTrue(near.getLast().contains("-640 ms") && near.getLast().contains("20 ms a column"), near.toString());
        assertTrue(far.getLast().contains("-2.6 s") && far.getLast().contains("80 ms a column"), far.toString());
        int lowEnds = far.get(1).length();
        int highStarts = far.get(0).indexOf('⠉');
        assertTrue(highStarts - lowEnds >= 4, "half a second of NaN is a gap of columns between 1 and 3: " + far);
        assertEquals(3, chart.last());
        assertEquals(1, chart.min());
    }

    @Test
    void numbers_read_short_and_exact_enough() {
        assertEquals("42", Chart.number(42));
        assertEquals("-7", Chart.number(-7.0));
        assertEquals("3.14159", Chart.number(Math.PI));
        assertEquals("1.5e-07", Chart.number(1.5e-7));
        assertEquals("1.23457e+20", Chart.number(123456789012345678901.0));
        assertEquals("nan", Chart.number(Double.NaN));
        assertEquals("-inf", Chart.number(Double.NEGATIVE_INFINITY));
    }
}
