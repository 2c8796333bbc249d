package dev.vecnet.kernel;

import static dev.vecnet.kernel.VectorGemm.LANES;
import static dev.vecnet.kernel.VectorGemm.SPECIES;
import static dev.vecnet.kernel.VectorGemm.TILE_LD;
import static dev.vecnet.kernel.GemmBlocking.KC;

import jdk.incubator.vector.FloatVector;

/**
 * The register-tiled micro-kernels of {@link VectorGemm}. Each computes, for p in {@code [0, kc)},
 * {@code tile[r][j] += A[r][p] * B[p][j]} with one fused multiply-add per element and p, in increasing
 * p, holding the whole tile in vector registers, then writes the raw sums to {@code tile} (row stride
 * {@link VectorGemm#TILE_LD}; {@link #rows12} can also write into C). No loops over rows or columns: each is unrolled by hand.
 *
 * <p>Operands, as {@link VectorGemm} passes them: A row r of the micro-panel at {@code aOff + r * KC}
 * (element p at {@code + p}), so the rows are one base register plus constant displacements; a B
 * micro-panel is {@code kc} rows of NR (two vectors) floats, row p at {@code bOff + p * bStride}:
 * {@code bStride} is NR in a packed B block, or B's own leading dimension when a small product reads
 * a plain B in place (the same FMAs in the same order, only the addresses differ). The "wide" kernels
 * read a second micro-panel at {@code bOff + panelStride} ({@code kc * NR} packed, NR in place).
 *
 * <p>Registers live in each: accumulators + B vectors + the broadcasts of A that C2 loads ahead (up to
 * four, see {@link GemmBlocking.Tile#registersNeeded}): rows12 24 + 2 + 4 = 30 and rows4Wide 16 + 4 + 4,
 * for a 32-register file (AVX-512, AArch64); rows4 8 + 2 + 4 = 14, row1Wide 4 + 4 + 4 and row1, which fit
 * 16 (AVX2). {@link GemmBlocking} picks among them. The "narrow" kernels
 * compute only the first vector of a micro-panel, for a last panel of at most one vector's columns
 * (an output layer of 10 classes), where the second vector would multiply zero padding.
 */
final class VectorMicroKernels {
    private VectorMicroKernels() {
    }

