package shmkit.value.c;

/**
 * A C token with the line it came from. {@code PACK} is a #pragma pack, kept in the stream where it
 * stood so that the structs after it are packed and those before are not.
 */
record Token(Kind kind, String text, int line) {
    enum Kind { IDENT, NUMBER, CHAR, STRING, PUNCT, PACK, END }

    boolean is(String punctOrWord) {
        return (kind == Kind.PUNCT || kind == Kind.IDENT) && text.equals(punctOrWord);
    }

    /** For messages: the token as written, quoted. */
    String quoted() {
        return kind == Kind.END ? "the end" : "'" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'";
    }
}
