package shmkit.inspect;

import shmkit.segment.Residency;

/**
 * Draws a {@link Residency} as text: one cell per page (or per group of pages), rows labelled with
 * the byte offset they start at, then a legend and the totals. Colour is the caller's decision and
 * adds only SGR codes around runs of cells; without it the output has no escape codes at all.
 */
public final class PagePicture {
    static final char RESIDENT = '█';
    static final char PARTLY = '▒';
    static final char ABSENT = '·';
    /** Rows a picture grows to before pages are grouped into cells. */
    public static final int MAX_ROWS = 32;

    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String DIM = "\u001b[2m";
    private static final String RESET = "\u001b[0m";

    private PagePicture() {}

    /** Cells per row for a terminal {@code width} columns wide, for a segment of {@code size} bytes. */
    public static int columns(int width, long size) {
        int usable = width - labelWidth(size) - 2;
        return Math.max(8, usable / 8 * 8);
    }

    /** The most cells a picture of that width holds before pages are grouped. */
    public static int maxCells(int width, long size) {
        return columns(width, size) * MAX_ROWS;
    }

    private static int labelWidth(long size) {
        return 2 + Math.max(4, Long.toHexString(Math.max(0, size - 1)).length());
    }

    public static String render(Residency r, int width, boolean color) {
        StringBuilder out = new StringBuilder();
        int columns = columns(width, r.size());
        int digits = labelWidth(r.size()) - 2;
        long bytesPerCell = r.pagesPerCell() * r.pageSize();
        String unit = r.pagesPerCell() == 1 ? "1 page" : r.pagesPerCell() + " pages";
        out.append(r.pages()).append(r.pages() == 1 ? " page" : " pages").append(" of ").append(Sizes.human(r.pageSize()))
                .append(", ").append(unit).append(" (").append(Sizes.human(bytesPerCell)).append(") per cell\n");
        String current = null;
        for (int cell = 0; cell < r.cells().length; cell++) {
            if (cell % columns == 0) {
                if (cell > 0) {
                    current = endColour(out, current);
                    out.append('\n');
                }
                out.append("0x").append(Printable.hex(cell * bytesPerCell, digits)).append("  ");
            }
            int resident = r.cells()[cell];
            char glyph = resident == 0 ? ABSENT : resident == r.pagesIn(cell) ? RESIDENT : PARTLY;
            if (color) {
                String wanted = glyph == RESIDENT ? GREEN : glyph == PARTLY ? YELLOW : DIM;
                if (!wanted.equals(current)) {
                    out.append(wanted);
                    current = wanted;
                }
            }
            out.append(glyph);
        }
        endColour(out, current);
        if (r.cells().length > 0) {
            out.append('\n');
        }
        out.append(legend(r, color)).append('\n');
        out.append("resident ").append(r.resident()).append(" of ").append(r.pages()).append(" pages (")
                .append(Printable.oneDecimal(r.residentPercent())).append("%), ")
                .append(Sizes.human(r.resident() * r.pageSize())).append(" of ").append(Sizes.human(r.size())).append('\n');
        return out.toString();
    }

    private static String endColour(StringBuilder out, String current) {
        if (current != null) {
            out.append(RESET);
        }
        return null;
    }

    private static String legend(Residency r, boolean color) {
        StringBuilder legend = new StringBuilder();
        legend.append(paint(RESIDENT, GREEN, color)).append(" resident");
        if (r.pagesPerCell() > 1) {
            legend.append("  ").append(paint(PARTLY, YELLOW, color)).append(" partly resident");
        }
        legend.append("  ").append(paint(ABSENT, DIM, color)).append(" not resident (never touched, or evicted)");
        return legend.toString();
    }

    private static String paint(char glyph, String colour, boolean color) {
        return color ? colour + glyph + RESET : String.valueOf(glyph);
    }
}
