/**
 * ONNX import ({@link dev.vecnet.onnx.OnnxImporter}) and export ({@link dev.vecnet.onnx.OnnxExporter}) of
 * vecnet networks, and the {@link dev.vecnet.format.ModelFormat} service that offers both to the command line
 * ({@link dev.vecnet.onnx.OnnxModelFormat}). See docs/onnx.md for the supported operators and their mapping to
 * vecnet's layers.
 */
package dev.vecnet.onnx;
