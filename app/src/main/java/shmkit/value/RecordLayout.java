package shmkit.value;

import java.util.ArrayList;
import java.util.List;

/**
 * Places the members of a struct or union as gcc does on x86-64 (and aarch64) Linux, the System V
 * ABI: gcc's stor-layout.c (place_field, update_alignment_for_field, layout_decl) transcribed for
 * the cases C can declare. The one layout algorithm of shm: shm's own spelling, C declarations and
 * Python struct formats all come here.
 *
 * <p>In short: a member goes to the next multiple of its alignment (its type's, raised by its own
 * aligned(N) or _Alignas, lowered to 1 by packed unless it has its own aligned(N), then capped by
 * #pragma pack); the record's alignment is the largest, its size rounded up to it. A bit field is
 * placed at the next free bit, unless it would cross more alignment units of its type than the type
 * has (then it starts at the next unit); packed and #pragma pack turn that rule off (for char bit
 * fields too, since gcc 4.4). A zero-width bit field moves the next member to its
 * type's alignment whatever the packing, and unnamed bit fields do not align the record.
 */
public final class RecordLayout {
    private RecordLayout() {}

    /**
     * A member as declared.
     *
     * @param bits    a bit field's width, or -1
     * @param aligned aligned(N) or _Alignas(N) on the member itself (bytes), 0 for none
     * @param packed  __attribute__((packed)) on the member itself
     */
    public record MemberDecl(String name, CType type, int bits, int aligned, boolean packed) {
        public static MemberDecl of(String name, CType type) {
            return new MemberDecl(name, type, -1, 0, false);
        }
    }

    /** Lays out a struct (or union) of {@code members} declared with {@code decl}. */
    public static CType.Record layout(String tag, boolean union, List<MemberDecl> members, CType.Decl decl) {
        long recordAlign = Math.max(8, decl.aligned() * 8L); // in bits, as gcc counts
        long pos = 0; // the next free bit (a struct)
        long unionSize = 0; // bytes (a union)
        long pack = decl.pragmaPack() * 8L;
        List<CType.Member> placed = new ArrayList<>();
        for (MemberDecl m : members) {
            CType type = m.type();
            long typeAlign = type.align() * 8L;
            long typeSize = type.size() * 8L;
            long userAlign = m.aligned() * 8L;
            // DECL_PACKED, char bit fields included (their offsets "changed in GCC 4.4", as gcc notes)
            boolean packedMember = decl.packed() || m.packed();
            long at;
            if (m.bits() >= 0) {
                long width = m.bits();
                long declAlign;
                if (width == 0) {
                    // not influenced by packed or #pragma pack
                    declAlign = Math.max(Math.max(1, userAlign), typeAlign);
                } else {
                    declAlign = userAlign > 0 ? userAlign : 1;
                    if (packedMember && userAlign == 0) {
                        declAlign = Math.min(declAlign, 8);
                    }
                    if (pack > 0) {
                        declAlign = Math.min(declAlign, pack);
                    }
                }
                if (m.name() != null && width > 0) {
                    long fieldTypeAlign = typeAlign;
                    if (pack > 0) {
                        fieldTypeAlign = Math.min(fieldTypeAlign, pack);
                    } else if (packedMember) {
                        fieldTypeAlign = Math.min(fieldTypeAlign, 8);
                    }
                    recordAlign = Math.max(recordAlign, Math.max(declAlign, fieldTypeAlign));
                }
                if (union) {
                    at = 0;
                    unionSize = Math.max(unionSize, (width + 7) / 8);
                } else {
                    pos = roundUp(pos, declAlign);
                    if (width > 0 && !packedMember && pack == 0 && excessUnitSpan(pos, width, typeAlign, typeSize)) {
                        pos = roundUp(pos, typeAlign);
                    }
                    at = pos;
                    pos += width;
                }
            } else {
                long declAlign;
                if (packedMember && userAlign > 0) {
                    declAlign = userAlign; // an aligned(N) on a packed member is taken as it is, even below the type's
                } else {
                    declAlign = Math.max(Math.max(1, userAlign), typeAlign);
                }
                if (packedMember && userAlign == 0) {
                    declAlign = Math.min(declAlign, 8);
                }
                if (pack > 0) {
                    declAlign = Math.min(declAlign, pack);
                }
                recordAlign = Math.max(recordAlign, declAlign);
                if (union) {
                    at = 0;
                    unionSize = Math.max(unionSize, type.size());
                } else {
                    pos = roundUp(pos, declAlign);
                    at = pos;
                    pos += typeSize;
                }
            }
            placed.add(new CType.Member(m.name(), type, at, m.bits(), m.aligned(), m.packed()));
        }
        long bytes = union ? unionSize : (pos + 7) / 8;
        int align = (int) (recordAlign / 8);
        return new CType.Record(tag, union, placed, roundUp(bytes, align), align, decl);
    }

    /** gcc's excess_unit_span: whether a bit field at {@code pos} crosses more units of its type's alignment than the type has. */
    private static boolean excessUnitSpan(long pos, long width, long align, long typeSize) {
        long offset = pos % align;
        return (offset + width + align - 1) / align > typeSize / align;
    }

    public static long roundUp(long value, long align) {
        return align <= 1 ? value : (value + align - 1) / align * align;
    }
}
