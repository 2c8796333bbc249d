/**
 * Model files: {@link dev.vecnet.format.ModelFile} saves a {@code dev.vecnet.nn.Network} (with optional
 * preprocessing statistics and optimizer state) as a safetensors file that PyTorch can load, and loads it
 * back after validating the whole file; any defect is one {@link dev.vecnet.format.ModelFormatException}.
 *
 * <p>Beneath it: a safetensors reader and writer, the architecture as JSON, a small strict JSON parser
 * (vecnet has no runtime dependencies) and atomic file replacement, all package-private. Depends on {@code dev.vecnet.nn} and
 * {@code dev.vecnet.kernel}. The file layout is described in docs/model-format.md.
 */
package dev.vecnet.format;
