package dev.vecnet.kernel;

import java.util.Locale;

/**
 * Block sizes of the vector GEMM for one vector width, register file and cache: the only place they are
 * chosen.
 *
 * <p>The loops are those of Goto/BLIS with the roles of A and B as row-major C needs them: vectors run
 * along N, so an {@code MR x NR} micro-tile is {@code MR} rows of {@code NR / lanes} vectors, held in
 * registers for a whole K block. A packed {@code KC x NC} block of B stays in L2 while {@code MR x KC}
 * micro-panels of packed A sweep it.
 *
 * <ul>
 *   <li>{@code MR} is the largest {@link Tile} whose registers (accumulators, B vectors, one broadcast)
 *       fit the {@link RegisterFile}: 12 rows on 32 registers (AVX-512, AArch64), 4 on 16 (AVX2). A tile
 *       that does not fit spills accumulators to the stack every step and runs at about half speed.</li>
 *   <li>{@code NC}: a {@code KC x NC} block of B fills half of L2.</li>
 *   <li>{@code MC}: an {@code MC x KC} block of A fills a quarter of L2, rounded down to whole tiles.</li>
 * </ul>
 *
 * <p>{@link #KC} is the same for every tile, every width and the scalar path on purpose: every path sums
 * each element in the same order (a fused multiply-add per k, restarted every {@code KC}), so the scalar
 * path, every tile shape, every vector width and every thread count give bit-identical results. MR, NR,
 * MC and NC only decide which elements are computed together, never the order of one element's sum.
 *
 * @param tile the register tile of the main micro-kernel
 * @param lanes floats per vector
 * @param registers the register file the tile was chosen for
 * @param l1Bytes the L1 data cache size the loop order was chosen for
 * @param mc rows of A packed at once (a multiple of {@code mr()})
 * @param nc columns of B packed at once (a multiple of {@code nr()})
 */
record GemmBlocking(Tile tile, int lanes, RegisterFile registers, int l1Bytes, int mc, int nc) {

    /** Depth of a K block; shared by all paths (see the class comment). */
    static final int KC = 256;

    /**
     * Broadcasts of A that C2 hoists ahead of their FMAs, each holding a register. Seen in C2's code for
     * a 6 x 16 tile under {@code -XX:UseAVX=2} (JDK 25): four broadcasts issued together, so its 12
     * accumulators + 2 B vectors + 4 broadcasts needed 18 of 16 registers and two accumulators went
     * through the stack on every k, which left it at about half the speed of the 4 x 16 tile in a plain
     * timing loop on a Zen 4 core. Counting them keeps such tiles off a register file they do not fit.
     */
    static final int BROADCASTS_IN_FLIGHT = 4;

    /** Vectors across a micro-tile; every tile is two vectors wide, so NR (and the packed B layout) depends on the width alone. */
    static final int TILE_VECTORS = 2;

    /** The register tiles there are micro-kernels for, largest first. */
    enum Tile {
        /** 12 rows x 2 vectors: 24 accumulators. */
        ROWS12(12),
        /** 4 rows x 2 vectors: 8 accumulators, still enough FMA chains to cover the FMA latency of two pipes. */
        ROWS4(4);

        /** Rows of C the tile holds (MR). */
        final int rows;

        Tile(int rows) {
            this.rows = rows;
        }

        /**
         * Vector registers the micro-kernel keeps live: accumulators, one B row, and the broadcasts of A
         * that C2 loads ahead of their FMAs ({@link #BROADCASTS_IN_FLIGHT}).
         */
        int registersNeeded() {
            return rows * TILE_VECTORS + TILE_VECTORS + BROADCASTS_IN_FLIGHT;
        }
    }

    /** Rows of a micro-tile. */
    int mr() {
        return tile.rows;
    }

    /** Columns of a micro-tile (two vectors). */
    int nr() {
        return TILE_VECTORS * lanes;
    }

    /**
     * Whether the micro-kernels for rows left over below {@code MR} may work on two B micro-panels at
     * once (16 accumulators for 4 rows): only when the register file holds them without spilling.
     */
    boolean wideLeftovers() {
        return 4 * 2 * TILE_VECTORS + 2 * TILE_VECTORS + BROADCASTS_IN_FLIGHT <= registers.count();
    }

    /**
     * Whether a {@code KC x NR} micro-panel of B fits in half of L1, so that the tile loop can keep it
     * there while A's micro-panels stream past it (BLIS's order); otherwise A's smaller micro-panel
     * stays in L1 and B streams from L2.
     */
    boolean panelsInL1() {
        return (long) KC * nr() * Float.BYTES <= l1Bytes / 2;
    }

    /** The blocking for vectors of {@code lanes} floats on this JVM's register file and L2 cache. */
    static GemmBlocking forThisJvm(int lanes) {
        return choose(lanes, RegisterFile.ofThisJvm(), CacheSizes.l1dBytes(), CacheSizes.l2Bytes());
    }

    /** The blocking for vectors of {@code lanes} floats, a register file and the L1d and L2 sizes. */
    static GemmBlocking choose(int lanes, RegisterFile registers, int l1Bytes, int l2Bytes) {
        Tile tile = Tile.values()[Tile.values().length - 1];
        for (Tile t : Tile.values()) {
            if (t.registersNeeded() <= registers.count()) {
                tile = t;
                break;
            }
        }
        return withTile(tile, lanes, registers, l1Bytes, l2Bytes);
    }

    /** The blocking for a given tile (tests run every tile on one machine). */
    static GemmBlocking withTile(Tile tile, int lanes, RegisterFile registers, int l1Bytes, int l2Bytes) {
        int nr = TILE_VECTORS * lanes;
        int panelBytes = KC * Float.BYTES;
        int nc = Math.max(nr, l2Bytes / 2 / panelBytes / nr * nr);
        int mc = Math.max(tile.rows, l2Bytes / 4 / panelBytes / tile.rows * tile.rows);
        return new GemmBlocking(tile, lanes, registers, l1Bytes, mc, nc);
    }

    /**
     * One line saying which tile and why, e.g. {@code "12 x 32 tile (24 accumulators + 2 B vectors + 1
     * broadcast = 27 of 32 vector registers: AVX-512 (UseAVX=3)), MC 252, KC 256, NC 512"}.
     */
    String describe() {
        String line = String.format(Locale.ROOT,
                "%d x %d tile (%d accumulators + %d B vectors + %d broadcasts = %d of %d vector registers: %s)",
                mr(), nr(), mr() * TILE_VECTORS, TILE_VECTORS, BROADCASTS_IN_FLIGHT, tile.registersNeeded(),
                registers.count(),
                registers.source());
        if (tile.ordinal() > 0) {
            Tile larger = Tile.values()[tile.ordinal() - 1];
            line += String.format(Locale.ROOT, "; a %d-row tile would need %d and spill", larger.rows,
                    larger.registersNeeded());
        }
        return line + String.format(Locale.ROOT, ", MC %d, KC %d, NC %d, %s", mc, KC, nc,
                panelsInL1() ? "B micro-panel held in L1" : "A micro-panel held in L1");
    }
}
