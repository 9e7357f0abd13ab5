package shmkit.inspect;

import java.util.Collection;

/**
 * The inodes a map scan looks for, in an open-addressing table: one probe per maps line, with no
 * boxing and no sort (the JDK's sort of a long[] past a few dozen elements makes lambdas that a
 * cold run spins at run time).
 */
final class InodeSet {
    private final long[] slots;
    private final int mask;
    private final int size;

    InodeSet(Collection<FileId> files) {
        int capacity = Integer.highestOneBit(Math.max(4, files.size() * 2 - 1)) << 1;
        slots = new long[capacity];
        mask = capacity - 1;
        int n = 0;
        for (FileId file : files) {
            long inode = file.inode();
            if (inode <= 0) {
                continue; // never in maps as a file's inode; 0 also marks an empty slot
            }
            int i = slot(inode);
            while (slots[i] != 0 && slots[i] != inode) {
                i = i + 1 & mask;
            }
            if (slots[i] == 0) {
                slots[i] = inode;
                n++;
            }
        }
        size = n;
    }

    boolean isEmpty() {
        return size == 0;
    }

    boolean contains(long inode) {
        int i = slot(inode);
        for (long slot; (slot = slots[i]) != 0; i = i + 1 & mask) {
            if (slot == inode) {
                return true;
            }
        }
        return false;
    }

    private int slot(long inode) {
        long h = inode * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }
}
