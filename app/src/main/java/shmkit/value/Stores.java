package shmkit.value;

import shmkit.segment.WritableMemory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import shmkit.ShmException;

/**
 * A typed write, parsed and checked in full from the user's text before the segment is opened:
 * values for --as, FIELD=VALUE for --layout. Applying it touches the bytes of the values and
 * fields named and no other byte; each aligned scalar is one atomic store.
 */
public final class Stores {
    private sealed interface Store permits Scalar, Text, Repeat, BitField {}

    private record Scalar(long offset, ValueType type, long bits) implements Store {}

    /** A bit field: a read-modify-write of the unit that holds it. */
    private record BitField(Layout.Field field, long bits) implements Store {}

    /** One value in {@code count} consecutive elements from offset 0 (--count N with one value). */
    private record Repeat(ValueType type, long bits, long count) implements Store {}

    /** char[N] text, padded with NUL to the field's width. */
    private record Text(long offset, byte[] bytes, int width) implements Store {}

    private static final java.util.regex.Pattern ELEMENT = java.util.regex.Pattern.compile("(.+)\\[([0-9]+)]");

    private final List<Store> stores;
    private final long byteSize;

    private Stores(List<Store> stores, long byteSize) {
        this.stores = List.copyOf(stores);
        this.byteSize = byteSize;
    }

    /** The bytes from the base that must lie inside the segment: the struct, or the values written. */
    public long byteSize() {
        return byteSize;
    }

    /**
     * {@code --as TYPE VALUE...}: consecutive values from the base. With {@code count} (--count), one
     * value is repeated count times and several must be exactly count.
     */
    public static Stores values(ValueType type, Long count, List<String> texts) {
        if (texts.isEmpty()) {
            throw ShmException.usage("nothing to write: give one or more " + type + " values after the name");
        }
        if (count != null && texts.size() != 1 && texts.size() != count) {
            throw ShmException.usage("--count " + count + " but " + texts.size() + " values given; give "
                    + count + " values, or one to repeat");
        }
        long[] parsed = new long[texts.size()];
        for (int i = 0; i < parsed.length; i++) {
            parsed[i] = type.parseValue(texts.get(i));
        }
        long n = count != null ? count : texts.size();
        long byteSize;
        try {
            byteSize = Math.multiplyExact(n, type.size());
        } catch (ArithmeticException e) {
            throw ShmException.usage("--count " + count + " of " + type + " is more bytes than a segment can hold");
        }
        if (parsed.length == 1 && n > 1) {
            return new Stores(List.of(new Repeat(type, parsed[0], n)), byteSize);
        }
        List<Store> stores = new ArrayList<>();
        for (int i = 0; i < parsed.length; i++) {
            stores.add(new Scalar((long) i * type.size(), type, parsed[i]));
        }
        return new Stores(stores, byteSize);
    }

