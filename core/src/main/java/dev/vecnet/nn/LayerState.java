package dev.vecnet.nn;

/** Per-context buffers of one layer (see {@link Layer}); confined to the context's thread. */
interface LayerState {
    /** The state of layers that keep nothing between forward and backward. */
    LayerState NONE = new LayerState() {
    };
}
