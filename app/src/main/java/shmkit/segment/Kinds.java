package shmkit.segment;

import shmkit.ShmException;
import shmkit.text.SafeText;

/**
 * Reads the names of the kinds that have no folder: {@code sysv:KEY}, {@code sysv:id:ID},
 * {@code pid:PID:fd:N}, {@code pid:PID@0xADDR}, {@code memfd:NAME}. A class of its own so that a
 * plain POSIX name, which has no ':', never loads it.
 */
final class Kinds {
    /** pid_max can be at most 2^22 on Linux (PID_MAX_LIMIT). */
    private static final long PID_MAX = 1L << 22;

    private Kinds() {}

    /**
     * The target {@code arg} names, or null when it is not in the form of any kind (then it is a
     * POSIX name, as it was before the kinds existed). A form that is right but names nothing that
     * can exist (key 0, pid 0) is refused here, with what to type instead.
     */
    static SegmentName.Target parse(String arg) {
        if (arg.startsWith("sysv:")) {
            return sysv(arg, arg.substring(5));
        }
        if (arg.startsWith("pid:")) {
            return process(arg, arg.substring(4));
        }
        if (arg.startsWith("memfd:") && arg.length() > 6) {
            return new SegmentName.Memfd(arg.substring(6));
        }
        return null;
    }

    /**
     * For a POSIX name that was not found but starts like a kind's (a typo in {@code pid:1234@0x...}):
     * the forms that kind takes, so the reader sees why it was read as a POSIX name. Else empty.
     */
    static String formHint(String arg) {
        if (arg.startsWith("sysv:")) {
            return "; a System V segment is named sysv:0xKEY, sysv:KEY in decimal or sysv:id:ID";
        }
        if (arg.startsWith("pid:")) {
            return "; a process's memory is named pid:PID:fd:N or pid:PID@0xADDR";
        }
        return "";
    }

    private static SegmentName.Target sysv(String arg, String rest) {
        if (rest.startsWith("id:")) {
            long id = decimal(rest.substring(3), Integer.MAX_VALUE);
            return id < 0 ? null : new SegmentName.SysvId((int) id);
        }
        long key = rest.startsWith("0x") || rest.startsWith("0X") ? hex(rest.substring(2), 8) : decimal(rest, 0xffffffffL);
        if (key < 0) {
            return null;
        }
        if (key == 0) {
            throw ShmException.usage(SafeText.quote(arg) + " is key 0, IPC_PRIVATE, which no lookup can find: name such "
                    + "a segment by its id, sysv:id:ID ('shm list --kind sysv' shows the ids)");
        }
        return new SegmentName.SysvKey((int) key);
    }

    private static SegmentName.Target process(String arg, String rest) {
        int end = 0;
        while (end < rest.length() && Character.isDigit(rest.charAt(end)) && rest.charAt(end) < 128) {
            end++;
        }
        long pid = decimal(rest.substring(0, end), Long.MAX_VALUE);
        if (pid < 0) {
            return null;
        }
        String tail = rest.substring(end);
        SegmentName.Target target = null;
        if (tail.startsWith(":fd:")) {
            long fd = decimal(tail.substring(4), Integer.MAX_VALUE);
            target = fd < 0 ? null : new SegmentName.ProcessFd(pid, (int) fd);
        } else if (tail.startsWith("@")) {
            String digits = tail.startsWith("@0x") || tail.startsWith("@0X") ? tail.substring(3) : tail.substring(1);
            long address = hex(digits, 16);
            target = address < 0 ? null : new SegmentName.ProcessMapping(pid, address);
        }
        if (target != null && (pid == 0 || pid > PID_MAX)) {
            throw ShmException.usage(SafeText.quote(arg) + ": " + pid + " is not a process id (1 to " + PID_MAX + ")");
        }
        return target;
    }

    /** Decimal digits only (no sign, no spaces), at most {@code max}; -1 otherwise. */
    private static long decimal(String digits, long max) {
        if (digits.isEmpty() || digits.length() > 19) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
            if (value > max) {
                return -1;
            }
        }
        return value;
    }

    /** At most {@code maxDigits} hex digits, read as an unsigned number; -1 otherwise (and for 16 digits past 2^63). */
    private static long hex(String digits, int maxDigits) {
        if (digits.isEmpty() || digits.length() > maxDigits) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), 16);
            if (d < 0 || digits.charAt(i) > 127) {
                return -1;
            }
            value = value << 4 | d;
        }
        return value;
    }
}
