package dev.vecnet.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;

/** The vector shape the vector kernels use: the preferred one, or a narrower one forced for testing. */
final class VectorShapes {
    private VectorShapes() {
    }

    static VectorShape chosen() {
        VectorShape preferred = FloatVector.SPECIES_PREFERRED.vectorShape();
        String forced = Kernels.property(Kernels.BITS_PROPERTY);
        if (forced == null) {
            return preferred;
        }
        int bits;
        try {
            bits = Integer.parseInt(forced);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + Kernels.BITS_PROPERTY
                    + " must be 128, 256 or 512, was '" + forced + "'");
        }
        if (bits != 128 && bits != 256 && bits != 512) {
            throw new IllegalArgumentException("system property " + Kernels.BITS_PROPERTY
                    + " must be 128, 256 or 512, was " + bits);
        }
        if (bits > preferred.vectorBitSize()) {
            throw new IllegalArgumentException("system property " + Kernels.BITS_PROPERTY + "=" + bits
                    + " is wider than this CPU's preferred " + preferred.vectorBitSize() + "-bit vectors");
        }
        return VectorShape.forBitSize(bits);
    }
}
