package shmkit.value.c;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import shmkit.ShmException;
import shmkit.value.CType;
import shmkit.value.Layout;
import shmkit.value.RecordLayout;
import shmkit.value.ValueType;

/**
 * C declarations, as a header or a struct typed on the command line holds them, turned into laid-out
 * records: struct and union definitions (nested, anonymous), typedefs, enums, arrays of any
 * dimension with sizes from constant expressions ({@code #define}s, enum constants, sizeof,
 * offsetof), bit fields, pointers, {@code __attribute__((packed))}, {@code __attribute__((aligned(N)))},
 * {@code _Alignas} and {@code #pragma pack}. Function declarations and bodies, variables and
 * {@code extern "C"} are read past. A construct that would change a layout in a way shm cannot
 * honour (long double, __int128, _Complex, a vector or mode attribute, scalar_storage_order, an
 * _Atomic struct) is refused with its line, never laid out by guess.
 */
public final class CDeclarations {
    private final String where;
    private List<Token> tokens;
    private int pos;
    private int pack;
    private final Deque<Integer> packStack = new ArrayDeque<>();
    private final Map<String, Ty> typedefs = new HashMap<>();
    private final Map<String, Ty> tags = new HashMap<>();
    private final Map<String, Long> constants = new HashMap<>();
    private final List<Candidate> candidates = new ArrayList<>();
    private final List<TopObject> objects = new ArrayList<>();
    private int recordDepth;
    private boolean preprocessing;

    /** A type as declarations use it: complete (laid out), or only good behind a pointer. */
    private record Ty(CType type, String spelling, Status status, String reason) {
        enum Status { COMPLETE, VOID, FUNCTION, INCOMPLETE, UNSUPPORTED }

        static Ty of(CType type, String spelling) {
            return new Ty(type, spelling, Status.COMPLETE, null);
        }

        static Ty other(Status status, String spelling, String reason) {
            return new Ty(null, spelling, status, reason);
        }
    }

    /** A struct or union defined at file scope, under the names that find it (its tag, typedef names). */
    private static final class Candidate {
        final CType.Record record;
        final int line;
        final List<String> names = new ArrayList<>();

        Candidate(CType.Record record, int line) {
            this.record = record;
            this.line = line;
        }
    }

    /** A declaration at file scope that is not a type: on its own line, a member of the struct being typed. */
    private record TopObject(String name, Ty type, int bits, int aligned, boolean packed, int line) {}

    private CDeclarations(String where) {
        this.where = where;
    }

    /** Parses the declarations of {@code text}; {@code where} names it in messages ("layout file foo.h"). */
    public static CDeclarations parse(String text, String where) {
        CDeclarations declarations = new CDeclarations(where);
        Preprocessor preprocessor = new Preprocessor(where, declarations::evaluateCondition);
        declarations.tokens = preprocessor.run(text);
        declarations.pos = 0;
        declarations.translationUnit();
        return declarations;
    }

    /**
     * The layout of the one struct or union defined here, or of the one called {@code pick} (its tag,
     * with or without "struct", or a typedef name); declarations that are not in a struct make one.
     */
    public Layout layout(String spec, String pick) {
        if (pick != null) {
            String name = pick.strip().replaceFirst("^(struct|union)\\s+", "");
            for (Candidate candidate : candidates) {
                if (candidate.names.contains(name)) {
                    return Layout.of(spec, Layout.Source.C, candidate.record, name, candidate.record.size());
                }
            }
            throw ShmException.usage(where + " has no struct or union called '" + pick + "'" + (candidates.isEmpty() ? ""
                    : "; it has " + candidateNames()));
        }
        if (candidates.size() == 1) {
            Candidate only = candidates.get(0);
            return Layout.of(spec, Layout.Source.C, only.record, only.names.isEmpty() ? null : only.names.get(0),
                    only.record.size());
        }
        if (candidates.size() > 1) {
            throw ShmException.usage(where + " defines " + candidates.size() + " structs and unions: " + candidateNames()
                    + "; pick one with @FILE:NAME or --struct NAME");
        }
        if (!objects.isEmpty()) {
            List<RecordLayout.MemberDecl> members = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (TopObject object : objects) {
                CType type = memberType(object.type(), object.line(), object.name(), object.bits());
                checkName(seen, object.name(), object.line());
                members.add(new RecordLayout.MemberDecl(object.name(), type, object.bits(), object.aligned(), object.packed()));
            }
            CType.Record record = RecordLayout.layout(null, false, members, new CType.Decl(false, 0, pack));
            return Layout.of(spec, Layout.Source.C, record, null, record.size());
        }
        throw ShmException.usage(where + " declares no struct, union or member to lay out");
    }

    private String candidateNames() {
        List<String> names = new ArrayList<>();
        for (Candidate candidate : candidates) {
            names.add(candidate.names.isEmpty() ? "an unnamed " + candidate.record.keyword() + " at line " + candidate.line
                    : String.join(" = ", candidate.names));
        }
        return String.join(", ", names);
    }

    // ---- tokens ----------------------------------------------------------------------------------