    /**
     * 12 rows x 1 micro-panel (NR columns): the main kernel. Writes its sums to {@code out} with row
     * stride {@code ld}: to the tile, or straight into C when the epilogue is {@code C = sums} (alpha 1,
     * beta 0, no bias, no activation: the same bits as {@link GemmCall#finish}).
     *
     * <p>It has no variant that adds to C: reassigning the accumulators under a condition, or using them
     * in two branches, made JDK 17's C2 box every vector of the loop.
     */
    static void rows12(int kc, float[] a, int aOff, float[] b, int bOff, int bStride, float[] out, int oOff, int ld) {
        FloatVector c0_0 = FloatVector.zero(SPECIES), c0_1 = FloatVector.zero(SPECIES);
        FloatVector c1_0 = FloatVector.zero(SPECIES), c1_1 = FloatVector.zero(SPECIES);
        FloatVector c2_0 = FloatVector.zero(SPECIES), c2_1 = FloatVector.zero(SPECIES);
        FloatVector c3_0 = FloatVector.zero(SPECIES), c3_1 = FloatVector.zero(SPECIES);
        FloatVector c4_0 = FloatVector.zero(SPECIES), c4_1 = FloatVector.zero(SPECIES);
        FloatVector c5_0 = FloatVector.zero(SPECIES), c5_1 = FloatVector.zero(SPECIES);
        FloatVector c6_0 = FloatVector.zero(SPECIES), c6_1 = FloatVector.zero(SPECIES);
        FloatVector c7_0 = FloatVector.zero(SPECIES), c7_1 = FloatVector.zero(SPECIES);
        FloatVector c8_0 = FloatVector.zero(SPECIES), c8_1 = FloatVector.zero(SPECIES);
        FloatVector c9_0 = FloatVector.zero(SPECIES), c9_1 = FloatVector.zero(SPECIES);
        FloatVector c10_0 = FloatVector.zero(SPECIES), c10_1 = FloatVector.zero(SPECIES);
        FloatVector c11_0 = FloatVector.zero(SPECIES), c11_1 = FloatVector.zero(SPECIES);
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * bStride;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector av = FloatVector.broadcast(SPECIES, a[aOff + p]);
            c0_0 = av.fma(b0, c0_0);
            c0_1 = av.fma(b1, c0_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 1 * KC]);
            c1_0 = av.fma(b0, c1_0);
            c1_1 = av.fma(b1, c1_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 2 * KC]);
            c2_0 = av.fma(b0, c2_0);
            c2_1 = av.fma(b1, c2_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 3 * KC]);
            c3_0 = av.fma(b0, c3_0);
            c3_1 = av.fma(b1, c3_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 4 * KC]);
            c4_0 = av.fma(b0, c4_0);
            c4_1 = av.fma(b1, c4_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 5 * KC]);
            c5_0 = av.fma(b0, c5_0);
            c5_1 = av.fma(b1, c5_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 6 * KC]);
            c6_0 = av.fma(b0, c6_0);
            c6_1 = av.fma(b1, c6_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 7 * KC]);
            c7_0 = av.fma(b0, c7_0);
            c7_1 = av.fma(b1, c7_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 8 * KC]);
            c8_0 = av.fma(b0, c8_0);
            c8_1 = av.fma(b1, c8_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 9 * KC]);
            c9_0 = av.fma(b0, c9_0);
            c9_1 = av.fma(b1, c9_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 10 * KC]);
            c10_0 = av.fma(b0, c10_0);
            c10_1 = av.fma(b1, c10_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 11 * KC]);
            c11_0 = av.fma(b0, c11_0);
            c11_1 = av.fma(b1, c11_1);
        }
        c0_0.intoArray(out, oOff);
        c0_1.intoArray(out, oOff + LANES);
        c1_0.intoArray(out, oOff + 1 * ld);
        c1_1.intoArray(out, oOff + 1 * ld + LANES);
        c2_0.intoArray(out, oOff + 2 * ld);
        c2_1.intoArray(out, oOff + 2 * ld + LANES);
        c3_0.intoArray(out, oOff + 3 * ld);
        c3_1.intoArray(out, oOff + 3 * ld + LANES);
        c4_0.intoArray(out, oOff + 4 * ld);
        c4_1.intoArray(out, oOff + 4 * ld + LANES);
        c5_0.intoArray(out, oOff + 5 * ld);
        c5_1.intoArray(out, oOff + 5 * ld + LANES);
        c6_0.intoArray(out, oOff + 6 * ld);
        c6_1.intoArray(out, oOff + 6 * ld + LANES);
        c7_0.intoArray(out, oOff + 7 * ld);
        c7_1.intoArray(out, oOff + 7 * ld + LANES);
        c8_0.intoArray(out, oOff + 8 * ld);
        c8_1.intoArray(out, oOff + 8 * ld + LANES);
        c9_0.intoArray(out, oOff + 9 * ld);
        c9_1.intoArray(out, oOff + 9 * ld + LANES);
        c10_0.intoArray(out, oOff + 10 * ld);
        c10_1.intoArray(out, oOff + 10 * ld + LANES);
        c11_0.intoArray(out, oOff + 11 * ld);
        c11_1.intoArray(out, oOff + 11 * ld + LANES);
    }

    /**
     * {@link #rows12}, then adds the sums to {@code out} instead of storing them: {@code C = sums + C}, the
     * epilogue of a later K block with alpha 1 and beta 1 (the same bits as {@link GemmCall#finish}, without
     * the round trip through the tile buffer). A method of its own: see {@link #rows12} on JDK 17.
     */
    static void rows12Add(int kc, float[] a, int aOff, float[] b, int bOff, int bStride, float[] out, int oOff, int ld) {
        FloatVector c0_0 = FloatVector.zero(SPECIES), c0_1 = FloatVector.zero(SPECIES);
        FloatVector c1_0 = FloatVector.zero(SPECIES), c1_1 = FloatVector.zero(SPECIES);
        FloatVector c2_0 = FloatVector.zero(SPECIES), c2_1 = FloatVector.zero(SPECIES);
        FloatVector c3_0 = FloatVector.zero(SPECIES), c3_1 = FloatVector.zero(SPECIES);
        FloatVector c4_0 = FloatVector.zero(SPECIES), c4_1 = FloatVector.zero(SPECIES);
        FloatVector c5_0 = FloatVector.zero(SPECIES), c5_1 = FloatVector.zero(SPECIES);
        FloatVector c6_0 = FloatVector.zero(SPECIES), c6_1 = FloatVector.zero(SPECIES);
        FloatVector c7_0 = FloatVector.zero(SPECIES), c7_1 = FloatVector.zero(SPECIES);
        FloatVector c8_0 = FloatVector.zero(SPECIES), c8_1 = FloatVector.zero(SPECIES);
        FloatVector c9_0 = FloatVector.zero(SPECIES), c9_1 = FloatVector.zero(SPECIES);
        FloatVector c10_0 = FloatVector.zero(SPECIES), c10_1 = FloatVector.zero(SPECIES);
        FloatVector c11_0 = FloatVector.zero(SPECIES), c11_1 = FloatVector.zero(SPECIES);
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * bStride;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector av = FloatVector.broadcast(SPECIES, a[aOff + p]);
            c0_0 = av.fma(b0, c0_0);
            c0_1 = av.fma(b1, c0_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 1 * KC]);
            c1_0 = av.fma(b0, c1_0);
            c1_1 = av.fma(b1, c1_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 2 * KC]);
            c2_0 = av.fma(b0, c2_0);
            c2_1 = av.fma(b1, c2_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 3 * KC]);
            c3_0 = av.fma(b0, c3_0);
            c3_1 = av.fma(b1, c3_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 4 * KC]);
            c4_0 = av.fma(b0, c4_0);
            c4_1 = av.fma(b1, c4_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 5 * KC]);
            c5_0 = av.fma(b0, c5_0);
            c5_1 = av.fma(b1, c5_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 6 * KC]);
            c6_0 = av.fma(b0, c6_0);
            c6_1 = av.fma(b1, c6_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 7 * KC]);
            c7_0 = av.fma(b0, c7_0);
            c7_1 = av.fma(b1, c7_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 8 * KC]);
            c8_0 = av.fma(b0, c8_0);
            c8_1 = av.fma(b1, c8_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 9 * KC]);
            c9_0 = av.fma(b0, c9_0);
            c9_1 = av.fma(b1, c9_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 10 * KC]);
            c10_0 = av.fma(b0, c10_0);
            c10_1 = av.fma(b1, c10_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 11 * KC]);
            c11_0 = av.fma(b0, c11_0);
            c11_1 = av.fma(b1, c11_1);
        }
        c0_0.add(FloatVector.fromArray(SPECIES, out, oOff)).intoArray(out, oOff);
        c0_1.add(FloatVector.fromArray(SPECIES, out, oOff + LANES)).intoArray(out, oOff + LANES);
        c1_0.add(FloatVector.fromArray(SPECIES, out, oOff + 1 * ld)).intoArray(out, oOff + 1 * ld);
        c1_1.add(FloatVector.fromArray(SPECIES, out, oOff + 1 * ld + LANES)).intoArray(out, oOff + 1 * ld + LANES);
        c2_0.add(FloatVector.fromArray(SPECIES, out, oOff + 2 * ld)).intoArray(out, oOff + 2 * ld);
        c2_1.add(FloatVector.fromArray(SPECIES, out, oOff + 2 * ld + LANES)).intoArray(out, oOff + 2 * ld + LANES);
        c3_0.add(FloatVector.fromArray(SPECIES, out, oOff + 3 * ld)).intoArray(out, oOff + 3 * ld);
        c3_1.add(FloatVector.fromArray(SPECIES, out, oOff + 3 * ld + LANES)).intoArray(out, oOff + 3 * ld + LANES);
        c4_0.add(FloatVector.fromArray(SPECIES, out, oOff + 4 * ld)).intoArray(out, oOff + 4 * ld);
        c4_1.add(FloatVector.fromArray(SPECIES, out, oOff + 4 * ld + LANES)).intoArray(out, oOff + 4 * ld + LANES);
        c5_0.add(FloatVector.fromArray(SPECIES, out, oOff + 5 * ld)).intoArray(out, oOff + 5 * ld);
        c5_1.add(FloatVector.fromArray(SPECIES, out, oOff + 5 * ld + LANES)).intoArray(out, oOff + 5 * ld + LANES);
        c6_0.add(FloatVector.fromArray(SPECIES, out, oOff + 6 * ld)).intoArray(out, oOff + 6 * ld);
        c6_1.add(FloatVector.fromArray(SPECIES, out, oOff + 6 * ld + LANES)).intoArray(out, oOff + 6 * ld + LANES);
        c7_0.add(FloatVector.fromArray(SPECIES, out, oOff + 7 * ld)).intoArray(out, oOff + 7 * ld);
        c7_1.add(FloatVector.fromArray(SPECIES, out, oOff + 7 * ld + LANES)).intoArray(out, oOff + 7 * ld + LANES);
        c8_0.add(FloatVector.fromArray(SPECIES, out, oOff + 8 * ld)).intoArray(out, oOff + 8 * ld);
        c8_1.add(FloatVector.fromArray(SPECIES, out, oOff + 8 * ld + LANES)).intoArray(out, oOff + 8 * ld + LANES);
        c9_0.add(FloatVector.fromArray(SPECIES, out, oOff + 9 * ld)).intoArray(out, oOff + 9 * ld);
        c9_1.add(FloatVector.fromArray(SPECIES, out, oOff + 9 * ld + LANES)).intoArray(out, oOff + 9 * ld + LANES);
        c10_0.add(FloatVector.fromArray(SPECIES, out, oOff + 10 * ld)).intoArray(out, oOff + 10 * ld);
        c10_1.add(FloatVector.fromArray(SPECIES, out, oOff + 10 * ld + LANES)).intoArray(out, oOff + 10 * ld + LANES);
        c11_0.add(FloatVector.fromArray(SPECIES, out, oOff + 11 * ld)).intoArray(out, oOff + 11 * ld);
        c11_1.add(FloatVector.fromArray(SPECIES, out, oOff + 11 * ld + LANES)).intoArray(out, oOff + 11 * ld + LANES);
    }

    /** 12 rows x the first vector of a micro-panel. */
    static void rows12Narrow(int kc, float[] a, int aOff, float[] b, int bOff, int bStride, float[] tile, int tOff) {
        FloatVector c0_0 = FloatVector.zero(SPECIES);
        FloatVector c1_0 = FloatVector.zero(SPECIES);
        FloatVector c2_0 = FloatVector.zero(SPECIES);
        FloatVector c3_0 = FloatVector.zero(SPECIES);
        FloatVector c4_0 = FloatVector.zero(SPECIES);
        FloatVector c5_0 = FloatVector.zero(SPECIES);
        FloatVector c6_0 = FloatVector.zero(SPECIES);
        FloatVector c7_0 = FloatVector.zero(SPECIES);
        FloatVector c8_0 = FloatVector.zero(SPECIES);
        FloatVector c9_0 = FloatVector.zero(SPECIES);
        FloatVector c10_0 = FloatVector.zero(SPECIES);
        FloatVector c11_0 = FloatVector.zero(SPECIES);
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * bStride;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector av = FloatVector.broadcast(SPECIES, a[aOff + p]);
            c0_0 = av.fma(b0, c0_0);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 1 * KC]);
            c1_0 = av.fma(b0, c1_0);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 2 * KC]);
            c2_0 = av.fma(b0, c2_0);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 3 * KC]);
            c3_0 = av.fma(b0, c3_0);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 4 * KC]);
            c4_0 = av.fma(b0, c4_0);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 5 * KC]);
            c5_0 = av.fma(b0, c5_0);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 6 * KC]);
            c6_0 = av.fma(b0, c6_0);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 7 * KC]);
            c7_0 = av.fma(b0, c7_0);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 8 * KC]);
            c8_0 = av.fma(b0, c8_0);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 9 * KC]);
            c9_0 = av.fma(b0, c9_0);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 10 * KC]);
            c10_0 = av.fma(b0, c10_0);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 11 * KC]);
            c11_0 = av.fma(b0, c11_0);
        }
        c0_0.intoArray(tile, tOff);
        c1_0.intoArray(tile, tOff + 1 * TILE_LD);
        c2_0.intoArray(tile, tOff + 2 * TILE_LD);
        c3_0.intoArray(tile, tOff + 3 * TILE_LD);
        c4_0.intoArray(tile, tOff + 4 * TILE_LD);
        c5_0.intoArray(tile, tOff + 5 * TILE_LD);
        c6_0.intoArray(tile, tOff + 6 * TILE_LD);
        c7_0.intoArray(tile, tOff + 7 * TILE_LD);
        c8_0.intoArray(tile, tOff + 8 * TILE_LD);
        c9_0.intoArray(tile, tOff + 9 * TILE_LD);
        c10_0.intoArray(tile, tOff + 10 * TILE_LD);
        c11_0.intoArray(tile, tOff + 11 * TILE_LD);
    }

    /** 4 rows x 2 micro-panels (2 NR columns): rows left over below 12 on a 32-register file. */
    static void rows4Wide(int kc, float[] a, int aOff, float[] b, int bOff, int bStride, int panelStride, float[] tile, int tOff) {
        int bOff2 = bOff + panelStride;
        FloatVector c0_0 = FloatVector.zero(SPECIES), c0_1 = FloatVector.zero(SPECIES), c0_2 = FloatVector.zero(SPECIES), c0_3 = FloatVector.zero(SPECIES);
        FloatVector c1_0 = FloatVector.zero(SPECIES), c1_1 = FloatVector.zero(SPECIES), c1_2 = FloatVector.zero(SPECIES), c1_3 = FloatVector.zero(SPECIES);
        FloatVector c2_0 = FloatVector.zero(SPECIES), c2_1 = FloatVector.zero(SPECIES), c2_2 = FloatVector.zero(SPECIES), c2_3 = FloatVector.zero(SPECIES);
        FloatVector c3_0 = FloatVector.zero(SPECIES), c3_1 = FloatVector.zero(SPECIES), c3_2 = FloatVector.zero(SPECIES), c3_3 = FloatVector.zero(SPECIES);
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * bStride;
            int bi2 = bOff2 + p * bStride;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bi2);
            FloatVector b3 = FloatVector.fromArray(SPECIES, b, bi2 + LANES);
            FloatVector av = FloatVector.broadcast(SPECIES, a[aOff + p]);
            c0_0 = av.fma(b0, c0_0);
            c0_1 = av.fma(b1, c0_1);
            c0_2 = av.fma(b2, c0_2);
            c0_3 = av.fma(b3, c0_3);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 1 * KC]);
            c1_0 = av.fma(b0, c1_0);
            c1_1 = av.fma(b1, c1_1);
            c1_2 = av.fma(b2, c1_2);
            c1_3 = av.fma(b3, c1_3);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 2 * KC]);
            c2_0 = av.fma(b0, c2_0);
            c2_1 = av.fma(b1, c2_1);
            c2_2 = av.fma(b2, c2_2);
            c2_3 = av.fma(b3, c2_3);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 3 * KC]);
            c3_0 = av.fma(b0, c3_0);
            c3_1 = av.fma(b1, c3_1);
            c3_2 = av.fma(b2, c3_2);
            c3_3 = av.fma(b3, c3_3);
        }
        c0_0.intoArray(tile, tOff);
        c0_1.intoArray(tile, tOff + 1 * LANES);
        c0_2.intoArray(tile, tOff + 2 * LANES);
        c0_3.intoArray(tile, tOff + 3 * LANES);
        c1_0.intoArray(tile, tOff + 1 * TILE_LD);
        c1_1.intoArray(tile, tOff + 1 * TILE_LD + 1 * LANES);
        c1_2.intoArray(tile, tOff + 1 * TILE_LD + 2 * LANES);
        c1_3.intoArray(tile, tOff + 1 * TILE_LD + 3 * LANES);
        c2_0.intoArray(tile, tOff + 2 * TILE_LD);
        c2_1.intoArray(tile, tOff + 2 * TILE_LD + 1 * LANES);
        c2_2.intoArray(tile, tOff + 2 * TILE_LD + 2 * LANES);
        c2_3.intoArray(tile, tOff + 2 * TILE_LD + 3 * LANES);
        c3_0.intoArray(tile, tOff + 3 * TILE_LD);
        c3_1.intoArray(tile, tOff + 3 * TILE_LD + 1 * LANES);
        c3_2.intoArray(tile, tOff + 3 * TILE_LD + 2 * LANES);
        c3_3.intoArray(tile, tOff + 3 * TILE_LD + 3 * LANES);
    }

    /**
     * 4 rows x 1 micro-panel: the main kernel on a 16-register file (AVX2), and rows left over below 12.
     * Writes its sums to {@code out} with row stride {@code ld}, like {@link #rows12}.
     */
    static void rows4(int kc, float[] a, int aOff, float[] b, int bOff, int bStride, float[] out, int oOff, int ld) {
        FloatVector c0_0 = FloatVector.zero(SPECIES), c0_1 = FloatVector.zero(SPECIES);
        FloatVector c1_0 = FloatVector.zero(SPECIES), c1_1 = FloatVector.zero(SPECIES);
        FloatVector c2_0 = FloatVector.zero(SPECIES), c2_1 = FloatVector.zero(SPECIES);
        FloatVector c3_0 = FloatVector.zero(SPECIES), c3_1 = FloatVector.zero(SPECIES);
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * bStride;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector av = FloatVector.broadcast(SPECIES, a[aOff + p]);
            c0_0 = av.fma(b0, c0_0);
            c0_1 = av.fma(b1, c0_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 1 * KC]);
            c1_0 = av.fma(b0, c1_0);
            c1_1 = av.fma(b1, c1_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 2 * KC]);
            c2_0 = av.fma(b0, c2_0);
            c2_1 = av.fma(b1, c2_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 3 * KC]);
            c3_0 = av.fma(b0, c3_0);
            c3_1 = av.fma(b1, c3_1);
        }
        c0_0.intoArray(out, oOff);
        c0_1.intoArray(out, oOff + 1 * LANES);
        c1_0.intoArray(out, oOff + 1 * ld);
        c1_1.intoArray(out, oOff + 1 * ld + 1 * LANES);
        c2_0.intoArray(out, oOff + 2 * ld);
        c2_1.intoArray(out, oOff + 2 * ld + 1 * LANES);
        c3_0.intoArray(out, oOff + 3 * ld);
        c3_1.intoArray(out, oOff + 3 * ld + 1 * LANES);
    }

    /** {@link #rows4}, then adds the sums to {@code out}: {@code C = sums + C} (see {@link #rows12Add}). */
    static void rows4Add(int kc, float[] a, int aOff, float[] b, int bOff, int bStride, float[] out, int oOff, int ld) {
        FloatVector c0_0 = FloatVector.zero(SPECIES), c0_1 = FloatVector.zero(SPECIES);
        FloatVector c1_0 = FloatVector.zero(SPECIES), c1_1 = FloatVector.zero(SPECIES);
        FloatVector c2_0 = FloatVector.zero(SPECIES), c2_1 = FloatVector.zero(SPECIES);
        FloatVector c3_0 = FloatVector.zero(SPECIES), c3_1 = FloatVector.zero(SPECIES);
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * bStride;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector av = FloatVector.broadcast(SPECIES, a[aOff + p]);
            c0_0 = av.fma(b0, c0_0);
            c0_1 = av.fma(b1, c0_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 1 * KC]);
            c1_0 = av.fma(b0, c1_0);
            c1_1 = av.fma(b1, c1_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 2 * KC]);
            c2_0 = av.fma(b0, c2_0);
            c2_1 = av.fma(b1, c2_1);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 3 * KC]);
            c3_0 = av.fma(b0, c3_0);
            c3_1 = av.fma(b1, c3_1);
        }
        c0_0.add(FloatVector.fromArray(SPECIES, out, oOff)).intoArray(out, oOff);
        c0_1.add(FloatVector.fromArray(SPECIES, out, oOff + 1 * LANES)).intoArray(out, oOff + 1 * LANES);
        c1_0.add(FloatVector.fromArray(SPECIES, out, oOff + 1 * ld)).intoArray(out, oOff + 1 * ld);
        c1_1.add(FloatVector.fromArray(SPECIES, out, oOff + 1 * ld + 1 * LANES)).intoArray(out, oOff + 1 * ld + 1 * LANES);
        c2_0.add(FloatVector.fromArray(SPECIES, out, oOff + 2 * ld)).intoArray(out, oOff + 2 * ld);
        c2_1.add(FloatVector.fromArray(SPECIES, out, oOff + 2 * ld + 1 * LANES)).intoArray(out, oOff + 2 * ld + 1 * LANES);
        c3_0.add(FloatVector.fromArray(SPECIES, out, oOff + 3 * ld)).intoArray(out, oOff + 3 * ld);
        c3_1.add(FloatVector.fromArray(SPECIES, out, oOff + 3 * ld + 1 * LANES)).intoArray(out, oOff + 3 * ld + 1 * LANES);
    }

    /** 4 rows x the first vector of a micro-panel. */
    static void rows4Narrow(int kc, float[] a, int aOff, float[] b, int bOff, int bStride, float[] tile, int tOff) {
        FloatVector c0_0 = FloatVector.zero(SPECIES);
        FloatVector c1_0 = FloatVector.zero(SPECIES);
        FloatVector c2_0 = FloatVector.zero(SPECIES);
        FloatVector c3_0 = FloatVector.zero(SPECIES);
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * bStride;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector av = FloatVector.broadcast(SPECIES, a[aOff + p]);
            c0_0 = av.fma(b0, c0_0);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 1 * KC]);
            c1_0 = av.fma(b0, c1_0);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 2 * KC]);
            c2_0 = av.fma(b0, c2_0);
            av = FloatVector.broadcast(SPECIES, a[aOff + p + 3 * KC]);
            c3_0 = av.fma(b0, c3_0);
        }
        c0_0.intoArray(tile, tOff);
        c1_0.intoArray(tile, tOff + 1 * TILE_LD);
        c2_0.intoArray(tile, tOff + 2 * TILE_LD);
        c3_0.intoArray(tile, tOff + 3 * TILE_LD);
    }

    /** 1 row x 2 micro-panels: the last rows and single-example products (4 FMA chains). */
    static void row1Wide(int kc, float[] a, int aOff, float[] b, int bOff, int bStride, int panelStride, float[] tile, int tOff) {
        int bOff2 = bOff + panelStride;
        FloatVector c0_0 = FloatVector.zero(SPECIES), c0_1 = FloatVector.zero(SPECIES), c0_2 = FloatVector.zero(SPECIES), c0_3 = FloatVector.zero(SPECIES);
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * bStride;
            int bi2 = bOff2 + p * bStride;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bi2);
            FloatVector b3 = FloatVector.fromArray(SPECIES, b, bi2 + LANES);
            FloatVector av = FloatVector.broadcast(SPECIES, a[aOff + p]);
            c0_0 = av.fma(b0, c0_0);
            c0_1 = av.fma(b1, c0_1);
            c0_2 = av.fma(b2, c0_2);
            c0_3 = av.fma(b3, c0_3);
        }
        c0_0.intoArray(tile, tOff);
        c0_1.intoArray(tile, tOff + 1 * LANES);
        c0_2.intoArray(tile, tOff + 2 * LANES);
        c0_3.intoArray(tile, tOff + 3 * LANES);
    }

    /** 1 row x 1 micro-panel: the last row, last micro-panel. */
    static void row1(int kc, float[] a, int aOff, float[] b, int bOff, int bStride, float[] tile, int tOff) {
        FloatVector c0_0 = FloatVector.zero(SPECIES), c0_1 = FloatVector.zero(SPECIES);
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * bStride;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector av = FloatVector.broadcast(SPECIES, a[aOff + p]);
            c0_0 = av.fma(b0, c0_0);
            c0_1 = av.fma(b1, c0_1);
        }
        c0_0.intoArray(tile, tOff);
        c0_1.intoArray(tile, tOff + 1 * LANES);
    }

    /** 1 row x the first vector of a micro-panel. */
    static void row1Narrow(int kc, float[] a, int aOff, float[] b, int bOff, int bStride, float[] tile, int tOff) {
        FloatVector c0_0 = FloatVector.zero(SPECIES);
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * bStride;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector av = FloatVector.broadcast(SPECIES, a[aOff + p]);
            c0_0 = av.fma(b0, c0_0);
        }
        c0_0.intoArray(tile, tOff);
    }
}
