package shmkit.hex;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Everything that decides how a dump looks, checked once, and the printer it makes: the dump
 * command fills a {@link Builder} from its options and hands it bytes. Each style follows one peer
 * byte for byte: xxd (and its -u -b -e -d -o -a), hexdump -C, xxd -p, xxd -i, od -A -t, hexyl.
 */
public final class DumpFormat {
    /** The layouts, each named for the peer whose output it reproduces. */
    public enum Style {
        /** xxd's default layout and its variants. */
        XXD,
        /** hexdump -C. */
        CANONICAL,
        /** xxd -p. */
        PLAIN,
        /** xxd -i: a C array. */
        C_INCLUDE,
        /** od -A RADIX -t TYPE: an offset and typed values a line. */
        COLUMNS,
        /** hexyl: panels between borders. */
        HEXYL
    }

    private final Builder b;
    private final HexDumper hex;
    private final ColumnDumper columns;
    private final HexylDumper hexyl;

    private DumpFormat(Builder b) {
        this.b = b;
        check();
        this.hex = switch (b.style) {
            case XXD, CANONICAL, PLAIN -> hexDumper();
            default -> null;
        };
        this.columns = b.style == Style.COLUMNS ? new ColumnDumper(ColumnDumper.Type.parse(b.type), b.radix,
                b.cols == null ? 0 : b.cols, b.squeeze, b.upper, b.displayOffset) : null;
        this.hexyl = b.style == Style.HEXYL ? new HexylDumper(HexylDumper.Border.parse(b.border),
                HexylDumper.Chars.parse(b.characterTable), b.cols == null ? 0 : b.cols,
                b.group == null ? 1 : b.group, b.squeeze, b.color, b.upper, b.displayOffset) : null;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Style style() {
        return b.style;
    }

    /**
     * Starts a dump whose first byte lies at {@code offset}. {@code zeroAsked}: the caller was asked
     * for zero bytes (hexdump then prints nothing at all, od its offset).
     */
    public Printer start(OutputStream out, long offset, boolean zeroAsked) throws IOException {
        return switch (b.style) {
            case XXD, CANONICAL, PLAIN -> hex.start(out, offset, zeroAsked);
            case C_INCLUDE -> new CInclude(out, b.name, b.capitalize, b.upper, b.bits, b.cols == null ? 0 : b.cols);
            case COLUMNS -> columns.start(out, offset);
            case HEXYL -> hexyl.start(out, offset);
        };
    }

    private HexDumper hexDumper() {
        HexDumper.Builder builder = HexDumper.builder().layout(switch (b.style) {
            case CANONICAL -> HexDumper.Layout.CANONICAL;
            case PLAIN -> HexDumper.Layout.PLAIN;
            default -> HexDumper.Layout.XXD;
        });
        if (b.cols != null && (b.cols != 0 || b.style == Style.PLAIN)) {
            builder.cols(b.cols);
        }
        if (b.group != null) {
            builder.group(b.group);
        }
        return builder.squeeze(b.squeeze).color(b.color).upper(b.upper).bits(b.bits).littleEndian(b.littleEndian)
                .decimal(b.decimal).displayOffset(b.displayOffset)
                .helperThread(Runtime.getRuntime().availableProcessors() > 1).build();
    }

    /** Refuses settings that do not go together, in the words of the dump command's options. */
    private void check() {
        Style style = b.style;
        String what = switch (style) {
            case XXD -> "the xxd layout";
            case CANONICAL -> "--canonical";
            case PLAIN -> "--plain";
            case C_INCLUDE -> "--include";
            case COLUMNS -> "--as";
            case HEXYL -> "--border";
        };
        if (b.cols != null) {
            int n = b.cols;
            if (n < 0 || n > HexDumper.MAX_COLS) {
                throw new IllegalArgumentException("--cols " + n + " is out of range: give 0 to " + HexDumper.MAX_COLS
                        + (style == Style.PLAIN ? " (0: all on one line)" : " (0: the default, as xxd -c 0)"));
            }
        }
        if (b.group != null) {
            if (style == Style.PLAIN || style == Style.C_INCLUDE || style == Style.COLUMNS) {
                throw new IllegalArgumentException("--group does not apply to " + what + ", which has no groups");
            }
            if (b.group < 0) {
                throw new IllegalArgumentException("--group " + b.group + " is negative: give 0 (no spaces) or more");
            }
        }
        if (b.squeeze && (style == Style.PLAIN || style == Style.C_INCLUDE)) {
            throw new IllegalArgumentException("--squeeze needs offsets to say how far a '*' reaches; " + what + " has none");
        }
        if (b.bits && style != Style.XXD && style != Style.C_INCLUDE) {
            throw new IllegalArgumentException("--bits goes with the xxd layout or --include, not " + what);
        }
        if (b.littleEndian && style != Style.XXD) {
            throw new IllegalArgumentException("--little-endian goes with the xxd layout, not " + what
                    + (style == Style.COLUMNS ? " (name the byte order in the type: --as u32le)" : ""));
        }
        if (b.littleEndian && b.bits) {
            throw new IllegalArgumentException("--little-endian and --bits cannot be used together (as in xxd)");
        }
        if (b.decimal && style != Style.XXD) {
            throw new IllegalArgumentException("--decimal goes with the xxd layout, not " + what
                    + (style == Style.COLUMNS ? " (use --radix d)" : ""));
        }
        if (b.displayOffset != 0 && (style == Style.PLAIN || style == Style.C_INCLUDE)) {
            throw new IllegalArgumentException("--display-offset needs offsets to shift; " + what + " has none");
        }
        if (b.name != null && style != Style.C_INCLUDE) {
            throw new IllegalArgumentException("-n/--name names the C array of --include (xxd -n); for a length "
                    + "(hexdump -n, od -N) shm's is -l/--length");
        }
        if (b.capitalize && style != Style.C_INCLUDE) {
            throw new IllegalArgumentException("--capitalize goes with --include");
        }
        if (b.radix != null && style != Style.COLUMNS) {
            throw new IllegalArgumentException("--radix goes with --as (od's typed columns); for decimal offsets in the "
                    + "xxd layout use --decimal");
        }
        if (b.characterTable != null && style != Style.HEXYL) {
            throw new IllegalArgumentException("--character-table goes with --border (hexyl's layout)");
        }
        if (style == Style.XXD && b.littleEndian) {
            int cols = b.cols == null || b.cols == 0 ? 16 : b.cols;
            int group = b.group == null ? 4 : b.group;
            int span = group < 1 || group > cols ? cols : group;
            if (Integer.bitCount(span) != 1) {
                throw new IllegalArgumentException("--little-endian needs groups of 1, 2, 4, 8.. bytes; "
                        + (group < 1 || group > cols ? "the whole line of " + cols + " is one group" : "--group " + group
                        + " is not a power of 2") + " (xxd -e refuses it too)");
            }
        }
    }

    /** The settings; each is checked against the style when {@link #build()} is called. */
    public static final class Builder {
        private Style style = Style.XXD;
        private Integer cols;
        private Integer group;
        private boolean squeeze;
        private boolean color;
        private boolean upper;
        private boolean bits;
        private boolean littleEndian;
        private boolean decimal;
        private long displayOffset;
        private String name;
        private boolean capitalize;
        private String type;
        private Character radix;
        private String border;
        private String characterTable;

        private Builder() {}

        public Builder style(Style style) {
            this.style = style;
            return this;
        }

        /** Bytes a line; 0 is the style's default (as xxd -c 0), except with plain where it is one line. */
        public Builder cols(Integer cols) {
            this.cols = cols;
            return this;
        }

        public Builder group(Integer group) {
            this.group = group;
            return this;
        }

        public Builder squeeze(boolean squeeze) {
            this.squeeze = squeeze;
            return this;
        }

        public Builder color(boolean color) {
            this.color = color;
            return this;
        }

        public Builder upper(boolean upper) {
            this.upper = upper;
            return this;
        }

        public Builder bits(boolean bits) {
            this.bits = bits;
            return this;
        }

        public Builder littleEndian(boolean littleEndian) {
            this.littleEndian = littleEndian;
            return this;
        }

        public Builder decimal(boolean decimal) {
            this.decimal = decimal;
            return this;
        }

        public Builder displayOffset(long displayOffset) {
            this.displayOffset = displayOffset;
            return this;
        }

        /** The C array's name (--include); null for the bytes alone. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder capitalize(boolean capitalize) {
            this.capitalize = capitalize;
            return this;
        }

        /** The value type of {@link Style#COLUMNS}: od's spelling (x4, u2, f8, d1) or shm's (u32, i16be). */
        public Builder type(String type) {
            this.type = type;
            return this;
        }

        /** od -A: 'd', 'o', 'x' or 'n' (no offsets); {@link Style#COLUMNS} only. */
        public Builder radix(Character radix) {
            this.radix = radix;
            return this;
        }

        /** hexyl --border: unicode, ascii or none. */
        public Builder border(String border) {
            this.border = border;
            return this;
        }

        public Builder characterTable(String characterTable) {
            this.characterTable = characterTable;
            return this;
        }

        /** @throws IllegalArgumentException naming the option that does not fit, for a usage error */
        public DumpFormat build() {
            return new DumpFormat(this);
        }
    }
}
