package shmkit.inspect;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Which pages of a segment are in memory, counted the way fincore(1) counts them: mincore(2) on a
 * read-only mapping, which reads the page tables and never touches (so never faults in) a page.
 * Pages are grouped into cells of {@code pagesPerCell} so a segment of any size fits one picture;
 * {@code cells[i]} is how many pages of cell i are resident.
 */
public record Residency(long size, long pageSize, long pages, long pagesPerCell, int[] cells, long resident) {
    /** mincore's vector is filled this many pages at a time, so a huge segment needs little memory. */
    private static final long CHUNK_PAGES = 1 << 16;

    /**
     * Measures {@code mapped}, a whole-file mapping starting at a page boundary, in at most
     * {@code maxCells} cells of pages of {@code pageSize} bytes.
     */
    public static Residency measure(MemorySegment mapped, long pageSize, int maxCells) {
        long size = mapped.byteSize();
        long pages = (size + pageSize - 1) / pageSize;
        long perCell = Math.max(1, (pages + maxCells - 1) / maxCells);
        if (Long.bitCount(perCell) != 1) {
            perCell = Long.highestOneBit(perCell) << 1; // a power of two, so cells and rows start at round offsets
        }
        int[] cells = new int[(int) ((pages + perCell - 1) / perCell)];
        long resident = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment vector = arena.allocate(Math.min(pages, CHUNK_PAGES));
            for (long first = 0; first < pages; first += CHUNK_PAGES) {
                long count = Math.min(CHUNK_PAGES, pages - first);
                long from = first * pageSize;
                Native.Mincore.residency(mapped.asSlice(from, Math.min(count * pageSize, size - from)), vector, arena);
                for (long p = 0; p < count; p++) {
                    if (Native.Mincore.resident(vector, p) != 0) {
                        cells[(int) ((first + p) / perCell)]++;
                        resident++;
                    }
                }
            }
        }
        return new Residency(size, pageSize, pages, perCell, cells, resident);
    }

    /** How many pages cell {@code i} covers (the last one may be short). */
    public long pagesIn(int cell) {
        return Math.min(pagesPerCell, pages - cell * pagesPerCell);
    }

    public double residentPercent() {
        return pages == 0 ? 0 : 100.0 * resident / pages;
    }
}
