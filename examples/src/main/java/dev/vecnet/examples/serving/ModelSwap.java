package dev.vecnet.examples.serving;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What one {@link PredictionService#reload(Path)} did: the model now served and what it cost.
 *
 * @param generation   the new model's generation (1 for the first model, then one more per reload); every
 *                     prediction response names the generation that answered it
 * @param file         the model file read
 * @param loadTime     reading and validating the file and sizing every slot's predictor and buffers
 * @param warmUpTime   driving the inference path through the JIT, before the swap
 * @param warmUpPasses the forward passes the warm-up ran
 * @param warmedUp     whether the warm-up ended with a round of predictions that allocated nothing, the sign
 *                     that the JIT has compiled the vector kernels; false when the warm-up budget ran out first
 *                     (the first requests then run partly interpreted: slower, and allocating) or the JVM
 *                     does not count allocation per thread
 */
public record ModelSwap(long generation, Path file, Duration loadTime, Duration warmUpTime, long warmUpPasses,
                        boolean warmedUp) {
}