    private Token peek() {
        return tokens.get(pos);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Token.Kind.END) {
            pos++;
        }
        return t;
    }

    private boolean accept(String text) {
        if (peek().is(text) && peek().kind() != Token.Kind.STRING) {
            pos++;
            return true;
        }
        return false;
    }

    private Token expect(String text, String what) {
        Token t = peek();
        if (!t.is(text)) {
            throw error(t, "expected '" + text + "' " + what + ", found " + t.quoted());
        }
        return next();
    }

    private ShmException error(Token at, String message) {
        return CError.at(where, at.line(), message);
    }

    private ShmException unsupported(Token at, String construct, String why) {
        return CError.at(where, at.line(), construct + " is not supported: " + why);
    }

    // ---- file scope ------------------------------------------------------------------------------

    private void translationUnit() {
        int externBlocks = 0;
        while (peek().kind() != Token.Kind.END) {
            Token t = peek();
            if (t.kind() == Token.Kind.PACK) {
                pragmaPack(next());
            } else if (accept(";")) {
                continue;
            } else if (t.is("extern") && peek(1).kind() == Token.Kind.STRING) {
                next();
                next();
                if (accept("{")) {
                    externBlocks++;
                }
            } else if (t.is("}") && externBlocks > 0) {
                next();
                externBlocks--;
            } else if (t.is("_Static_assert") || t.is("static_assert")) {
                staticAssert();
            } else {
                externalDeclaration();
            }
        }
    }

    private void externalDeclaration() {
        Token first = peek();
        Specs specs = specifiers(true);
        if (accept(";") || peek().kind() == Token.Kind.END) {
            return; // typed on a command line, the last ';' is easily left out
        }
        while (true) {
            Token at = peek();
            Declarator d = at.is(":") ? new Declarator(null, at, List.of()) : declarator(false);
            int bits = -1;
            if (accept(":")) {
                bits = (int) checkedWidth(at, constantExpression());
            }
            Attrs attrs = attributes();
            skipAsmLabel();
            attrs = attrs.and(attributes());
            if (peek().is("{")) {
                skipBalanced("{", "}"); // a function's body
                return;
            }
            boolean initialized = false;
            if (accept("=")) {
                skipInitializer();
                initialized = true;
            }
            if (specs.typedef) {
                if (d.name == null) {
                    throw error(at, "a typedef needs a name");
                }
                Ty type = apply(d, specs.base);
                typedefs.put(d.name, typedefAttributes(type, specs.attrs.and(attrs), at));
                if (type.status() == Ty.Status.COMPLETE && type.type() instanceof CType.Record record && d.ops.isEmpty()) {
                    for (Candidate candidate : candidates) {
                        if (candidate.record == record && !candidate.names.contains(d.name)) {
                            candidate.names.add(d.name);
                        }
                    }
                }
            } else if (d.name != null && !specs.external && !initialized && !isFunction(d)) {
                objects.add(new TopObject(d.name, apply(d, specs.base), bits,
                        Math.max(specs.alignas, specs.attrs.and(attrs).aligned), specs.attrs.and(attrs).packed, at.line()));
            } else if (d.name == null && bits < 0) {
                throw error(first, "a declaration with no name");
            }
            if (accept(",")) {
                continue;
            }
            if (peek().kind() != Token.Kind.END) {
                expect(";", "after a declaration");
            }
            return;
        }
    }

    private static boolean isFunction(Declarator d) {
        return !d.ops.isEmpty() && d.ops.get(d.ops.size() - 1) instanceof Op.Function;
    }

    private void skipAsmLabel() {
        if (peek().is("__asm__") || peek().is("asm") || peek().is("__asm")) {
            next();
            skipBalanced("(", ")");
        }
    }

    private void skipBalanced(String open, String close) {
        Token start = expect(open, "");
        int depth = 1;
        while (depth > 0) {
            Token t = next();
            if (t.kind() == Token.Kind.END) {
                throw error(start, "'" + open + "' has no matching '" + close + "'");
            }
            if (t.kind() == Token.Kind.PUNCT && t.text().equals(open)) {
                depth++;
            } else if (t.kind() == Token.Kind.PUNCT && t.text().equals(close)) {
                depth--;
            }
        }
    }

    private void skipInitializer() {
        int depth = 0;
        while (true) {
            Token t = peek();
            if (t.kind() == Token.Kind.END) {
                throw error(t, "an initializer has no end");
            }
            if (depth == 0 && (t.is(",") || t.is(";"))) {
                return;
            }
            if (t.is("(") || t.is("{") || t.is("[")) {
                depth++;
            } else if (t.is(")") || t.is("}") || t.is("]")) {
                depth--;
            }
            next();
        }
    }

    private void pragmaPack(Token t) {
        List<Token> args = Lexer.tokens(t.text(), t.line(), where);
        if (args.isEmpty() || !args.get(0).is("(") || !args.get(args.size() - 1).is(")")) {
            throw error(t, "#pragma pack" + t.text() + " is not pack(N), pack(push, N), pack(pop) or pack()");
        }
        List<Token> inner = args.subList(1, args.size() - 1);
        if (inner.isEmpty()) {
            pack = 0;
            return;
        }
        String first = inner.get(0).text();
        if (first.equals("show")) {
            return;
        }
        if (first.equals("push") || first.equals("pop")) {
            Integer value = null;
            for (Token arg : inner.subList(1, inner.size())) {
                if (arg.kind() == Token.Kind.NUMBER) {
                    value = packValue(t, arg.text());
                } else if (!arg.is(",")) {
                    throw unsupported(t, "#pragma pack with a label ('" + arg.text() + "')", "use push and pop in pairs");
                }
            }
            if (first.equals("push")) {
                packStack.push(pack);
                if (value != null) {
                    pack = value;
                }
            } else {
                if (value != null) {
                    throw unsupported(t, "#pragma pack(pop, N)", "pop, then pack(N)");
                }
                pack = packStack.isEmpty() ? 0 : packStack.pop();
            }
            return;
        }
        if (inner.size() == 1 && inner.get(0).kind() == Token.Kind.NUMBER) {
            pack = packValue(t, first);
            return;
        }
        throw error(t, "#pragma pack" + t.text() + " is not pack(N), pack(push, N), pack(pop) or pack()");
    }

    private int packValue(Token t, String text) {
        long n = integerLiteral(new Token(Token.Kind.NUMBER, text, t.line()));
        if (n != 1 && n != 2 && n != 4 && n != 8 && n != 16) {
            throw error(t, "#pragma pack(" + text + "): the value must be 1, 2, 4, 8 or 16");
        }
        return (int) n;
    }

    private void staticAssert() {
        Token at = next();
        expect("(", "after " + at.text());
        long value = constantExpression();
        String message = "";
        if (accept(",")) {
            StringBuilder text = new StringBuilder();
            while (peek().kind() == Token.Kind.STRING) {
                text.append(next().text());
            }
            message = " (" + text + ")";
        }
        expect(")", "to close " + at.text());
        expect(";", "after " + at.text());
        if (value == 0) {
            throw error(at, "the header's " + at.text() + " does not hold for this layout" + message);
        }
    }

    // ---- declaration specifiers ------------------------------------------------------------------

    /** __attribute__s that matter to a layout, gathered. */
    private record Attrs(boolean packed, int aligned) {
        static final Attrs NONE = new Attrs(false, 0);

        Attrs and(Attrs other) {
            return new Attrs(packed || other.packed, Math.max(aligned, other.aligned));
        }
    }

    private static final class Specs {
        Ty base;
        boolean typedef;
        boolean external;
        int alignas;
        Attrs attrs = Attrs.NONE;
    }

    private static final Set<String> STORAGE = Set.of("extern", "static", "auto", "register", "inline", "__inline",
            "__inline__", "_Noreturn", "_Thread_local", "__thread", "__extension__", "thread_local", "constexpr");
    private static final Set<String> QUALIFIERS = Set.of("const", "volatile", "restrict", "__restrict", "__restrict__",
            "__const", "__const__", "__volatile", "__volatile__");
    private static final Set<String> TYPE_WORDS = Set.of("void", "char", "short", "int", "long", "float", "double",
            "signed", "unsigned", "__signed__", "__signed", "_Bool", "_Complex", "__complex__", "__int128", "__int128_t",
            "__uint128_t", "_Float128", "__float128", "_Float32x", "_Float64x", "__float80", "_Decimal32", "_Decimal64",
            "_Decimal128", "_BitInt");

    private Specs specifiers(boolean fileScope) {
        Specs specs = new Specs();
        List<String> words = new ArrayList<>();
        Token start = peek();
        boolean atomic = false;
        while (true) {
            Token t = peek();
            if (t.kind() != Token.Kind.IDENT) {
                break;
            }
            String w = t.text();
            if (w.equals("typedef")) {
                next();
                specs.typedef = true;
            } else if (STORAGE.contains(w)) {
                next();
                specs.external |= w.equals("extern") || w.equals("static");
            } else if (QUALIFIERS.contains(w)) {
                next();
            } else if (w.equals("_Atomic")) {
                next();
                if (peek().is("(")) {
                    next();
                    specs.base = typeName();
                    expect(")", "to close _Atomic(");
                }
                atomic = true;
            } else if (w.equals("_Alignas") || w.equals("alignas")) {
                next();
                expect("(", "after " + w);
                long n = startsTypeName() ? alignOf(typeName(), t) : constantExpression();
                expect(")", "to close " + w);
                specs.alignas = Math.max(specs.alignas, checkedAlignment(t, n, w));
            } else if (w.equals("__attribute__") || w.equals("__attribute")) {
                specs.attrs = specs.attrs.and(attributes());
            } else if (w.equals("__declspec") || w.equals("typeof") || w.equals("__typeof__") || w.equals("__typeof")
                    || w.equals("typeof_unqual")) {
                throw unsupported(t, w, "write the type itself");
            } else if (w.equals("struct") || w.equals("union")) {
                next();
                specs.base = record(w.equals("union"), t);
            } else if (w.equals("enum")) {
                next();
                specs.base = enumeration(t);
            } else if (TYPE_WORDS.contains(w)) {
                next();
                words.add(w);
            } else if (specs.base == null && words.isEmpty() && isTypedefName(w)) {
                next();
                specs.base = typedefType(w, t);
            } else {
                break;
            }
        }
        if (!words.isEmpty()) {
            if (specs.base != null) {
                throw error(start, "'" + String.join(" ", words) + "' and " + specs.base.spelling() + " in one type");
            }
            specs.base = builtin(words, start);
        }
        if (specs.base == null) {
            throw error(peek(), "expected a type, found " + peek().quoted());
        }
        if (atomic && specs.base.status() == Ty.Status.COMPLETE && !(specs.base.type() instanceof CType.Scalar)) {
            throw unsupported(start, "_Atomic " + specs.base.spelling(), "gcc may lay out an atomic struct apart from the struct");
        }
        return specs;
    }

    private boolean isTypedefName(String word) {
        return typedefs.containsKey(word) || ValueType.ofC(word) != null && !TYPE_WORDS.contains(word);
    }

    private Ty typedefType(String name, Token at) {
        Ty user = typedefs.get(name);
        if (user != null) {
            return user;
        }
        ValueType.Kind kind = ValueType.ofC(name);
        CType.Display display = name.equals("bool") ? CType.Display.BOOL : CType.Display.NUMBER;
        return Ty.of(CType.Scalar.of(ValueType.of(kind), display, name), name);
    }

    private Ty builtin(List<String> words, Token at) {
        String spelling = String.join(" ", words);
        if (words.contains("_Complex") || words.contains("__complex__")) {
            return Ty.other(Ty.Status.UNSUPPORTED, spelling, "complex numbers have no type in shm");
        }
        if (words.contains("void")) {
            if (words.size() > 1) {
                throw error(at, "'" + spelling + "' is not a type");
            }
            return Ty.other(Ty.Status.VOID, "void", "void has no size");
        }
        if (words.contains("double") && words.contains("long")) {
            return Ty.other(Ty.Status.UNSUPPORTED, spelling, "long double is the x87 80-bit format, which shm cannot read or write");
        }
        for (String w : words) {
            if (!List.of("signed", "unsigned", "__signed__", "__signed", "char", "short", "int", "long", "float", "double",
                    "_Bool").contains(w)) {
                return Ty.other(Ty.Status.UNSUPPORTED, spelling, w + " has no type in shm (its types are "
                        + ValueType.NAMES + ")");
            }
        }
        ValueType.Kind kind = ValueType.ofCSpecifiers(words);
        if (kind == null) {
            throw error(at, "'" + spelling + "' is not a type");
        }
        boolean plainChar = words.equals(List.of("char"));
        CType.Display display = plainChar ? CType.Display.CHAR : words.contains("_Bool") ? CType.Display.BOOL
                : CType.Display.NUMBER;
        return Ty.of(CType.Scalar.of(ValueType.of(kind), display, spelling), spelling);
    }

    private Ty typedefAttributes(Ty type, Attrs attrs, Token at) {
        if (attrs.aligned == 0) {
            return type;
        }
        if (type.status() == Ty.Status.COMPLETE && type.type() instanceof CType.Scalar scalar) {
            // a typedef's aligned(N) may raise or lower its alignment; its size stays
            return Ty.of(new CType.Scalar(scalar.type(), scalar.display(), scalar.cName(), attrs.aligned, scalar.constants()),
                    type.spelling());
        }
        throw unsupported(at, "aligned(N) on a typedef of " + type.spelling(), "put it on the struct or the member");
    }

    // ---- attributes --------------------------------------------------------------------------------

    private static final Set<String> HARMLESS = Set.of("unused", "used", "deprecated", "may_alias", "visibility",
            "nonstring", "designated_init", "transparent_union", "warn_if_not_aligned", "counted_by", "cleanup",
            "warn_unused_result", "nonnull", "noreturn", "const", "pure", "malloc", "format", "always_inline",
            "noinline", "weak", "section", "hot", "cold", "unavailable", "randomize_layout", "no_randomize_layout",
            "preserve_access_index", "btf_type_tag", "btf_decl_tag", "aligned_alloc", "alloc_size", "sentinel",
            "returns_nonnull", "nothrow", "leaf", "access", "fallthrough", "externally_visible", "artificial",
            "gnu_inline", "flatten", "noclone", "no_instrument_function", "warning", "error", "strict_flex_array");

    private Attrs attributes() {
        Attrs attrs = Attrs.NONE;
        while (peek().is("__attribute__") || peek().is("__attribute")) {
            Token start = next();
            expect("(", "after __attribute__");
            expect("(", "after __attribute__(");
            while (!peek().is(")")) {
                Token name = next();
                if (name.kind() != Token.Kind.IDENT) {
                    throw error(name, "expected an attribute name, found " + name.quoted());
                }
                String bare = name.text().replaceAll("^__(.*)__$", "$1");
                List<Token> args = null;
                if (peek().is("(")) {
                    int from = pos + 1;
                    skipBalanced("(", ")");
                    args = tokens.subList(from, pos - 1);
                }
                switch (bare) {
                    case "packed" -> attrs = attrs.and(new Attrs(true, 0));
                    case "aligned" -> {
                        long n = 16; // gcc's __BIGGEST_ALIGNMENT__ on x86-64 without AVX
                        if (args != null && !args.isEmpty()) {
                            n = evaluate(args, name);
                        }
                        attrs = attrs.and(new Attrs(false, checkedAlignment(name, n, "aligned")));
                    }
                    default -> {
                        if (!HARMLESS.contains(bare)) {
                            throw unsupported(name, "__attribute__((" + name.text() + "))",
                                    "shm does not know what it does to a layout");
                        }
                    }
                }
                if (!accept(",")) {
                    break;
                }
            }
            expect(")", "to close __attribute__((");
            expect(")", "to close __attribute__((");
            if (start == null) {
                break;
            }
        }
        if (peek().is("[") && peek(1).is("[")) {
            throw unsupported(peek(), "a [[...]] attribute", "use __attribute__((...))");
        }
        return attrs;
    }

    private int checkedAlignment(Token at, long n, String what) {
        if (n <= 0 || Long.bitCount(n) != 1 || n > (1 << 28)) {
            throw error(at, what + "(" + n + "): an alignment must be a power of two");
        }
        return (int) n;
    }

    private long evaluate(List<Token> expression, Token at) {
        List<Token> sub = new ArrayList<>(expression);
        sub.add(new Token(Token.Kind.END, "", at.line()));
        return constantOf(sub, "in a constant", false);
    }

    /** #if's expression, names already resolved (the preprocessor's callback). */
    private Long evaluateCondition(List<Token> expression) {
        return constantOf(expression, "in #if", true);
    }

    /** The value of {@code expression} (ending in END), parsed where the parser stands, which it then goes back to. */
    private long constantOf(List<Token> expression, String where, boolean inPreprocessor) {
        List<Token> saved = tokens;
        int savedPos = pos;
        boolean savedPreprocessing = preprocessing;
        tokens = expression;
        pos = 0;
        preprocessing = inPreprocessor || savedPreprocessing;
        try {
            long value = constantExpression();
            if (peek().kind() != Token.Kind.END) {
                throw error(peek(), "unexpected " + peek().quoted() + " " + where);
            }
            return value;
        } finally {
            preprocessing = savedPreprocessing;
            tokens = saved;
            pos = savedPos;
        }
    }

    // ---- structs, unions, enums ------------------------------------------------------------------

    private Ty record(boolean union, Token keyword) {
        String kind = union ? "union" : "struct";
        Attrs attrs = attributes();
        String tag = null;
        if (peek().kind() == Token.Kind.IDENT && !peek().is("__attribute__")) {
            tag = next().text();
        }
        attrs = attrs.and(attributes());
        String key = kind + " " + tag;
        if (!peek().is("{")) {
            if (tag == null) {
                throw error(keyword, kind + " needs a tag or a body");
            }
            Ty known = tags.get(key);
            return known != null ? known : Ty.other(Ty.Status.INCOMPLETE, key, key + " is declared but not defined here");
        }
        Token open = next();
        recordDepth++;
        List<RecordLayout.MemberDecl> members = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<Token> memberLines = new ArrayList<>();
        while (!peek().is("}")) {
            Token t = peek();
            if (t.kind() == Token.Kind.END) {
                throw error(open, kind + (tag == null ? "" : " " + tag) + " has no closing '}'");
            }
            if (t.kind() == Token.Kind.PACK) {
                pragmaPack(next());
                continue;
            }
            if (accept(";")) {
                continue;
            }
            if (t.is("_Static_assert") || t.is("static_assert")) {
                staticAssert();
                continue;
            }
            memberDeclaration(members, names, memberLines);
        }
        next();
        recordDepth--;
        attrs = attrs.and(attributes());
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).type() instanceof CType.Array array && array.count() == 0 && i != members.size() - 1
                    && isFlexible(memberLines.get(i))) {
                throw error(memberLines.get(i), "a flexible array member ('" + members.get(i).name() + "[]') must be last");
            }
        }
        CType.Record record = RecordLayout.layout(tag, union, members, new CType.Decl(attrs.packed, attrs.aligned, pack));
        Ty type = Ty.of(record, tag == null ? kind : key);
        if (tag != null) {
            Ty previous = tags.get(key);
            if (previous != null && previous.status() == Ty.Status.COMPLETE) {
                throw error(keyword, key + " is defined twice");
            }
            tags.put(key, type);
        }
        if (recordDepth == 0) {
            Candidate candidate = new Candidate(record, keyword.line());
            if (tag != null) {
                candidate.names.add(tag);
            }
            candidates.add(candidate);
        }
        return type;
    }

    private boolean isFlexible(Token line) {
        return line.text().equals("[]");
    }

    private void memberDeclaration(List<RecordLayout.MemberDecl> members, Set<String> names, List<Token> lines) {
        Token first = peek();
        Specs specs = specifiers(false);
        if (specs.typedef) {
            throw error(first, "a typedef inside a struct");
        }
        if (peek().is(";")) {
            next();
            if (specs.base.status() == Ty.Status.COMPLETE && specs.base.type() instanceof CType.Record inner
                    && inner.tag() == null) {
                // C11's anonymous struct or union: its members are the enclosing one's
                for (String name : memberNames(inner)) {
                    checkName(names, name, first.line());
                }
                members.add(new RecordLayout.MemberDecl(null, inner, -1, Math.max(specs.alignas, specs.attrs.aligned),
                        specs.attrs.packed));
                lines.add(first);
                return;
            }
            if (specs.base.type() instanceof CType.Record) {
                return; // struct tag { ... }; inside a struct declares the tag only, as gcc has it
            }
            throw error(first, "a member declaration with no name");
        }
        while (true) {
            Token at = peek();
            Declarator d = at.is(":") ? new Declarator(null, at, List.of()) : declarator(false);
            int bits = -1;
            if (accept(":")) {
                bits = (int) checkedWidth(at, constantExpression());
            }
            Attrs attrs = specs.attrs.and(attributes());
            Ty type = apply(d, specs.base);
            String name = d.name;
            if (name == null && bits < 0) {
                throw error(at, "a member with no name");
            }
            CType ctype = memberType(type, at.line(), name, bits);
            if (bits >= 0) {
                checkBitField(at, ctype, name, bits);
            }
            if (specs.alignas > 0 && specs.alignas < ctype.align()) {
                throw error(at, "_Alignas(" + specs.alignas + ") cannot lower the alignment of " + name + " ("
                        + ctype.align() + ")");
            }
            if (name != null) {
                checkName(names, name, at.line());
            }
            members.add(new RecordLayout.MemberDecl(name, ctype, bits, Math.max(specs.alignas, attrs.aligned), attrs.packed));
            boolean flexible = !d.ops.isEmpty() && d.ops.get(d.ops.size() - 1) instanceof Op.Array array && array.count < 0;
            lines.add(flexible ? new Token(Token.Kind.PUNCT, "[]", at.line()) : at);
            if (accept(",")) {
                continue;
            }
            expect(";", "after a member");
            return;
        }
    }

    private void checkName(Set<String> names, String name, int line) {
        if (!names.add(name)) {
            throw CError.at(where, line, "member '" + name + "' is declared twice");
        }
    }

    private static List<String> memberNames(CType.Record record) {
        List<String> names = new ArrayList<>();
        for (CType.Member m : record.members()) {
            if (m.name() != null) {
                names.add(m.name());
            } else if (m.type() instanceof CType.Record inner && !m.isBitField()) {
                names.addAll(memberNames(inner));
            }
        }
        return names;
    }

    private long checkedWidth(Token at, long width) {
        if (width < 0 || width > 64) {
            throw error(at, "a bit field's width must be 0 to 64, not " + width);
        }
        return width;
    }

    private void checkBitField(Token at, CType type, String name, int bits) {
        if (!(type instanceof CType.Scalar scalar) || scalar.type().isFloat() || scalar.display() == CType.Display.POINTER) {
            throw error(at, "bit field " + (name == null ? "" : "'" + name + "' ") + "must have an integer type");
        }
        if (bits > scalar.type().size() * 8 || scalar.display() == CType.Display.BOOL && bits > 1) {
            throw error(at, "bit field " + (name == null ? "" : "'" + name + "' ") + "is " + bits + " bits, wider than its type "
                    + scalar.cName());
        }
        if (bits == 0 && name != null) {
            throw error(at, "a bit field of width 0 must have no name ('" + name + "')");
        }
        if (ValueType.NATIVE != java.nio.ByteOrder.LITTLE_ENDIAN) {
            throw unsupported(at, "a bit field", "shm places bit fields as little-endian machines do");
        }
    }

    /** A member's laid-out type: refuses void, functions, incomplete and unsupported types, naming the member. */
    private CType memberType(Ty type, int line, String name, int bits) {
        String member = name == null ? "an unnamed bit field" : "member '" + name + "'";
        return switch (type.status()) {
            case COMPLETE -> type.type();
            case VOID -> throw CError.at(where, line, member + " has type void");
            case FUNCTION -> throw CError.at(where, line, member + " is a function; a struct holds a pointer to one: (*" + name + ")");
            case INCOMPLETE -> throw CError.at(where, line, member + ": " + type.reason());
            case UNSUPPORTED -> throw CError.at(where, line, member + " has type " + type.spelling() + ", which is not supported: "
                    + type.reason());
        };
    }

    private Ty enumeration(Token keyword) {
        Attrs attrs = attributes();
        String tag = null;
        if (peek().kind() == Token.Kind.IDENT && !peek().is("__attribute__")) {
            tag = next().text();
        }
        attrs = attrs.and(attributes());
        String key = "enum " + tag;
        ValueType.Kind fixed = null;
        if (peek().is(":") && peek(1).kind() == Token.Kind.IDENT && isTypeStart(peek(1).text())) { // C23's enum E : type
            next();
            Ty underlying = typeName();
            if (underlying.status() != Ty.Status.COMPLETE || !(underlying.type() instanceof CType.Scalar s)
                    || s.type().isFloat()) {
                throw error(keyword, "an enum's underlying type must be an integer type");
            }
            fixed = s.type().kind();
        }
        if (!peek().is("{")) {
            if (tag == null) {
                throw error(keyword, "enum needs a tag or a body");
            }
            Ty known = tags.get(key);
            if (known == null) {
                return Ty.other(Ty.Status.INCOMPLETE, key, key + " is declared but not defined here");
            }
            return known;
        }
        Token open = next();
        Map<String, Long> values = new LinkedHashMap<>();
        long next = 0;
        while (!peek().is("}")) {
            Token name = next();
            if (name.kind() != Token.Kind.IDENT) {
                throw error(name, "expected an enum constant, found " + name.quoted());
            }
            attributes();
            long value = next;
            if (accept("=")) {
                value = constantExpression();
            }
            values.put(name.text(), value);
            constants.put(name.text(), value);
            next = value + 1;
            if (!accept(",")) {
                break;
            }
        }
        if (peek().kind() == Token.Kind.END) {
            throw error(open, "enum has no closing '}'");
        }
        expect("}", "to close the enum");
        attrs = attrs.and(attributes());
        ValueType.Kind kind = fixed != null ? fixed : enumKind(values, attrs.packed, keyword);
        String spelling = tag == null ? "enum" : key;
        Ty type = Ty.of(new CType.Scalar(ValueType.of(kind), CType.Display.ENUM, spelling, ValueType.of(kind).size(), values),
                spelling);
        if (attrs.aligned > 0) {
            throw unsupported(keyword, "aligned(N) on an enum", "put it on the member");
        }
        if (tag != null) {
            tags.put(key, type);
        }
        return type;
    }

    /** gcc's choice: unsigned int when no value is negative, else int; wider values, or packed, take the smallest type that holds them. */
    private ValueType.Kind enumKind(Map<String, Long> values, boolean packed, Token at) {
        long min = 0;
        long max = 0;
        for (long v : values.values()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        boolean unsigned = min >= 0;
        int precision = unsigned ? Math.max(1, 64 - Long.numberOfLeadingZeros(max))
                : Math.max(65 - Long.numberOfLeadingZeros(~min), 65 - Long.numberOfLeadingZeros(max));
        if (!packed && precision <= 32) {
            return unsigned ? ValueType.Kind.U32 : ValueType.Kind.I32;
        }
        if (precision <= 8) {
            return unsigned ? ValueType.Kind.U8 : ValueType.Kind.I8;
        }
        if (precision <= 16) {
            return unsigned ? ValueType.Kind.U16 : ValueType.Kind.I16;
        }
        if (precision <= 32) {
            return unsigned ? ValueType.Kind.U32 : ValueType.Kind.I32;
        }
        return unsigned ? ValueType.Kind.U64 : ValueType.Kind.I64;
    }

    // ---- declarators ---------------------------------------------------------------------------

    private sealed interface Op permits Op.Pointer, Op.Array, Op.Function {
        record Pointer() implements Op {}

        /** count -1: {@code []} */
        record Array(long count) implements Op {}

        record Function() implements Op {}
    }

    /** A declarator: its name (null if abstract) and what it makes of the base type, applied in order. */
    private record Declarator(String name, Token at, List<Op> ops) {}

    private Declarator declarator(boolean abstractAllowed) {
        Token at = peek();
        int stars = 0;
        while (accept("*")) {
            stars++;
            while (peek().kind() == Token.Kind.IDENT && (QUALIFIERS.contains(peek().text()) || peek().is("_Atomic"))) {
                next();
            }
            attributes();
        }
        attributes();
        Declarator inner = null;
        String name = null;
        if (peek().is("(") && startsDeclarator(peek(1))) {
            next();
            inner = declarator(abstractAllowed);
            expect(")", "to close a declarator");
        } else if (peek().kind() == Token.Kind.IDENT && !QUALIFIERS.contains(peek().text()) && !peek().is("__attribute__")
                && !peek().is("__asm__")) {
            at = peek();
            name = next().text();
        }
        List<Op> suffixes = new ArrayList<>();
        while (true) {
            if (accept("[")) {
                while (peek().is("static") || QUALIFIERS.contains(peek().text())) {
                    next();
                }
                if (accept("]")) {
                    suffixes.add(new Op.Array(-1));
                    continue;
                }
                Token size = peek();
                long n = constantExpression();
                if (n < 0) {
                    throw error(size, "an array of " + n + " elements");
                }
                expect("]", "to close an array size");
                suffixes.add(new Op.Array(n));
            } else if (peek().is("(")) {
                skipBalanced("(", ")");
                suffixes.add(new Op.Function());
            } else {
                break;
            }
        }
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < stars; i++) {
            ops.add(new Op.Pointer());
        }
        for (int i = suffixes.size() - 1; i >= 0; i--) {
            ops.add(suffixes.get(i));
        }
        if (inner != null) {
            ops.addAll(inner.ops);
            name = inner.name;
            at = inner.at;
        }
        return new Declarator(name, at, ops);
    }

    private boolean startsDeclarator(Token t) {
        return t.is("*") || t.is("(") || t.is("[") || t.is("^") || t.is("__attribute__")
                || t.kind() == Token.Kind.IDENT && !isTypeStart(t.text());
    }

    private boolean isTypeStart(String word) {
        return TYPE_WORDS.contains(word) || QUALIFIERS.contains(word) || STORAGE.contains(word) || word.equals("struct")
                || word.equals("union") || word.equals("enum") || word.equals("_Atomic") || isTypedefName(word);
    }

    private Ty apply(Declarator d, Ty base) {
        Ty type = base;
        String pattern = base.spelling() + " %s";
        for (Op op : d.ops) {
            // instanceof, not a switch of patterns, which spins a class at every start (docs/architecture.md)
            if (op instanceof Op.Pointer) {
                boolean wrap = pattern.contains("%s[") || pattern.contains("%s(");
                pattern = pattern.replace("%s", wrap ? "(*%s)" : "*%s");
                String cName = pattern.replace("%s", "").replace("* ", "*").strip();
                type = Ty.of(CType.Scalar.of(ValueType.of(ValueType.Kind.U64), CType.Display.POINTER, cName), cName);
            } else if (op instanceof Op.Array a) {
                if (type.status() == Ty.Status.FUNCTION) {
                    throw error(d.at, "an array of functions");
                }
                if (a.count < 0 && type.status() == Ty.Status.COMPLETE) {
                    pattern = pattern.replace("%s", "%s[]");
                    type = Ty.of(new CType.Array(type.type(), 0), pattern.replace(" %s", "").replace("%s", ""));
                    continue;
                }
                if (type.status() != Ty.Status.COMPLETE) {
                    return Ty.other(type.status() == Ty.Status.VOID ? Ty.Status.UNSUPPORTED : type.status(),
                            type.spelling() + "[]", type.reason());
                }
                pattern = pattern.replace("%s", "%s[" + a.count + "]");
                type = Ty.of(new CType.Array(type.type(), a.count), pattern.replace(" %s", "").replace("%s", ""));
            } else if (op instanceof Op.Function) {
                pattern = pattern.replace("%s", "%s()");
                type = Ty.other(Ty.Status.FUNCTION, pattern.replace("%s", ""), "a function");
            } else {
                throw new IllegalStateException("a declarator operation of no known kind: " + op);
            }
        }
        return type;
    }

    /** A type name, as in sizeof(...), casts and _Alignas(...): specifiers and an abstract declarator. */
    private Ty typeName() {
        Specs specs = specifiers(false);
        Declarator d = declarator(true);
        if (d.name != null) {
            throw error(d.at, "a type name with a name in it ('" + d.name + "')");
        }
        return apply(d, specs.base);
    }

    private boolean startsTypeName() {
        Token t = peek();
        return t.kind() == Token.Kind.IDENT && isTypeStart(t.text()) && !constants.containsKey(t.text());
    }

    // ---- constant expressions --------------------------------------------------------------------

    private long constantExpression() {
        return conditional();
    }

    private long conditional() {
        long condition = binary(0);
        if (accept("?")) {
            long a = constantExpression();
            expect(":", "in a ?: expression");
            long b = conditional();
            return condition != 0 ? a : b;
        }
        return condition;
    }

    private static final List<List<String>> LEVELS = List.of(List.of("||"), List.of("&&"), List.of("|"), List.of("^"),
            List.of("&"), List.of("==", "!="), List.of("<", ">", "<=", ">="), List.of("<<", ">>"), List.of("+", "-"),
            List.of("*", "/", "%"));

    private long binary(int level) {
        if (level == LEVELS.size()) {
            return unary();
        }
        long left = binary(level + 1);
        while (peek().kind() == Token.Kind.PUNCT && LEVELS.get(level).contains(peek().text())) {
            Token op = next();
            long right = binary(level + 1);
            left = switch (op.text()) {
                case "||" -> left != 0 || right != 0 ? 1 : 0;
                case "&&" -> left != 0 && right != 0 ? 1 : 0;
                case "|" -> left | right;
                case "^" -> left ^ right;
                case "&" -> left & right;
                case "==" -> left == right ? 1 : 0;
                case "!=" -> left != right ? 1 : 0;
                case "<" -> left < right ? 1 : 0;
                case ">" -> left > right ? 1 : 0;
                case "<=" -> left <= right ? 1 : 0;
                case ">=" -> left >= right ? 1 : 0;
                case "<<" -> right < 0 || right > 63 ? fail(op, "a shift by " + right) : left << right;
                case ">>" -> right < 0 || right > 63 ? fail(op, "a shift by " + right) : left >> right;
                case "+" -> Math.addExact(left, right);
                case "-" -> Math.subtractExact(left, right);
                case "*" -> Math.multiplyExact(left, right);
                case "/" -> right == 0 ? fail(op, "a division by zero") : left / right;
                default -> right == 0 ? fail(op, "a division by zero") : left % right;
            };
        }
        return left;
    }

    private long fail(Token at, String what) {
        throw error(at, what + " in a constant expression");
    }

    private long unary() {
        Token t = peek();
        if (accept("-")) {
            return Math.negateExact(unary());
        }
        if (accept("+")) {
            return unary();
        }
        if (accept("~")) {
            return ~unary();
        }
        if (accept("!")) {
            return unary() == 0 ? 1 : 0;
        }
        if (!preprocessing && (t.is("sizeof") || t.is("_Alignof") || t.is("alignof") || t.is("__alignof__")
                || t.is("__alignof"))) {
            next();
            boolean size = t.is("sizeof");
            if (peek().is("(") && startsTypeName(peek(1))) {
                next();
                Ty type = typeName();
                expect(")", "to close " + t.text() + "(");
                return size ? sizeOf(type, t) : alignOf(type, t);
            }
            throw unsupported(t, t.text() + " of an expression", "write " + t.text() + "(TYPE)");
        }
        if (!preprocessing && t.is("(") && startsTypeName(peek(1))) {
            next();
            Ty type = typeName();
            expect(")", "to close a cast");
            long value = unary();
            if (type.status() == Ty.Status.COMPLETE && type.type() instanceof CType.Scalar s && !s.type().isFloat()) {
                int bits = s.type().size() * 8;
                return bits == 64 ? value : s.type().isSigned() ? value << (64 - bits) >> (64 - bits)
                        : value & ((1L << bits) - 1);
            }
            throw unsupported(t, "a cast to " + type.spelling(), "only integer casts are constants here");
        }
        return primary();
    }

    private boolean startsTypeName(Token t) {
        return t.kind() == Token.Kind.IDENT && isTypeStart(t.text()) && !constants.containsKey(t.text());
    }

    private long primary() {
        Token t = next();
        switch (t.kind()) {
            case NUMBER -> {
                return integerLiteral(t);
            }
            case CHAR -> {
                return charLiteral(t);
            }
            case IDENT -> {
                if (constants.containsKey(t.text())) {
                    return constants.get(t.text());
                }
                if (!preprocessing && (t.is("offsetof") || t.is("__builtin_offsetof"))) {
                    return offsetOf(t);
                }
                throw error(t, "'" + t.text() + "' is not a constant this header defines (a #define or an enum constant)");
            }
            case PUNCT -> {
                if (t.is("(")) {
                    long value = constantExpression();
                    expect(")", "to close '('");
                    return value;
                }
                throw error(t, "expected a constant, found " + t.quoted());
            }
            default -> throw error(t, "expected a constant, found " + t.quoted());
        }
    }

    private static final java.util.regex.Pattern SUFFIX = java.util.regex.Pattern.compile("(?i)(u|l|ul|lu|ll|ull|llu|wb|uwb)$");

    private long integerLiteral(Token t) {
        String digits = t.text().replace("'", "");
        java.util.regex.Matcher suffix = SUFFIX.matcher(digits);
        if (suffix.find()) {
            digits = digits.substring(0, suffix.start());
        }
        int radix = 10;
        int from = 0;
        if (digits.length() > 2 && digits.charAt(0) == '0' && (digits.charAt(1) == 'x' || digits.charAt(1) == 'X')) {
            radix = 16;
            from = 2;
        } else if (digits.length() > 2 && digits.charAt(0) == '0' && (digits.charAt(1) == 'b' || digits.charAt(1) == 'B')) {
            radix = 2;
            from = 2;
        } else if (digits.length() > 1 && digits.charAt(0) == '0') {
            radix = 8;
            from = 1;
        }
        if (from == digits.length() && radix != 8 || digits.isEmpty()) {
            throw error(t, "'" + t.text() + "' is not an integer constant");
        }
        for (int i = from; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), radix) < 0 || digits.charAt(i) > 0x7f) {
                throw error(t, "'" + t.text() + "' is not an integer constant");
            }
        }
        try {
            return from == digits.length() ? 0 : Long.parseUnsignedLong(digits.substring(from), radix);
        } catch (NumberFormatException e) {
            throw error(t, "'" + t.text() + "' does not fit in 64 bits");
        }
    }

    private long charLiteral(Token t) {
        String body = t.text().substring(1, t.text().length() - 1);
        if (body.isEmpty()) {
            throw error(t, "an empty character constant");
        }
        if (body.charAt(0) != '\\') {
            if (body.length() != 1 || body.charAt(0) > 0x7f) {
                throw unsupported(t, "the character constant " + t.text(), "one ASCII character or an escape");
            }
            return body.charAt(0);
        }
        String esc = body.substring(1);
        return switch (esc) {
            case "n" -> '\n';
            case "t" -> '\t';
            case "r" -> '\r';
            case "a" -> 7;
            case "b" -> 8;
            case "f" -> 12;
            case "v" -> 11;
            case "\\" -> '\\';
            case "'" -> '\'';
            case "\"" -> '"';
            case "?" -> '?';
            default -> {
                if (esc.matches("[0-7]{1,3}")) {
                    yield (byte) Integer.parseInt(esc, 8);
                }
                if (esc.matches("x[0-9a-fA-F]{1,2}")) {
                    yield (byte) Integer.parseInt(esc.substring(1), 16);
                }
                throw unsupported(t, "the character constant " + t.text(), "one ASCII character or an escape");
            }
        };
    }

    private long sizeOf(Ty type, Token at) {
        if (type.status() != Ty.Status.COMPLETE) {
            throw error(at, "sizeof(" + type.spelling() + "): " + (type.reason() == null ? "no size" : type.reason()));
        }
        return type.type().size();
    }

    private long alignOf(Ty type, Token at) {
        if (type.status() != Ty.Status.COMPLETE) {
            throw error(at, "the alignment of " + type.spelling() + ": " + (type.reason() == null ? "unknown" : type.reason()));
        }
        return type.type().align();
    }

    private long offsetOf(Token at) {
        expect("(", "after offsetof");
        Ty type = typeName();
        expect(",", "in offsetof(TYPE, MEMBER)");
        if (type.status() != Ty.Status.COMPLETE) {
            throw error(at, "offsetof in " + type.spelling() + ", which is not defined here");
        }
        CType current = type.type();
        long offset = 0;
        boolean first = true;
        while (true) {
            if (first || accept(".")) {
                first = false;
                Token name = next();
                if (!(current instanceof CType.Record record)) {
                    throw error(name, "offsetof: " + name.quoted() + " is not a member of a struct");
                }
                long[] found = member(record, name.text());
                if (found == null) {
                    throw error(name, "offsetof: no member " + name.quoted());
                }
                if (found[1] >= 0) {
                    throw error(name, "offsetof of a bit field");
                }
                offset += found[0];
                current = memberTypeOf(record, name.text());
            } else if (accept("[")) {
                long index = constantExpression();
                expect("]", "in offsetof");
                if (!(current instanceof CType.Array array)) {
                    throw error(at, "offsetof: [" + index + "] of something that is not an array");
                }
                offset += index * array.element().size();
                current = array.element();
            } else {
                break;
            }
        }
        expect(")", "to close offsetof(");
        return offset;
    }

    /** {offset, bits} of a member found through anonymous members too, or null. */
    private static long[] member(CType.Record record, String name) {
        for (CType.Member m : record.members()) {
            if (name.equals(m.name())) {
                return new long[] {m.offset(), m.bits()};
            }
            if (m.name() == null && m.type() instanceof CType.Record inner && !m.isBitField()) {
                long[] found = member(inner, name);
                if (found != null) {
                    return new long[] {m.offset() + found[0], found[1]};
                }
            }
        }
        return null;
    }

    private static CType memberTypeOf(CType.Record record, String name) {
        for (CType.Member m : record.members()) {
            if (name.equals(m.name())) {
                return m.type();
            }
            if (m.name() == null && m.type() instanceof CType.Record inner && !m.isBitField()) {
                CType found = memberTypeOf(inner, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    // for tests and messages
    @Override
    public String toString() {
        return where + ": " + candidateNames();
    }

    static Map<String, Long> constantsOf(CDeclarations declarations) {
        return new HashMap<>(declarations.constants);
    }
}
