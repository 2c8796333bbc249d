package dev.vecnet.onnx;

import dev.vecnet.nn.LayerSpec;

import java.util.Map;

/**
 * One vecnet module recovered from one or more ONNX nodes: its spec and its tensors by state-dict suffix
 * ({@code weight} {@code [out][in]} row-major, {@code bias}, {@code running_mean}, {@code running_var}), each
 * array exactly the size the spec's tensor has.
 *
 * @param spec    the module
 * @param tensors the module's tensors by suffix (empty for modules without parameters)
 */
record ImportedLayer(LayerSpec spec, Map<String, float[]> tensors) {
}
