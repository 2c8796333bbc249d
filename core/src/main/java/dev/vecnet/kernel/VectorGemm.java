package dev.vecnet.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API GEMM: Goto/BLIS blocking around register-tiled micro-kernels. Loaded only on the
 * vector path (see {@link Kernels}).
 *
 * <p>Loops, outermost first: columns of C in blocks of {@code NC}; K in blocks of {@code KC} (B block
 * packed here, or taken from a {@link PackedMatrix}); rows in blocks of {@code MC} (A block packed);
 * then {@code MR}-row micro-panels of A (held in L1) sweep the {@code NR}-column micro-panels of B
 * (streamed from L2). Each micro-kernel leaves its raw sums in a tile; {@link #storeTile} applies
 * alpha, beta, bias and activation on the way to C.
 *
 * <p>Packed layouts, both zero-padded at the edges:
 * <ul>
 *   <li>B block ({@code kc x nc}): micro-panel {@code q} (columns {@code q*NR ..}) at {@code q*kc*NR},
 *       row {@code p} of it at {@code + p*NR}. A whole {@link PackedMatrix} is its K blocks one after
 *       the other: block {@code pc} starts at {@code pc * roundUp(n, NR)}.</li>
 *   <li>A block ({@code mc x kc}): row {@code i} at {@code i*KC}, element {@code (i, p)} at
 *       {@code i*KC + p}, whatever kc is (a fixed stride, see {@link #packA}).</li>
 * </ul>
 */
final class VectorGemm implements GemmKernel {
    static final VectorSpecies<Float> SPECIES = VectorSpecies.of(float.class, VectorShapes.chosen());
    static final int LANES = SPECIES.length();
    /** Columns of every micro-tile: two vectors (the packed B layout depends on this alone). */
    static final int NR = GemmBlocking.TILE_VECTORS * LANES;
    private static final int KC = GemmBlocking.KC;
    /** Row stride of the micro-tile buffer: room for the two-panel kernels. */
    static final int TILE_LD = 2 * NR;

    private static final ScalarGemm SMALL = new ScalarGemm();
    /**
     * Products of at least this many rows run their last, partial row panel through the main tile, its
     * missing rows zero-padded in the packed A block, instead of the four-row and one-row kernels. A large
     * product makes few calls, so those kernels (run once per block edge) would stay in the JIT's first
     * tier, where vector code is boxed: a 1,000-row inference allocated about 110 kB per call that way, on
     * every call. Padding wastes at most {@code mr - 1} rows of work, under 2 % of such a product.
     */
    static final int PAD_EDGE_MIN_ROWS = 512;

    /**
     * Products of at most this many rows read a plain (not transposed) B in place instead of packing it:
     * each B micro-panel is then swept by few row tiles, and copying B block by block cost more than
     * reading its rows from their own stride saved (measured on the layer products of a batch of 64).
     */
    static final int IN_PLACE_B_MAX_ROWS = 128;

    /**
     * The largest packed op(A) (in floats, 4 MiB) kept whole for a call whose columns span several NC
     * blocks, so that A is packed once per call instead of once per column block.
     */
    static final int WHOLE_A_MAX_FLOATS = 1 << 20;

    /** The largest {@code C^T} (in floats, 1 MiB) a product is run transposed into (see {@link #runsTransposed}). */
    static final int TRANSPOSED_MAX_FLOATS = 1 << 18;

    private final GemmBlocking blocking;
    private final GemmBlocking.Tile tile;
    private final int mr;
    private final int mc;
    private final int nc;
    private final boolean wideLeftovers;
    private final boolean panelsInL1;

    /** The GEMM with the blocking chosen for this JVM's register file and cache. */
    VectorGemm() {
        this(GemmBlocking.forThisJvm(LANES));
    }

    /** The GEMM with a given blocking (of this species' width); tests run every tile shape this way. */
    VectorGemm(GemmBlocking blocking) {
        if (SPECIES.vectorBitSize() < 128) {
            throw new UnsupportedOperationException("the preferred float species is only "
                    + SPECIES.vectorBitSize() + " bits wide");
        }
        if (blocking.lanes() != LANES) {
            throw new IllegalArgumentException("blocking for " + blocking.lanes() + " lanes, species has " + LANES);
        }
        this.blocking = blocking;
        this.tile = blocking.tile();
        this.mr = blocking.mr();
        this.mc = blocking.mc();
        this.nc = blocking.nc();
        this.wideLeftovers = blocking.wideLeftovers();
        this.panelsInL1 = blocking.panelsInL1();
    }

    @Override
    public String describeBlocking() {
        return blocking.describe();
    }

    @Override
    public int vectorBitSize() {
        return SPECIES.vectorBitSize();
    }

    @Override
    public int rowAlignment() {
        return mr;
    }

    @Override
    public int columnAlignment() {
        return NR;
    }

    @Override
    public int packedLength(int k, int n) {
        return Math.multiplyExact(k, roundUp(n, NR));
    }

    @Override
    public void pack(boolean trans, int k, int n, float[] src, int off, int ld, float[] dst) {
        int paddedN = roundUp(n, NR);
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            packB(trans, src, off, ld, pc, 0, kc, n, dst, pc * paddedN);
        }
    }

    @Override
    public void compute(GemmCall call, int m0, int m1, int n0, int n1, GemmWorkspace ws) {
        if (call.packedB == null && Gemm.isSmallProduct(m1 - m0, n1 - n0, call.k)) {
            SMALL.compute(call, m0, m1, n0, n1, ws);
            return;
        }
        if (runsTransposed(call, m1 - m0, n1 - n0)) {
            transposedProduct(call, m0, m1, n0, n1, ws);
            return;
        }
        // A whole op(A) packed at the first column block serves the others: each block of A is packed once
        // per call instead of once per column block. Row i of K block pb sits at (pb * aRows + i) * KC.
        int aRows = roundUp(m1 - m0, mr);
        boolean wholeA = n1 - n0 > nc && (long) aRows * roundUp(call.k, KC) <= WHOLE_A_MAX_FLOATS;
        float[] packedA = ws.packedA(wholeA ? aRows * roundUp(call.k, KC) : roundUp(mc, mr) * KC);
        boolean padEdge = m1 - m0 >= PAD_EDGE_MIN_ROWS;
        boolean bInPlace = call.packedB == null && !call.transB && m1 - m0 <= IN_PLACE_B_MAX_ROWS;
        float[] tileBuffer = ws.tile(mr * TILE_LD);
        for (int jc = n0; jc < n1; jc += nc) {
            int ncBlock = Math.min(nc, n1 - jc);
            for (int pc = 0; pc < call.k; pc += KC) {
                int kc = Math.min(KC, call.k - pc);
                float[] bArr;
                int bBase;
                int bStride = NR;
                int bScale = kc;
                int inPlaceCols = 0;
                if (call.packedB != null) {
                    bArr = call.packedB.data();
                    bBase = pc * roundUp(call.packedB.n(), NR) + jc * kc;
                } else if (bInPlace) {
                    // Whole NR-column micro-panels are read from B itself; only a narrower last one is packed.
                    inPlaceCols = ncBlock / NR * NR;
                    bArr = ws.packedB(KC * NR);
                    bBase = 0;
                    packB(false, call.b, call.bOff, call.ldb, pc, jc + inPlaceCols, kc, ncBlock - inPlaceCols, bArr, 0);
                } else {
                    bArr = ws.packedB(KC * nc);
                    bBase = 0;
                    packB(call.transB, call.b, call.bOff, call.ldb, pc, jc, kc, ncBlock, bArr, 0);
                }
                int packedCols = ncBlock - inPlaceCols;
                int inPlaceBase = call.bOff + pc * call.ldb + jc;
                boolean lastBlock = pc + kc == call.k;
                float beta = pc == 0 ? call.beta : 1f;
                if (m1 - m0 == 1 && !call.transA) {
                    // One row of plain A is already contiguous along K: the kernels read it in place.
                    int aBase = call.aOff + m0 * call.lda + pc;
                    if (inPlaceCols > 0) {
                        macroKernel(call, 1, inPlaceCols, kc, call.a, aBase, call.b, inPlaceBase, call.ldb, 1,
                                tileBuffer, m0, jc, beta, lastBlock, false);
                    }
                    if (packedCols > 0) {
                        macroKernel(call, 1, packedCols, kc, call.a, aBase, bArr, bBase, bStride, bScale,
                                tileBuffer, m0, jc + inPlaceCols, beta, lastBlock, false);
                    }
                    continue;
                }
                for (int ic = m0; ic < m1; ic += mc) {
                    int mcBlock = Math.min(mc, m1 - ic);
                    int aBase = wholeA ? (pc / KC * aRows + ic - m0) * KC : 0;
                    if (!wholeA || jc == n0) {
                        packA(call.transA, call.a, call.aOff, call.lda, ic, pc, mcBlock, kc, packedA, aBase);
                    }
                    if (inPlaceCols > 0) {
                        macroKernel(call, mcBlock, inPlaceCols, kc, packedA, aBase, call.b, inPlaceBase, call.ldb, 1,
                                tileBuffer, ic, jc, beta, lastBlock, padEdge);
                    }
                    if (packedCols > 0) {
                        macroKernel(call, mcBlock, packedCols, kc, packedA, aBase, bArr, bBase, bStride, bScale,
                                tileBuffer, ic, jc + inPlaceCols, beta, lastBlock, padEdge);
                    }
                }
            }
        }
    }

    /**
     * Whether {@code C = A B^T} (plain A, B not packed ahead, beta 0) is cheaper as {@code C^T = B A^T}: B's
     * rows then pack by row copies, and only the smaller A and C are transposed. Transposing an element
     * costs several times copying one, hence the factor 2: taken when {@code n k > 2 m (k + n)}, B much
     * larger than A and C together (a layer's forward product {@code X W^T} with more weights than the
     * batch holds activations), and when {@code C^T} fits {@link #TRANSPOSED_MAX_FLOATS}.
     */
    private static boolean runsTransposed(GemmCall call, int m, int n) {
        long k = call.k;
        return call.transB && !call.transA && call.packedB == null && call.beta == 0f
                && (long) n * k > 2L * m * (k + n) && (long) m * n <= TRANSPOSED_MAX_FLOATS;
    }

    /**
     * Rows {@code [m0, m1)} and columns {@code [n0, n1)} of {@code C = act(alpha A B^T + bias)} (beta 0) as
     * {@code C^T = alpha B A^T} into a workspace, whose transposing copy then goes to C with the bias and
     * activation. Each element is the same FMA chain over k, scaled by alpha and added across K blocks as in
     * the direct form; the bias and activation follow in {@link GemmCall#finish}'s order (alpha 1 and beta 0
     * there leave the sum unchanged), so the result has the same bits.
     */
    private void transposedProduct(GemmCall call, int m0, int m1, int n0, int n1, GemmWorkspace ws) {
        int m = m1 - m0;
        int n = n1 - n0;
        float[] productT = ws.transposedProduct(m * n);
        GemmCall t = ws.transposedCall;
        t.transA = false;
        t.transB = true;
        t.m = n;
        t.n = m;
        t.k = call.k;
        t.alpha = call.alpha;
        t.a = call.b;
        t.aOff = call.bOff + n0 * call.ldb;
        t.lda = call.ldb;
        t.b = call.a;
        t.bOff = call.aOff + m0 * call.lda;
        t.ldb = call.lda;
        t.packedB = null;
        t.beta = 0f;
        t.c = productT;
        t.cOff = 0;
        t.ldc = m;
        t.bias = null;
        t.biasOff = 0;
        t.act = Epilogue.IDENTITY;
        t.slope = 0f;
        try {
            compute(t, 0, n, 0, m, ws);
        } finally {
            t.clear();
        }
        int cBlock = call.cOff + m0 * call.ldc + n0;
        VectorTranspose.transpose(productT, 0, m, n, m, call.c, cBlock, call.ldc);
        if (call.bias == null && call.act == Epilogue.IDENTITY) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int cRow = cBlock + i * call.ldc;
            int j = 0;
            for (; j + LANES <= n; j += LANES) {
                storeVector(call.c, cRow + j, 1f, 0f, call.c, cRow + j, call.bias, call.biasOff + n0 + j, call.act,
                        call.slope);
            }
            for (; j < n; j++) {
                call.c[cRow + j] = GemmCall.finish(call.c[cRow + j], 1f, 0f, call.c, cRow + j, call.bias,
                        call.biasOff + n0 + j, call.act, call.slope);
            }
        }
    }

    /**
     * All micro-tiles of one {@code mc x nc} block of C for one K block. Full {@code MR}-row panels take
     * one B micro-panel at a time with the main tile; the rows left over (and single-example products)
     * go four rows and then one row at a time, over two B micro-panels at once where the register file
     * holds that (so that even one row keeps four independent FMA chains in flight), else one.
     */
    private void macroKernel(GemmCall call, int mc, int nc, int kc, float[] packedA, int aBase, float[] bArr,
                             int bBase, int bStride, int bScale, float[] tileBuffer, int ic, int jc, float beta,
                             boolean lastBlock, boolean padEdge) {
        // Full tiles skip the tile buffer when the epilogue is C = sums (direct) or C = sums + C (adding).
        boolean plain = call.alpha == 1f && (!lastBlock || (call.bias == null && call.act == Epilogue.IDENTITY));
        boolean direct = plain && beta == 0f;
        boolean adding = plain && beta == 1f;
        int fullRows = mc / mr * mr;
        if (panelsInL1) {
            // BLIS order: one B micro-panel stays in L1 while the A micro-panels stream past it from L2.
            for (int jr = 0; jr < nc; jr += NR) {
                for (int ir = 0; ir < fullRows; ir += mr) {
                    tileAt(call, ir, jr, nc, kc, packedA, aBase, bArr, bBase, bStride, bScale, tileBuffer, ic, jc, beta,
                            lastBlock, direct, adding);
                }
            }
        } else {
            // A B micro-panel would fill L1: keep the (smaller) A micro-panel there and stream B from L2.
            for (int ir = 0; ir < fullRows; ir += mr) {
                for (int jr = 0; jr < nc; jr += NR) {
                    tileAt(call, ir, jr, nc, kc, packedA, aBase, bArr, bBase, bStride, bScale, tileBuffer, ic, jc, beta,
                            lastBlock, direct, adding);
                }
            }
        }
        int ir = fullRows;
        if (ir == mc) {
            return;
        }
        int rows = mc - ir;
        int aPanel = aBase + ir * KC;
        if (padEdge || rows > mr * 3 / 4) {
            // Also when the rows left over are nearly a whole tile (10 or 11 of 12): the main tile with two
            // zero rows does less than two four-row and two or three one-row kernel calls per panel pair.
            paddedEdgePanel(call, rows, nc, kc, packedA, aPanel, bArr, bBase, bStride, bScale, tileBuffer, ic + ir, jc,
                    beta, lastBlock);
            return;
        }
        int panelStride = NR * bScale;
        for (int jr = 0; jr < nc; jr += 2 * NR) {
            int bPanel = bBase + jr * bScale;
            int cols = Math.min(2 * NR, nc - jr);
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                int aRows = aPanel + r * KC;
                int t = r * TILE_LD;
                if (cols > NR && wideLeftovers) {
                    VectorMicroKernels.rows4Wide(kc, packedA, aRows, bArr, bPanel, bStride, panelStride, tileBuffer, t);
                    continue;
                }
                rows4(kc, packedA, aRows, bArr, bPanel, bStride, Math.min(cols, NR), tileBuffer, t);
                if (cols > NR) {
                    rows4(kc, packedA, aRows, bArr, bPanel + panelStride, bStride, cols - NR, tileBuffer, t + NR);
                }
            }
            for (; r < rows; r++) {
                int aRow = aPanel + r * KC;
                int t = r * TILE_LD;
                if (cols > NR) {
                    VectorMicroKernels.row1Wide(kc, packedA, aRow, bArr, bPanel, bStride, panelStride, tileBuffer, t);
                } else if (cols > LANES) {
                    VectorMicroKernels.row1(kc, packedA, aRow, bArr, bPanel, bStride, tileBuffer, t);
                } else {
                    VectorMicroKernels.row1Narrow(kc, packedA, aRow, bArr, bPanel, bStride, tileBuffer, t);
                }
            }
            storeTile(call, tileBuffer, rows, cols, ic + ir, jc + jr, beta, lastBlock);
        }
    }

    /** The full {@code MR}-row tile at rows {@code ir}, columns {@code jr} of the block. */
    private void tileAt(GemmCall call, int ir, int jr, int nc, int kc, float[] packedA, int aBase, float[] bArr,
                        int bBase, int bStride, int bScale, float[] tileBuffer, int ic, int jc, float beta,
                        boolean lastBlock, boolean direct, boolean adding) {
        int aPanel = aBase + ir * KC;
        int cols = Math.min(NR, nc - jr);
        int bPanel = bBase + jr * bScale;
        if (cols == NR && (direct || adding)) {
            int cTile = call.cOff + (ic + ir) * call.ldc + jc + jr;
            if (direct) {
                fullTile(kc, packedA, aPanel, bArr, bPanel, bStride, call.c, cTile, call.ldc);
            } else {
                fullTileAdd(kc, packedA, aPanel, bArr, bPanel, bStride, call.c, cTile, call.ldc);
            }
            return;
        }
        bufferedTile(call, mr, cols, kc, packedA, aPanel, bArr, bPanel, bStride, tileBuffer, ic + ir, jc + jr, beta,
                lastBlock);
    }

    /**
     * The main tile over one A and one B micro-panel into the tile buffer (its first vector only when
     * {@code cols <= LANES}), then its first {@code rows} rows and {@code cols} columns stored to C at
     * {@code (i0, j0)} through the epilogue.
     */
    private void bufferedTile(GemmCall call, int rows, int cols, int kc, float[] packedA, int aPanel, float[] bArr,
                              int bPanel, int bStride, float[] tileBuffer, int i0, int j0, float beta,
                              boolean lastBlock) {
        if (cols <= LANES) {
            fullTileNarrow(kc, packedA, aPanel, bArr, bPanel, bStride, tileBuffer);
        } else {
            fullTile(kc, packedA, aPanel, bArr, bPanel, bStride, tileBuffer, 0, TILE_LD);
        }
        storeTile(call, tileBuffer, rows, cols, i0, j0, beta, lastBlock);
    }

    /**
     * The last {@code rows < mr} rows of a packed A block through the main tile: the panel's missing rows
     * are zeroed (the packed block has room for them), each tile goes to the tile buffer, and only its
     * first {@code rows} rows are stored. Every element is the same FMA chain over k as in the smaller
     * kernels, so the result has the same bits.
     */
    private void paddedEdgePanel(GemmCall call, int rows, int nc, int kc, float[] packedA, int aPanel, float[] bArr,
                                 int bBase, int bStride, int bScale, float[] tileBuffer, int i0, int jc, float beta,
                                 boolean lastBlock) {
        for (int r = rows; r < mr; r++) {
            java.util.Arrays.fill(packedA, aPanel + r * KC, aPanel + r * KC + kc, 0f);
        }
        for (int jr = 0; jr < nc; jr += NR) {
            bufferedTile(call, rows, Math.min(NR, nc - jr), kc, packedA, aPanel, bArr, bBase + jr * bScale, bStride,
                    tileBuffer, i0, jc + jr, beta, lastBlock);
        }
    }

    /** Four rows of one B micro-panel of which {@code cols} columns are used. */
    private static void rows4(int kc, float[] a, int aOff, float[] b, int bOff, int bStride, int cols, float[] tileBuffer,
                              int t) {
        if (cols > LANES) {
            VectorMicroKernels.rows4(kc, a, aOff, b, bOff, bStride, tileBuffer, t, TILE_LD);
        } else {
            VectorMicroKernels.rows4Narrow(kc, a, aOff, b, bOff, bStride, tileBuffer, t);
        }
    }

    /** The main micro-kernel of this blocking's tile: sums into {@code out} with row stride {@code ld}. */
    private void fullTile(int kc, float[] a, int aOff, float[] b, int bOff, int bStride, float[] out, int oOff,
                          int ld) {
        if (tile == GemmBlocking.Tile.ROWS12) {
            VectorMicroKernels.rows12(kc, a, aOff, b, bOff, bStride, out, oOff, ld);
        } else {
            VectorMicroKernels.rows4(kc, a, aOff, b, bOff, bStride, out, oOff, ld);
        }
    }

    /** The main micro-kernel of this blocking's tile, adding its sums to {@code out}: {@code C = sums + C}. */
    private void fullTileAdd(int kc, float[] a, int aOff, float[] b, int bOff, int bStride, float[] out, int oOff,
                          int ld) {
        if (tile == GemmBlocking.Tile.ROWS12) {
            VectorMicroKernels.rows12Add(kc, a, aOff, b, bOff, bStride, out, oOff, ld);
        } else {
            VectorMicroKernels.rows4Add(kc, a, aOff, b, bOff, bStride, out, oOff, ld);
        }
    }

    /** The main tile's rows over the first vector of a micro-panel only, into the tile buffer. */
    private void fullTileNarrow(int kc, float[] a, int aOff, float[] b, int bOff, int bStride, float[] tileBuffer) {
        if (tile == GemmBlocking.Tile.ROWS12) {
            VectorMicroKernels.rows12Narrow(kc, a, aOff, b, bOff, bStride, tileBuffer, 0);
        } else {
            VectorMicroKernels.rows4Narrow(kc, a, aOff, b, bOff, bStride, tileBuffer, 0);
        }
    }
    /**
     * Writes {@code rows x cols} of the tile (row stride {@link #TILE_LD}) to C through
     * {@link GemmCall#finish}'s epilogue: whole NR-column chunks with vectors, a partial chunk element
     * by element.
     */
    private static void storeTile(GemmCall call, float[] tile, int rows, int cols, int i0, int j0,
                                  float beta, boolean lastBlock) {
        float[] bias = lastBlock ? call.bias : null;
        Epilogue act = lastBlock ? call.act : Epilogue.IDENTITY;
        float alpha = call.alpha;
        float[] c = call.c;
        for (int r = 0; r < rows; r++) {
            int cRow = call.cOff + (i0 + r) * call.ldc + j0;
            int tRow = r * TILE_LD;
            int j = 0;
            for (; j + NR <= cols; j += NR) {
                int biasIdx = call.biasOff + j0 + j;
                storeVector(tile, tRow + j, alpha, beta, c, cRow + j, bias, biasIdx, act, call.slope);
                storeVector(tile, tRow + j + LANES, alpha, beta, c, cRow + j + LANES, bias, biasIdx + LANES, act,
                        call.slope);
            }
            for (; j < cols; j++) {
                c[cRow + j] = GemmCall.finish(tile[tRow + j], alpha, beta, c, cRow + j,
                        bias, call.biasOff + j0 + j, act, call.slope);
            }
        }
    }

    /**
     * {@link GemmCall#finish} lane by lane, same operations in the same order, on the tile's lanes from
     * {@code tIdx}. It loads them itself: a vector passed into a call that C2 does not inline is boxed,
     * which allocated in steady state whenever this method was compiled on its own first.
     */
    private static void storeVector(float[] tile, int tIdx, float alpha, float beta, float[] c, int cIdx,
                                    float[] bias, int biasIdx, Epilogue act, float slope) {
        FloatVector v = FloatVector.fromArray(SPECIES, tile, tIdx).mul(alpha);
        if (beta != 0f) {
            v = v.add(FloatVector.fromArray(SPECIES, c, cIdx).mul(beta));
        }
        if (bias != null) {
            v = v.add(FloatVector.fromArray(SPECIES, bias, biasIdx));
        }
        if (act == Epilogue.RELU) {
            v = v.blend(0f, v.lt(0f));
        } else if (act == Epilogue.LEAKY_RELU) {
            v = v.blend(v.mul(slope), v.lt(0f));
        }
        v.intoArray(c, cIdx);
    }

    /** Packs {@code op(B)[p0 .. p0+kc)[j0 .. j0+nc)} as NR-column micro-panels, zero-padded. */
    private static void packB(boolean trans, float[] src, int off, int ld, int p0, int j0, int kc, int nc,
                              float[] dst, int dstOff) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int panel = dstOff + jr * kc;
            if (!trans) {
                for (int p = 0; p < kc; p++) {
                    int from = off + (p0 + p) * ld + j0 + jr;
                    int to = panel + p * NR;
                    if (nr == NR) {
                        FloatVector.fromArray(SPECIES, src, from).intoArray(dst, to);
                        FloatVector.fromArray(SPECIES, src, from + LANES).intoArray(dst, to + LANES);
                    } else {
                        System.arraycopy(src, from, dst, to, nr);
                        java.util.Arrays.fill(dst, to + nr, to + NR, 0f);
                    }
                }
            } else {
                VectorTranspose.transpose(src, off + (j0 + jr) * ld + p0, ld, nr, kc, dst, panel, NR);
                if (nr < NR) {
                    for (int p = 0; p < kc; p++) {
                        java.util.Arrays.fill(dst, panel + p * NR + nr, panel + p * NR + NR, 0f);
                    }
                }
            }
        }
    }

    /**
     * Packs {@code op(A)[i0 .. i0+mc)[p0 .. p0+kc)} row by row: row {@code i} at {@code dstOff + i * KC}. The
     * fixed row stride lets the micro-kernels address twelve rows as one base plus constant
     * displacements; plain A packs by row copies, transposed A by {@link VectorTranspose}.
     */
    private static void packA(boolean trans, float[] src, int off, int ld, int i0, int p0, int mc, int kc, float[] dst,
                              int dstOff) {
        if (!trans) {
            for (int i = 0; i < mc; i++) {
                System.arraycopy(src, off + (i0 + i) * ld + p0, dst, dstOff + i * KC, kc);
            }
            return;
        }
        VectorTranspose.transpose(src, off + p0 * ld + i0, ld, kc, mc, dst, dstOff, KC);
    }

    static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
