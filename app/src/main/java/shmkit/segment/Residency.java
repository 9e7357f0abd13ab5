package shmkit.segment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import shmkit.ShmException;
import shmkit.sys.Libc;

/**
 * Which pages of a segment are in memory, counted the way fincore(1) counts them: mincore(2) on a
 * mapping, which reads the page tables and never touches (so never faults in) a page. Pages are
 * grouped into cells of {@code pagesPerCell} so a segment of any size fits one picture;
 * {@code cells[i]} is how many pages of cell i are resident.
 */
public record Residency(long size, long pageSize, long pages, long pagesPerCell, int[] cells, long resident) {
    /** mincore's vector is filled this many pages at a time, so a huge segment needs little memory. */
    private static final long CHUNK_PAGES = 1 << 16;

    /**
     * Measures {@code mapped}, a whole-file mapping starting at a page boundary, in at most
     * {@code maxCells} cells of pages of {@code pageSize} bytes. Only {@link Segment} calls it: the
     * one place a mapped address is handed to native code.
     */
    static Residency measure(MemorySegment mapped, long pageSize, int maxCells) {
        long size = mapped.byteSize();
        long pages = (size + pageSize - 1) / pageSize;
        long perCell = Math.max(1, (pages + maxCells - 1) / maxCells);
        if (Long.bitCount(perCell) != 1) {
            perCell = Long.highestOneBit(perCell) << 1; // a power of two, so cells and rows start at round offsets
        }
        int[] cells = new int[(int) ((pages + perCell - 1) / perCell)];
        long resident = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment vector = arena.allocate(Math.max(1, Math.min(pages, CHUNK_PAGES)));
            MemorySegment state = arena.allocate(Libc.ERRNO_STATE);
            for (long first = 0; first < pages; first += CHUNK_PAGES) {
                long count = Math.min(CHUNK_PAGES, pages - first);
                long from = first * pageSize;
                mincore(mapped.asSlice(from, Math.min(count * pageSize, size - from)), vector, state);
                for (long p = 0; p < count; p++) {
                    if ((vector.get(JAVA_BYTE, p) & 1) != 0) {
                        cells[(int) ((first + p) / perCell)]++;
                        resident++;
                    }
                }
            }
        }
        return new Residency(size, pageSize, pages, perCell, cells, resident);
    }

    /** Fills {@code vector} (one byte per page, bit 0 set when resident) for {@code mapped}. */
    private static void mincore(MemorySegment mapped, MemorySegment vector, MemorySegment state) {
        int rc;
        try {
            rc = (int) Mincore.CALL.invokeExact(state, mapped, mapped.byteSize(), vector);
        } catch (Throwable e) {
            throw new IllegalStateException("mincore failed", e);
        }
        if (rc != 0) {
            throw new ShmException(ShmException.Reason.IO_ERROR, "mincore failed (errno " + Libc.errno(state) + ") for "
                    + mapped.byteSize() + " bytes at 0x" + Long.toHexString(mapped.address()));
        }
    }

    private static final class Mincore {
        static final MethodHandle CALL = Libc.bindCapturingErrno("mincore",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS))
                .orElseThrow(() -> ShmException.failure("this C library has no mincore; cannot show pages"));
    }

    /** How many pages cell {@code i} covers (the last one may be short). */
    public long pagesIn(int cell) {
        return Math.min(pagesPerCell, pages - cell * pagesPerCell);
    }

    public double residentPercent() {
        return pages == 0 ? 0 : 100.0 * resident / pages;
    }
}
