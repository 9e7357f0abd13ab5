package shmkit.cli;

/**
 * Whether a command-line word could be a number to Long.decode or Double.parseDouble, by its first
 * character after blanks and a sign. picocli, as app/pom.xml patches it, asks this before trying
 * both parsers on every option value and positional argument: each failed parse is a thrown
 * NumberFormatException, which for words like "i64" or a segment's name cost a shell batch a third
 * of its time. A necessary condition only: it may say yes to a word neither parser accepts, never
 * no to one either accepts (NumberLookProperties).
 */
public final class NumberLook {
    private NumberLook() {}

    public static boolean mayBeNumber(String word) {
        int i = 0;
        while (i < word.length() && word.charAt(i) <= ' ') {
            i++; // both parsers trim blanks (Double.parseDouble) or fail on them: look past them
        }
        if (i < word.length() && (word.charAt(i) == '-' || word.charAt(i) == '+')) {
            i++;
        }
        if (i >= word.length()) {
            return false;
        }
        char c = word.charAt(i);
        // digits (decimal, octal, 0x), '.' (".5"), '#' (Long.decode's hex), NaN and Infinity; and any
        // character past ASCII, as Long.decode takes every script's digits ("-١", full-width "１")
        return c >= '0' && c <= '9' || c == '.' || c == '#' || c == 'N' || c == 'I' || c > 0x7f;
    }
}
