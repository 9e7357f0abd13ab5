package shmkit.text;

import java.util.ArrayList;
import java.util.List;

/** Lines of the kernel's tables (/proc) cut into their words. */
public final class Words {
    private Words() {}

    /**
     * The words of {@code line}, split on whitespace as {@code line.strip().split("\\s+")} would,
     * without compiling a pattern: in a cold JVM the regex classes and their interpreted compile
     * cost a command that reads one /proc table a few milliseconds.
     */
    public static String[] of(String line) {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                words.add(line.substring(start, i));
            }
        }
        return words.toArray(new String[0]);
    }
}
