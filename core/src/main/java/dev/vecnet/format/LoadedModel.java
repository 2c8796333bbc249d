package dev.vecnet.format;

import dev.vecnet.data.Preprocessor;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.Predictor;

import java.util.Map;

/**
 * What {@link ModelFile} read: the rebuilt network (parameters, running statistics and
 * {@code num_batches_tracked} restored, in training mode as a freshly built network) and the extras.
 * {@link #predictor(int)} turns it into a ready predictor for raw inputs, preprocessing included.
 *
 * @param network           the network
 * @param preprocessingKind the preprocessing kind, or null when the file has none
 * @param preprocessing     preprocessing arrays by name (without the {@code preprocess.} prefix)
 * @param optimizer         the optimizer settings string, or null
 * @param optimizerState    optimizer arrays by name (without the {@code optimizer.} prefix)
 * @param metadata          the whole {@code __metadata__} map
 */
public record LoadedModel(Network network, String preprocessingKind, Map<String, float[]> preprocessing,
                          String optimizer, Map<String, float[]> optimizerState, Map<String, String> metadata) {

    /**
     * The vecnet version that wrote the file (metadata {@code vecnet.version}), or null.
     *
     * @return the writer's version string, or null when the metadata has none
     */
    public String libraryVersion() {
        return metadata.get(ModelFile.KEY_VERSION);
    }

    /**
     * The stored preprocessing, rebuilt ({@link Preprocessor#fromState}).
     *
     * @return a new preprocessor equal in effect to the one saved, or null when the file stores none
     * @throws IllegalArgumentException when the stored kind is unknown or its arrays are inconsistent
     */
    public Preprocessor preprocessor() {
        return preprocessingKind == null ? null : Preprocessor.fromState(preprocessingKind, preprocessing);
    }

    /**
     * A predictor for raw inputs in one call: the stored preprocessing (if any) applied to a copy of each
     * batch, then the network in evaluation mode. Equivalent to {@link #preprocessor()}, applying it to a
     * copy of the inputs, and {@code network().newInferenceContext(maxBatch)}.
     *
     * @param maxBatch the largest batch one call accepts, {@code >= 1}
     * @return a new predictor, confined to one thread; allocates its buffers now
     * @throws IllegalArgumentException when {@code maxBatch < 1} or the stored preprocessing is inconsistent
     */
    public Predictor predictor(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, was " + maxBatch);
        }
        return new Predictor(network, preprocessor(), maxBatch);
    }
}