    /**
     * {@code FIELD=VALUE ...} for a layout: {@code bar=31337}, {@code temps=1,2,3,4}, {@code temps[2]=5},
     * {@code name=text}, {@code a.b[2].c=7}, a bit field {@code flags.ready=1}, an enum by its constant.
     */
    public static Stores fields(Layout layout, List<String> assignments) {
        if (assignments.isEmpty()) {
            throw ShmException.usage("nothing to write: give FIELD=VALUE for fields of the layout (" + layout.names() + ")");
        }
        List<Store> stores = new ArrayList<>();
        Set<String> whole = new HashSet<>();
        Set<String> withElements = new HashSet<>();
        Set<String> elements = new HashSet<>();
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw ShmException.usage("'" + assignment + "' is not FIELD=VALUE (fields: " + layout.names() + ")");
            }
            String target = assignment.substring(0, eq);
            String value = assignment.substring(eq + 1);
            Integer index = null;
            String name = target;
            java.util.regex.Matcher element = ELEMENT.matcher(target);
            if (layout.field(target) == null && element.matches()) {
                name = element.group(1);
                try {
                    index = Integer.parseInt(element.group(2));
                } catch (NumberFormatException e) {
                    index = Integer.MAX_VALUE;
                }
            }
            Layout.Field field = layout.field(name);
            if (field == null) {
                throw ShmException.usage("'" + assignment + "': the layout has no field '" + name + "' (fields: " + layout.names() + ")");
            }
            if (field.count() == 0) {
                throw ShmException.usage("'" + assignment + "': " + name + " has no elements in the struct (a flexible array member)");
            }
            if (index != null && (field.isText() || !field.array())) {
                throw ShmException.usage("'" + assignment + "': " + name + " is " + field.typeName()
                        + (field.isText() ? ", set as text: " + name + "=TEXT" : ", not an array"));
            }
            if (index != null && index >= field.count()) {
                throw ShmException.usage("'" + assignment + "': index " + index + " is past the end of " + name + " ("
                        + field.typeName() + ", indexes 0.." + (field.count() - 1) + ")");
            }
            boolean twice = index == null
                    ? whole.contains(name) || withElements.contains(name)
                    : whole.contains(name) || elements.contains(name + "[" + index + "]");
            if (twice) {
                throw ShmException.usage("'" + assignment + "': " + target + " is set twice");
            }
            if (index == null) {
                whole.add(name);
            } else {
                withElements.add(name);
                elements.add(name + "[" + index + "]");
            }
            stores.addAll(parseField(field, index, value, assignment));
        }
        return new Stores(stores, layout.size());
    }

    private static List<Store> parseField(Layout.Field field, Integer index, String value, String assignment) {
        if (field.isText()) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            boolean pascal = field.scalar().display() == CType.Display.PASCAL;
            int room = pascal ? Math.min(255, field.count() - 1) : field.count();
            if (bytes.length > room) {
                throw ShmException.usage("'" + assignment + "': the text is " + bytes.length + " bytes; "
                        + field.name() + " is " + field.typeName() + ", " + room + " bytes");
            }
            if (pascal) {
                byte[] counted = new byte[bytes.length + 1];
                counted[0] = (byte) bytes.length;
                System.arraycopy(bytes, 0, counted, 1, bytes.length);
                bytes = counted;
            }
            return List.of(new Text(field.offset(), bytes, field.count()));
        }
        ValueType type = field.type();
        if (field.isBitField()) {
            long bits = parse(field, value, assignment);
            if (!Bits.fits(field, bits)) {
                long max = field.type().isSigned() ? (1L << (field.bits() - 1)) - 1 : (1L << field.bits()) - 1;
                long min = field.type().isSigned() ? -max - 1 : 0;
                throw ShmException.usage("'" + assignment + "': " + field.name() + " is a bit field of " + field.bits()
                        + " bit" + (field.bits() == 1 ? "" : "s") + " (" + min + ".." + max + ")");
            }
            return List.of(new BitField(field, bits));
        }
        if (index != null) {
            return List.of(new Scalar(field.offsetOf(index), type, parse(field, value, assignment)));
        }
        String[] parts = field.count() == 1 ? new String[] {value} : value.split(",", -1);
        if (parts.length != field.count()) {
            throw ShmException.usage("'" + assignment + "': " + field.name() + " is " + field.typeName() + "; give "
                    + field.count() + " values joined by commas, or set one: " + field.name() + "[0]=VALUE");
        }
        List<Store> stores = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            stores.add(new Scalar(field.offsetOf(i), type, parse(field, parts[i].strip(), assignment)));
        }
        return stores;
    }

    /** A value of a field's type; an enum's field takes its constants by name, a _Bool only 0 or 1 (or true, false). */
    private static long parse(Layout.Field field, String value, String assignment) {
        CType.Scalar scalar = field.scalar();
        if (scalar != null && scalar.display() == CType.Display.ENUM && scalar.constants().containsKey(value)) {
            return field.type().parseValue(String.valueOf(scalar.constants().get(value)));
        }
        if (scalar != null && scalar.display() == CType.Display.BOOL) {
            return switch (value) {
                case "0", "false" -> 0;
                case "1", "true" -> 1;
                default -> throw ShmException.usage("'" + assignment + "': " + field.name() + " is a _Bool: 0 or 1 (or false, true)");
            };
        }
        try {
            return field.type().parseValue(value);
        } catch (ShmException e) {
            throw ShmException.usage("'" + assignment + "': " + e.getMessage()
                    + (scalar != null && scalar.display() == CType.Display.ENUM && !scalar.constants().isEmpty()
                    ? "; or one of " + String.join(" ", scalar.constants().keySet()) : ""));
        }
    }

    /**
     * Writes every store at {@code base} through {@code memory} (which a segment maps a window at a
     * time: a value repeated over a gigabyte, or the NUL padding of a long char[N], never needs more
     * than a window mapped); the caller has checked that {@link #byteSize()} fits there.
     */
    public void apply(WritableMemory memory, long base) {
        for (Store store : stores) {
            // instanceof, not a switch of patterns, which spins a class at every start (docs/architecture.md)
            if (store instanceof Scalar s) {
                store(memory, s.type(), base + s.offset(), s.bits());
            } else if (store instanceof BitField b) {
                Bits.store(b.field(), memory, base, b.bits());
            } else if (store instanceof Repeat r) {
                for (long i = 0; i < r.count(); i++) {
                    store(memory, r.type(), base + i * r.type().size(), r.bits());
                }
            } else if (store instanceof Text t) {
                long at = base + t.offset();
                memory.putBytes(at, t.bytes(), 0, t.bytes().length);
                memory.fill(at + t.bytes().length, t.width() - t.bytes().length, (byte) 0);
            } else {
                throw new IllegalStateException("a store of no known kind: " + store);
            }
        }
    }

    private static void store(WritableMemory memory, ValueType type, long at, long bits) {
        type.store(memory, at, bits);
    }
}
