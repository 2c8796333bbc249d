/**
 * An example HTTP prediction service that embeds vecnet, and a load test for it (docs/serving.md).
 *
 * <p>{@link dev.vecnet.examples.serving.PredictionService} serves a vecnet model file on the JDK's built-in
 * HTTP server: {@code POST /predict} (CSV or JSON rows in, JSON classes and probabilities out),
 * {@code GET /health} and {@code GET /metrics}. Each server worker thread owns one
 * {@link dev.vecnet.nn.Predictor} and its buffers over the one shared network, so predicting allocates
 * nothing inside vecnet; a new model is loaded and warmed up off the request path and swapped in atomically
 * ({@link dev.vecnet.examples.serving.PredictionService#reload}).
 * {@link dev.vecnet.examples.serving.LoadTest} drives it with concurrent clients and checks every answer
 * bit for bit against an in-process prediction.
 */
package dev.vecnet.examples.serving;
