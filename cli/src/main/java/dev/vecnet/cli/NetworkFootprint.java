package dev.vecnet.cli;

import dev.vecnet.nn.Architecture;
import dev.vecnet.data.MemoryLimits;

/**
 * The memory a network of an architecture needs at the least, checked against the heap before the network is
 * built, so that a network too large for this JVM is refused with one message instead of ending in an
 * {@link OutOfMemoryError}. The estimate counts only what every network of the architecture allocates, as
 * 4-byte floats: its parameters (once to predict; twice to train: values and their gradients) and, to train,
 * each layer's output for every example of the largest batch. Optimizer state and the kernels' scratch come on
 * top, so a network the check lets through may still not fit, but one it refuses never would. Stateless.
 */
final class NetworkFootprint {
    private NetworkFootprint() {
    }

    /**
     * The least bytes a network of {@code spec} needs.
     *
     * @param spec     the architecture
     * @param maxBatch the largest training batch, {@code >= 1} (ignored when not training)
     * @param training whether the network is built to be trained (gradients and activations) or only to predict
     * @return the bytes, saturating at {@code Long.MAX_VALUE}
     */
    static long bytes(Architecture spec, int maxBatch, boolean training) {
        long parameters = MemoryLimits.bytesNeeded(training ? 2 : 1, spec.parameterCount());
        if (!training) {
            return parameters;
        }
        int[] widths = spec.widths();
        long outputs = 0;
        for (int i = 1; i < widths.length; i++) {
            outputs += widths[i];   // at most a few thousand layers of at most 2^31 - 1: no overflow
        }
        long activations = MemoryLimits.bytesNeeded(maxBatch, outputs);
        return activations > Long.MAX_VALUE - parameters ? Long.MAX_VALUE : parameters + activations;
    }

    /**
     * Refuses a network that cannot fit in {@code budget} bytes.
     *
     * @param spec     the architecture
     * @param maxBatch the largest training batch, {@code >= 1} (ignored when not training)
     * @param training whether the network is built to be trained or only to predict
     * @param budget   the bytes the network may take, e.g. {@link MemoryLimits#availableHeap()}
     * @throws CommandFailedException naming the architecture, its parameters, the bytes it needs at least, the
     *                                budget, the JVM's maximum heap and what to do
     */
    static void require(Architecture spec, int maxBatch, boolean training, long budget) {
        long bytes = bytes(spec, maxBatch, training);
        if (bytes > budget) {
            throw new CommandFailedException("the network " + spec + " (" + spec.parameterCount() + " parameters) needs "
                    + "at least " + MemoryLimits.format(bytes) + (training ? " to train with batches of " + maxBatch
                    : "") + ", more than the " + MemoryLimits.format(budget) + " this JVM may still allocate (maximum "
                    + "heap " + MemoryLimits.format(Runtime.getRuntime().maxMemory()) + "); use a smaller --arch"
                    + (training ? " or batch" : "") + ", or give Java more memory (e.g. "
                    + "JAVA_TOOL_OPTIONS=-Xmx8g)");
        }
    }
}
