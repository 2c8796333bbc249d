package dev.vecnet.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * A transposing copy for the vector path's packing: {@code dst[dstOff + c*ldDst + r] = src[srcOff +
 * r*ldSrc + c]} for {@code r < rows}, {@code c < cols}. Loaded only on the vector path.
 *
 * <p>Element by element, a transposing copy strides every load or every store. This one moves 8 x 8
 * blocks through registers: eight row loads, three rounds of lane exchanges, eight row stores; 3-4x
 * faster than the element loop on JDK 25 (JMH {@code TransposeBench}: 64 x 784 in 10.6 against
 * 33.0 us, about 0.21 ns per float). A round at distance
 * {@code d} (4, 2, 1) swaps the off-diagonal {@code d x d} sub-blocks of rows {@code r} and {@code r+d}
 * ({@code r & d == 0}) with one permutation, lane {@code l <- l ^ d}, and a blend:
 * <pre>
 *   row[r]   = blend(row[r],   permute_d(row[r+d]), lanes with bit d set)
 *   row[r+d] = blend(row[r+d], permute_d(row[r]),   lanes with bit d clear)
 * </pre>
 * After the three rounds lane {@code c} of row {@code r} holds the block's element {@code (c, r)}.
 * It is a copy: the result is the same bits as the element-by-element loop, which handles the edges
 * and runs everything where the blocks are not used (see {@link #BLOCKS}).
 *
 * <p>No allocation; stateless and thread-safe; {@code src} and {@code dst} must not overlap.
 */
final class VectorTranspose {
    private static final VectorSpecies<Float> S8 = FloatVector.SPECIES_256;
    /**
     * 8 x 8 blocks only when the chosen vectors are at least 256 bits wide (so 256-bit operations are
     * native) and on JDK 25 or later. On JDK 17 a transpose alone in a loop allocated nothing, but inside
     * the GEMM's packing C2 boxed vectors, in {@link #block8} and in the GEMM's epilogue too: about 2.4 MB
     * per MLP training step. JDK 25 allocates nothing; JDKs in between were not measured.
     */
    private static final boolean BLOCKS = VectorGemm.SPECIES.vectorBitSize() >= 256
            && Runtime.version().feature() >= 25;
    private static final VectorShuffle<Float> XOR1 = VectorShuffle.fromOp(S8, l -> l ^ 1);
    private static final VectorShuffle<Float> XOR2 = VectorShuffle.fromOp(S8, l -> l ^ 2);
    private static final VectorShuffle<Float> XOR4 = VectorShuffle.fromOp(S8, l -> l ^ 4);
    private static final VectorMask<Float> BIT1 = VectorMask.fromLong(S8, 0b1010_1010);
    private static final VectorMask<Float> BIT2 = VectorMask.fromLong(S8, 0b1100_1100);
    private static final VectorMask<Float> BIT4 = VectorMask.fromLong(S8, 0b1111_0000);
    private static final VectorMask<Float> NOT1 = BIT1.not();
    private static final VectorMask<Float> NOT2 = BIT2.not();
    private static final VectorMask<Float> NOT4 = BIT4.not();

    private VectorTranspose() {
    }

    /** The transposing copy of the class comment; the caller has checked the bounds. */
    static void transpose(float[] src, int srcOff, int ldSrc, int rows, int cols, float[] dst, int dstOff, int ldDst) {
        int r0 = 0;
        if (BLOCKS) {
            for (; r0 + 8 <= rows; r0 += 8) {
                int c0 = 0;
                for (; c0 + 8 <= cols; c0 += 8) {
                    block8(src, srcOff + r0 * ldSrc + c0, ldSrc, dst, dstOff + c0 * ldDst + r0, ldDst);
                }
                copy(src, srcOff, ldSrc, r0, r0 + 8, c0, cols, dst, dstOff, ldDst);
            }
        }
        copy(src, srcOff, ldSrc, r0, rows, 0, cols, dst, dstOff, ldDst);
    }

    /** Rows {@code [r0, r1)} and columns {@code [c0, c1)}, element by element. */
    private static void copy(float[] src, int srcOff, int ldSrc, int r0, int r1, int c0, int c1,
                             float[] dst, int dstOff, int ldDst) {
        ScalarElementwise.transposeCopy(r1 - r0, c1 - c0, src, srcOff + r0 * ldSrc + c0, ldSrc,
                dst, dstOff + c0 * ldDst + r0, ldDst);
    }

    /** One 8 x 8 block, from {@code s[o + r*ls + c]} to {@code d[od + c*ld + r]}. */
    private static void block8(float[] s, int o, int ls, float[] d, int od, int ld) {
        FloatVector a0 = FloatVector.fromArray(S8, s, o);
        FloatVector a1 = FloatVector.fromArray(S8, s, o + ls);
        FloatVector a2 = FloatVector.fromArray(S8, s, o + 2 * ls);
        FloatVector a3 = FloatVector.fromArray(S8, s, o + 3 * ls);
        FloatVector a4 = FloatVector.fromArray(S8, s, o + 4 * ls);
        FloatVector a5 = FloatVector.fromArray(S8, s, o + 5 * ls);
        FloatVector a6 = FloatVector.fromArray(S8, s, o + 6 * ls);
        FloatVector a7 = FloatVector.fromArray(S8, s, o + 7 * ls);
        // Distance 4: 4 x 4 quadrants.
        FloatVector b0 = a0.blend(a4.rearrange(XOR4), BIT4);
        FloatVector b4 = a4.blend(a0.rearrange(XOR4), NOT4);
        FloatVector b1 = a1.blend(a5.rearrange(XOR4), BIT4);
        FloatVector b5 = a5.blend(a1.rearrange(XOR4), NOT4);
        FloatVector b2 = a2.blend(a6.rearrange(XOR4), BIT4);
        FloatVector b6 = a6.blend(a2.rearrange(XOR4), NOT4);
        FloatVector b3 = a3.blend(a7.rearrange(XOR4), BIT4);
        FloatVector b7 = a7.blend(a3.rearrange(XOR4), NOT4);
        // Distance 2: 2 x 2 sub-blocks.
        a0 = b0.blend(b2.rearrange(XOR2), BIT2);
        a2 = b2.blend(b0.rearrange(XOR2), NOT2);
        a1 = b1.blend(b3.rearrange(XOR2), BIT2);
        a3 = b3.blend(b1.rearrange(XOR2), NOT2);
        a4 = b4.blend(b6.rearrange(XOR2), BIT2);
        a6 = b6.blend(b4.rearrange(XOR2), NOT2);
        a5 = b5.blend(b7.rearrange(XOR2), BIT2);
        a7 = b7.blend(b5.rearrange(XOR2), NOT2);
        // Distance 1: single elements.
        a0.blend(a1.rearrange(XOR1), BIT1).intoArray(d, od);
        a1.blend(a0.rearrange(XOR1), NOT1).intoArray(d, od + ld);
        a2.blend(a3.rearrange(XOR1), BIT1).intoArray(d, od + 2 * ld);
        a3.blend(a2.rearrange(XOR1), NOT1).intoArray(d, od + 3 * ld);
        a4.blend(a5.rearrange(XOR1), BIT1).intoArray(d, od + 4 * ld);
        a5.blend(a4.rearrange(XOR1), NOT1).intoArray(d, od + 5 * ld);
        a6.blend(a7.rearrange(XOR1), BIT1).intoArray(d, od + 6 * ld);
        a7.blend(a6.rearrange(XOR1), NOT1).intoArray(d, od + 7 * ld);
    }
}
