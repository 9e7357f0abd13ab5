package shmkit.inspect;

/** Permission bits as ls shows them: "rw-------", setuid, setgid and sticky as s/S and t/T. */
public final class Modes {
    private Modes() {}

    public static String rwx(int mode) {
        StringBuilder rwx = new StringBuilder(9);
        for (int shift = 6; shift >= 0; shift -= 3) {
            int part = mode >> shift & 7;
            rwx.append((part & 4) != 0 ? 'r' : '-').append((part & 2) != 0 ? 'w' : '-');
            boolean special = shift == 6 ? (mode & 04000) != 0 : shift == 3 ? (mode & 02000) != 0 : (mode & 01000) != 0;
            char exec = (part & 1) != 0 ? 'x' : '-';
            if (special) {
                char mark = shift == 0 ? 't' : 's';
                exec = (part & 1) != 0 ? mark : Character.toUpperCase(mark);
            }
            rwx.append(exec);
        }
        return rwx.toString();
    }
}
