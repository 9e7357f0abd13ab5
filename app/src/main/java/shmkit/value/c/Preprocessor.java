package shmkit.value.c;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The part of C's preprocessor a header's structs need: comments and line continuations go,
 * {@code #define} (object- and function-like) and {@code #undef} are kept and expanded,
 * {@code #if}/{@code #ifdef}/{@code #elif}/{@code #else}/{@code #endif} choose lines as gcc would
 * for this header with no -D options (an unknown name in {@code #if} is 0, as in C), and
 * {@code #pragma pack} becomes a token where it stood. {@code #include} is skipped: the types of
 * the standard headers are known without them. {@code #error} in a chosen branch is refused.
 */
final class Preprocessor {
    private record Macro(String name, List<String> params, List<Token> body, boolean variadic, int line) {
        boolean function() {
            return params != null;
        }
    }

    private final String where;
    private final Map<String, Macro> macros = new HashMap<>();
    private final Function<List<Token>, Long> evaluate;
    private final List<Token> out = new ArrayList<>();

    /** Macros of gcc on this platform that headers test, and constants of limits.h that headers use without reading it. */
    private static final String PREDEFINED = """
            __STDC__ 1
            __STDC_VERSION__ 201710L
            __STDC_HOSTED__ 1
            __GNUC__ 12
            __GNUC_MINOR__ 2
            __linux__ 1
            __linux 1
            __unix__ 1
            __LP64__ 1
            _LP64 1
            __CHAR_BIT__ 8
            __SIZEOF_SHORT__ 2
            __SIZEOF_INT__ 4
            __SIZEOF_LONG__ 8
            __SIZEOF_LONG_LONG__ 8
            __SIZEOF_POINTER__ 8
            __SIZEOF_SIZE_T__ 8
            __SIZEOF_FLOAT__ 4
            __SIZEOF_DOUBLE__ 8
            __BIGGEST_ALIGNMENT__ 16
            __ORDER_LITTLE_ENDIAN__ 1234
            __ORDER_BIG_ENDIAN__ 4321
            __BYTE_ORDER__ __ORDER_LITTLE_ENDIAN__
            CHAR_BIT 8
            SCHAR_MIN (-128)
            SCHAR_MAX 127
            UCHAR_MAX 255
            SHRT_MIN (-32768)
            SHRT_MAX 32767
            USHRT_MAX 65535
            INT_MIN (-2147483647-1)
            INT_MAX 2147483647
            UINT_MAX 4294967295U
            LONG_MAX 9223372036854775807L
            INT8_MAX 127
            UINT8_MAX 255
            INT16_MAX 32767
            UINT16_MAX 65535
            INT32_MAX 2147483647
            UINT32_MAX 4294967295U
            PATH_MAX 4096
            NAME_MAX 255
            true 1
            false 0
            """;

    Preprocessor(String where, Function<List<Token>, Long> evaluate) {
        this.where = where;
        this.evaluate = evaluate;
        for (String line : PREDEFINED.split("\n")) {
            String[] parts = line.split(" ", 2);
            macros.put(parts[0], new Macro(parts[0], null, Lexer.tokens(parts[1], 0, where), false, 0));
        }
        String arch = System.getProperty("os.arch", "");
        for (String name : arch.equals("aarch64") ? List.of("__aarch64__") : List.of("__x86_64__", "__x86_64", "__amd64__")) {
            macros.put(name, new Macro(name, null, Lexer.tokens("1", 0, where), false, 0));
        }
    }

    shmkit.ShmException error(int line, String message) {
        return CError.at(where, line, message);
    }

    private static final class Frame {
        final boolean parentActive;
        boolean active;
        boolean taken;
        boolean sawElse;

        Frame(boolean parentActive, boolean active) {
            this.parentActive = parentActive;
            this.active = active;
            this.taken = active;
        }
    }

    /** The tokens of the text's chosen lines, macros expanded, and an END token. */
    List<Token> run(String text) {
        String code = Lexer.withoutComments(text, where);
        String[] physical = code.split("\n", -1);
        Deque<Frame> frames = new ArrayDeque<>();
        for (int i = 0; i < physical.length; i++) {
            int line = i + 1;
            StringBuilder logical = new StringBuilder(physical[i]);
            while (logical.length() > 0 && logical.charAt(logical.length() - 1) == '\\' && i + 1 < physical.length) {
                logical.setLength(logical.length() - 1);
                logical.append(physical[++i]);
            }
            String trimmed = logical.toString().strip();
            boolean active = frames.isEmpty() || frames.peek().active;
            if (trimmed.startsWith("#")) {
                directive(trimmed.substring(1).strip(), line, frames, active);
            } else if (active && !trimmed.isEmpty()) {
                out.addAll(expand(Lexer.tokens(logical.toString(), line, where), new HashSet<>(), line));
            }
        }
        if (!frames.isEmpty()) {
            throw error(physical.length, "an #if has no #endif");
        }
        out.add(new Token(Token.Kind.END, "", physical.length));
        return out;
    }

    private void directive(String text, int line, Deque<Frame> frames, boolean active) {
        int end = 0;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        String name = text.substring(0, end);
        String rest = text.substring(end).strip();
        switch (name) {
            case "if", "ifdef", "ifndef" -> {
                boolean value = active && switch (name) {
                    case "ifdef" -> macros.containsKey(word(rest, line, "#ifdef"));
                    case "ifndef" -> !macros.containsKey(word(rest, line, "#ifndef"));
                    default -> condition(rest, line);
                };
                frames.push(new Frame(active, value));
            }
            case "elif" -> {
                Frame frame = requireFrame(frames, line, "#elif");
                if (frame.sawElse) {
                    throw error(line, "#elif after #else");
                }
                frame.active = frame.parentActive && !frame.taken && condition(rest, line);
                frame.taken |= frame.active;
            }
            case "else" -> {
                Frame frame = requireFrame(frames, line, "#else");
                if (frame.sawElse) {
                    throw error(line, "a second #else");
                }
                frame.sawElse = true;
                frame.active = frame.parentActive && !frame.taken;
                frame.taken = true;
            }
            case "endif" -> {
                requireFrame(frames, line, "#endif");
                frames.pop();
            }
            default -> {
                if (active) {
                    activeDirective(name, rest, line);
                }
            }
        }
    }

    private void activeDirective(String name, String rest, int line) {
        switch (name) {
            case "define" -> define(rest, line);
            case "undef" -> macros.remove(word(rest, line, "#undef"));
            case "pragma" -> pragma(rest, line);
            case "error" -> throw error(line, "the header says #error " + rest);
            case "include", "include_next", "warning", "line", "ident", "sccs", "" -> {
                // the standard headers' types are built in; a diagnostic changes no layout
            }
            default -> throw error(line, "#" + name + " is not a preprocessor directive shm knows");
        }
    }

    private Frame requireFrame(Deque<Frame> frames, int line, String directive) {
        if (frames.isEmpty()) {
            throw error(line, directive + " without #if");
        }
        return frames.peek();
    }

    private String word(String text, int line, String directive) {
        List<Token> tokens = Lexer.tokens(text, line, where);
        if (tokens.isEmpty() || tokens.get(0).kind() != Token.Kind.IDENT) {
            throw error(line, directive + " needs a macro name");
        }
        return tokens.get(0).text();
    }

    private boolean condition(String text, int line) {
        List<Token> tokens = Lexer.tokens(text, line, where);
        List<Token> resolved = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.is("defined")) {
                boolean paren = i + 1 < tokens.size() && tokens.get(i + 1).is("(");
                int at = i + (paren ? 2 : 1);
                if (at >= tokens.size() || tokens.get(at).kind() != Token.Kind.IDENT || paren && (at + 1 >= tokens.size()
                        || !tokens.get(at + 1).is(")"))) {
                    throw error(line, "'defined' needs a macro name");
                }
                resolved.add(new Token(Token.Kind.NUMBER, macros.containsKey(tokens.get(at).text()) ? "1" : "0", line));
                i = at + (paren ? 1 : 0);
            } else {
                resolved.add(t);
            }
        }
        List<Token> expanded = new ArrayList<>(expand(resolved, new HashSet<>(), line));
        // what is left of names after expansion is 0, as C's #if has it (true and false are macros above)
        expanded.replaceAll(t -> t.kind() == Token.Kind.IDENT ? new Token(Token.Kind.NUMBER, "0", t.line()) : t);
        expanded.add(new Token(Token.Kind.END, "", line));
        return evaluate.apply(expanded) != 0;
    }

    private void define(String text, int line) {
        List<Token> tokens = Lexer.tokens(text, line, where);
        if (tokens.isEmpty() || tokens.get(0).kind() != Token.Kind.IDENT) {
            throw error(line, "#define needs a macro name");
        }
        String name = tokens.get(0).text();
        // function-like only when '(' follows the name with no space between
        int nameEnd = text.indexOf(name) + name.length();
        boolean function = nameEnd < text.length() && text.charAt(nameEnd) == '(';
        if (!function) {
            macros.put(name, new Macro(name, null, List.copyOf(tokens.subList(1, tokens.size())), false, line));
            return;
        }
        List<String> params = new ArrayList<>();
        boolean variadic = false;
        int i = 2;
        while (i < tokens.size() && !tokens.get(i).is(")")) {
            Token t = tokens.get(i);
            if (t.is("...")) {
                variadic = true;
                params.add("__VA_ARGS__");
            } else if (t.kind() == Token.Kind.IDENT) {
                params.add(t.text());
            } else if (!t.is(",")) {
                throw error(line, "#define " + name + ": " + t.quoted() + " is not a parameter name");
            }
            i++;
        }
        if (i >= tokens.size()) {
            throw error(line, "#define " + name + ": the parameter list has no ')'");
        }
        macros.put(name, new Macro(name, params, List.copyOf(tokens.subList(i + 1, tokens.size())), variadic, line));
    }

    /** Expands macros in {@code tokens}; {@code hidden} are those being expanded already (no recursion, as in C). */
    private List<Token> expand(List<Token> tokens, Set<String> hidden, int line) {
        List<Token> result = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            Macro macro = t.kind() == Token.Kind.IDENT && !hidden.contains(t.text()) ? macros.get(t.text()) : null;
            if (macro == null || macro.function() && (i + 1 >= tokens.size() || !tokens.get(i + 1).is("("))) {
                result.add(t);
                continue;
            }
            for (Token b : macro.body()) {
                if (b.is("#") || b.is("##")) {
                    throw error(t.line(), "macro " + macro.name() + " (#define at line " + macro.line()
                            + ") uses # or ##, which shm does not expand");
                }
            }
            Set<String> inner = new HashSet<>(hidden);
            inner.add(macro.name());
            List<Token> body;
            if (!macro.function()) {
                body = macro.body();
            } else {
                List<List<Token>> args = new ArrayList<>();
                List<Token> arg = new ArrayList<>();
                int depth = 0;
                int j = i + 2;
                for (; j < tokens.size(); j++) {
                    Token a = tokens.get(j);
                    if (a.is("(")) {
                        depth++;
                    } else if (a.is(")")) {
                        if (depth-- == 0) {
                            break;
                        }
                    } else if (a.is(",") && depth == 0 && !(macro.variadic() && args.size() == macro.params().size() - 1)) {
                        args.add(arg);
                        arg = new ArrayList<>();
                        continue;
                    }
                    arg.add(a);
                }
                if (j >= tokens.size()) {
                    throw error(t.line(), "the call of macro " + macro.name() + " has no ')' on its line");
                }
                args.add(arg);
                if (args.size() == 1 && args.get(0).isEmpty() && macro.params().isEmpty()) {
                    args.clear();
                }
                if (args.size() != macro.params().size() && !(macro.variadic() && args.size() == macro.params().size() - 1)) {
                    throw error(t.line(), "macro " + macro.name() + " takes " + macro.params().size() + " arguments, given "
                            + args.size());
                }
                body = new ArrayList<>();
                for (Token b : macro.body()) {
                    int p = b.kind() == Token.Kind.IDENT ? macro.params().indexOf(b.text()) : -1;
                    if (p >= 0) {
                        body.addAll(p < args.size() ? expand(args.get(p), hidden, line) : List.of());
                    } else {
                        body.add(b);
                    }
                }
                i = j;
            }
            List<Token> relined = new ArrayList<>();
            for (Token b : body) {
                relined.add(new Token(b.kind(), b.text(), t.line()));
            }
            result.addAll(expand(relined, inner, line));
        }
        return result;
    }

    private void pragma(String text, int line) {
        List<Token> tokens = Lexer.tokens(text, line, where);
        if (tokens.isEmpty()) {
            return;
        }
        String first = tokens.get(0).text();
        if (first.equals("pack")) {
            out.add(new Token(Token.Kind.PACK, text.substring(text.indexOf("pack") + 4).strip(), line));
            return;
        }
        if (first.equals("scalar_storage_order") || first.equals("ms_struct")
                || first.equals("GCC") && tokens.size() > 1 && tokens.get(1).text().equals("scalar_storage_order")) {
            throw error(line, "#pragma " + first + " changes how structs are laid out; shm does not support it");
        }
        // once, GCC diagnostic, GCC visibility, weak, ...: nothing to do with layouts
    }
}
