package dev.vecnet.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;

/**
 * The vector shape the vector kernels use: the preferred one, or a narrower one forced with
 * {@code -Dvecnet.vectorBits=128|256|512} for testing. Chosen once; an invalid value logs one warning
 * that names it, its cause and the width used instead (the preferred one), and never fails.
 */
final class VectorShapes {
    private static final VectorShape CHOSEN = choose(System.getProperty(Kernels.BITS_PROPERTY),
            FloatVector.SPECIES_PREFERRED.vectorShape());

    private VectorShapes() {
    }

    static VectorShape chosen() {
        return CHOSEN;
    }

    /** The shape for the property's {@code value} (null when unset) on a CPU whose preferred shape is {@code preferred}. */
    static VectorShape choose(String value, VectorShape preferred) {
        if (value == null) {
            return preferred;
        }
        String fallback = "; using the preferred " + preferred.vectorBitSize() + "-bit vectors";
        int bits;
        try {
            bits = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            Kernels.warn("ignoring -D" + Kernels.BITS_PROPERTY + "='" + value + "' (expected 128, 256 or 512)"
                    + fallback, e);
            return preferred;
        }
        if (bits != 128 && bits != 256 && bits != 512) {
            Kernels.warn("ignoring -D" + Kernels.BITS_PROPERTY + "=" + bits + " (expected 128, 256 or 512)" + fallback,
                    null);
            return preferred;
        }
        if (bits > preferred.vectorBitSize()) {
            Kernels.warn("ignoring -D" + Kernels.BITS_PROPERTY + "=" + bits + ": wider than this CPU's preferred "
                    + preferred.vectorBitSize() + "-bit vectors" + fallback, null);
            return preferred;
        }
        return VectorShape.forBitSize(bits);
    }
}
