package shmkit.value.c;

import java.util.ArrayList;
import java.util.List;

/** C's tokens, and its comments taken out (newlines kept, so line numbers stay true). */
final class Lexer {
    private Lexer() {}

    private static final String[] PUNCTUATORS = {"...", "<<=", ">>=", "->", "++", "--", "<<", ">>", "<=", ">=", "==",
        "!=", "&&", "||", "*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "##"};

    /** The text with each comment replaced by a space (a block comment keeps its newlines). */
    static String withoutComments(String text, String where) {
        StringBuilder out = new StringBuilder(text.length());
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            }
            if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                if (end < 0) {
                    throw CError.at(where, line, "a /* comment has no */");
                }
                out.append(' ');
                for (int j = i; j < end; j++) {
                    if (text.charAt(j) == '\n') {
                        out.append('\n');
                        line++;
                    }
                }
                i = end + 1;
            } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
                while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
                    i++;
                }
                out.append(' ');
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < text.length() && text.charAt(j) != c && text.charAt(j) != '\n') {
                    j += text.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(j, text.length() - 1);
                out.append(text, i, j + 1);
                i = j;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The tokens of one line (comments gone), each marked with {@code line}. */
    static List<Token> tokens(String text, int line, String where) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\u000b' || c == '\n') {
                i++;
                continue;
            }
            int start = i;
            if (Character.isLetter(c) && c < 128 || c == '_' || c == '$') {
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) && text.charAt(i) < 128 || text.charAt(i) == '_'
                        || text.charAt(i) == '$')) {
                    i++;
                }
                String word = text.substring(start, i);
                if (i < n && (text.charAt(i) == '\'' || text.charAt(i) == '"') && word.matches("L|u|U|u8")) {
                    continue; // the prefix of a wide literal: the literal is read next, its prefix dropped
                }
                tokens.add(new Token(Token.Kind.IDENT, word, line));
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1))) {
                i++;
                while (i < n) {
                    char d = text.charAt(i);
                    if ((d == '+' || d == '-') && "eEpP".indexOf(text.charAt(i - 1)) >= 0) {
                        i++;
                    } else if (Character.isLetterOrDigit(d) && d < 128 || d == '.' || d == '_' || d == '\'') {
                        i++;
                    } else {
                        break;
                    }
                }
                tokens.add(new Token(Token.Kind.NUMBER, text.substring(start, i), line));
            } else if (c == '\'' || c == '"') {
                i++;
                while (i < n && text.charAt(i) != c) {
                    i += text.charAt(i) == '\\' ? 2 : 1;
                }
                if (i >= n) {
                    throw CError.at(where, line, (c == '"' ? "a string" : "a character constant") + " has no closing " + c);
                }
                i++;
                tokens.add(new Token(c == '"' ? Token.Kind.STRING : Token.Kind.CHAR, text.substring(start, i), line));
            } else {
                String punct = null;
                for (String p : "<>-+&|*/%=!^.#".indexOf(c) < 0 ? new String[0] : PUNCTUATORS) {
                    if (text.startsWith(p, i)) {
                        punct = p;
                        break;
                    }
                }
                if (punct == null) {
                    if ("{}[]()<>;:,.*&+-~!/%^|?=#".indexOf(c) < 0) {
                        throw CError.at(where, line, "'" + (c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c)
                                : String.valueOf(c)) + "' is not C");
                    }
                    punct = String.valueOf(c);
                }
                i += punct.length();
                tokens.add(new Token(Token.Kind.PUNCT, punct, line));
            }
        }
        return tokens;
    }
}
