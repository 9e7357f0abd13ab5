package shmkit.watch;

import shmkit.ShmException;
import shmkit.segment.Memory;
import shmkit.text.SafeText;
import shmkit.value.Layout;
import shmkit.value.Shape;
import shmkit.value.ValueFormat;
import shmkit.value.ValueType;

/**
 * What --plot draws: one number a change, the value of --as or one numeric field of a --layout
 * ({@code temp}, a path {@code pos.x}, or an element of an array field, {@code temps[2]}). In a pipe
 * the same number is printed alone, one a line, which is what ttyplot and gnuplot read.
 */
public final class Plotted {
    private final String label;
    private final ValueType type;
    /** The field of a layout; null for --as. */
    private final Layout.Field field;
    private final int index;

    private Plotted(String label, ValueType type, Layout.Field field, int index) {
        this.label = label;
        this.type = type;
        this.field = field;
        this.index = index;
    }

    /**
     * The number of --as (field null), or of a layout's field; a usage error says what cannot be drawn.
     *
     * @param field a field's name or path, {@code name[i]} for an element of an array; null: with a
     *              layout, its only numeric field
     */
    public static Plotted of(Shape shape, String field) {
        if (shape instanceof Shape.Values values) {
            if (field != null) {
                throw ShmException.usage("--plot " + SafeText.quote(field) + " names a field, which needs --layout; "
                        + "with --as, give --plot alone");
            }
            if (values.count() != 1) {
                throw ShmException.usage("--plot draws one number; watch an element of an array through --layout");
            }
            return new Plotted(values.type().name(), values.type(), null, 0);
        }
        Layout layout = (Layout) shape;
        if (field == null) {
            Layout.Field only = null;
            for (Layout.Field f : layout.fields()) {
                if (!f.isText() && f.count() == 1 && !f.array()) {
                    if (only != null) {
                        throw ShmException.usage("--plot needs the FIELD to draw (--plot=FIELD); fields: "
                                + layout.names());
                    }
                    only = f;
                }
            }
            if (only == null) {
                throw ShmException.usage("the layout has no field of one number to draw; name an element: --plot='name[0]'");
            }
            return new Plotted(only.name(), only.type(), only, 0);
        }
        Layout.Field whole = layout.field(field);
        String name = field;
        int index = -1;
        int bracket = field.lastIndexOf('[');
        if (whole == null && bracket > 0 && field.endsWith("]")) {
            name = field.substring(0, bracket);
            try {
                index = Integer.parseInt(field.substring(bracket + 1, field.length() - 1));
            } catch (NumberFormatException e) {
                index = Integer.MIN_VALUE;
            }
        }
        Layout.Field f = whole != null ? whole : layout.field(name);
        if (f == null) {
            throw ShmException.usage("--plot " + SafeText.quote(field) + ": the layout has no field " + SafeText.quote(name)
                    + " (fields: " + layout.names() + ")");
        }
        if (f.isText()) {
            throw ShmException.usage("--plot " + SafeText.quote(field) + ": " + name + " is text (" + f.typeName()
                    + "); --plot draws numbers");
        }
        if (index == -1 && f.array()) {
            throw ShmException.usage("--plot " + SafeText.quote(field) + ": " + name + " holds " + f.count()
                    + " values; draw one of them: --plot='" + name + "[0]'");
        }
        if (index != -1 && (index < 0 || index >= f.count() || !f.array())) {
            throw ShmException.usage("--plot " + SafeText.quote(field) + ": " + name + " is " + f.typeName()
                    + (f.array() ? "; its elements are " + name + "[0] to " + name + "[" + (f.count() - 1) + "]" : ", not an array"));
        }
        return new Plotted(field, f.type(), f, Math.max(0, index));
    }

    /** What the number is: a field's name, or --as's type. */
    public String label() {
        return label;
    }

    private long bits(WatchedBytes bytes) {
        Memory memory = Memory.ofArray(LineFormats.copyOf(bytes));
        return field == null ? type.load(memory, 0) : ValueFormat.fieldBits(field, index, memory, 0);
    }

    /** The number in the range's bytes. */
    public double value(WatchedBytes bytes) {
        long bits = bits(bytes);
        return field != null && field.isBitField() ? bits : type.toDouble(bits);
    }

    /** The number alone, as text or JSON: the line a plot prints in a pipe. */
    public LineFormat line(boolean json) {
        return bytes -> {
            long bits = bits(bytes);
            if (field != null && field.isBitField()) {
                return Long.toString(bits);
            }
            return json ? type.json(bits) : type.format(bits);
        };
    }
}
