package dev.vecnet.format;

import dev.vecnet.nn.Network;

import java.util.Map;

/**
 * What {@link ModelFile} read: the rebuilt network (parameters, running statistics and
 * {@code num_batches_tracked} restored, in training mode as a freshly built network) and the extras.
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
}
