package dev.vecnet.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Vector GEMMs with each register tile other than the one this JVM chose, so that one test run checks
 * every tile. Only touched on the vector path (it loads {@link VectorGemm}).
 */
final class VectorTileKernels {
    private VectorTileKernels() {
    }

    /** One vector GEMM per tile that this JVM did not choose, with this JVM's register file and L2. */
    static List<GemmKernel> otherTiles() {
        List<GemmKernel> kernels = new ArrayList<>();
        String chosen = Kernels.describeBlocking();
        for (GemmBlocking.Tile tile : GemmBlocking.Tile.values()) {
            GemmBlocking blocking = GemmBlocking.withTile(tile, VectorGemm.LANES, RegisterFile.ofThisJvm(),
                    CacheSizes.l1dBytes(), CacheSizes.l2Bytes());
            if (!blocking.describe().equals(chosen)) {
                kernels.add(new VectorGemm(blocking));
            }
        }
        return kernels;
    }
}
