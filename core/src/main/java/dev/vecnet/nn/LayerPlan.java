package dev.vecnet.nn;

import dev.vecnet.kernel.Epilogue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The runtime layers of a {@link NetworkSpec}, with their parameters allocated and initialised: the one
 * place where a spec's modules become {@link Layer}s.
 *
 * <p><b>Fusion.</b> With {@link BuildOptions#fuse()}, a dense module followed by a ReLU, or by a leaky
 * ReLU with slope > 0, becomes one {@link Dense} layer that applies the activation in the matrix
 * product's epilogue: same results, one pass over the output fewer. A leaky ReLU with slope <= 0 stays
 * separate because the fused backward recovers the sign of the pre-activation from the output.
 *
 * <p><b>Names.</b> Module {@code i} of the spec owns the tensors {@code i.*}, as in PyTorch's
 * {@code nn.Sequential} {@code state_dict}; a fused pair keeps the dense module's index and the
 * activation's index owns nothing.
 *
 * <p><b>Randomness.</b> Weights are drawn from {@code SplittableRandom(seed)} in module order; dropout
 * module {@code k} gets the {@code k}-th seed of {@code SplittableRandom(seed ^ 0x5DEECE66D)}.
 *
 * <p>Allocates the layers and the flat parameter arrays once; not thread-safe while constructing.
 */
final class LayerPlan {
    final List<Layer> layers;
    /** One description per spec module, fused or not (see {@link Network#architecture()}). */
    final List<String> architecture;
    final Parameters parameters;

    LayerPlan(NetworkSpec spec, BuildOptions options) {
        List<LayerSpec> modules = spec.layers();
        int[] in = spec.inputSizes();
        List<Layer> runtime = new ArrayList<>();
        List<String> described = new ArrayList<>();
        Parameters.Layout layout = new Parameters.Layout();
        SplittableRandom dropoutSeeds = new SplittableRandom(options.seed() ^ 0x5DEECE66DL);
        int i = 0;
        while (i < modules.size()) {
            LayerSpec module = modules.get(i);
            LayerSpec next = i + 1 < modules.size() ? modules.get(i + 1) : null;
            Layer layer = layer(module, in[i], spec.init(), dropoutSeeds);
            described.add(layer.describe());
            Epilogue fused = options.fuse() ? fusedActivation(module, next) : Epilogue.IDENTITY;
            if (fused != Epilogue.IDENTITY) {
                described.add(layer(next, in[i + 1], spec.init(), dropoutSeeds).describe());
                float slope = next instanceof LayerSpec.LeakyRelu leaky ? leaky.slope() : 0f;
                layer = new Dense(layer.inputSize(), layer.outputSize(), ((Dense) layer).init(), fused, slope);
            }
            layer.declare(layout, i + ".");
            runtime.add(layer);
            i += fused != Epilogue.IDENTITY ? 2 : 1;
        }
        this.parameters = layout.allocate();
        SplittableRandom weights = new SplittableRandom(options.seed());
        for (Layer layer : runtime) {
            layer.bind(parameters, weights);
        }
        this.layers = Collections.unmodifiableList(runtime);
        this.architecture = Collections.unmodifiableList(described);
    }

    /**
     * The fusion rule: the epilogue that runs {@code next} inside {@code module}'s matrix product, or
     * {@link Epilogue#IDENTITY} when they do not fuse.
     */
    static Epilogue fusedActivation(LayerSpec module, LayerSpec next) {
        if (!(module instanceof LayerSpec.Dense)) {
            return Epilogue.IDENTITY;
        }
        if (next instanceof LayerSpec.Relu) {
            return Epilogue.RELU;
        }
        return next instanceof LayerSpec.LeakyRelu leaky && leaky.slope() > 0f ? Epilogue.LEAKY_RELU : Epilogue.IDENTITY;
    }

    /** The unfused runtime layer of one module with {@code in} features going in. */
    private static Layer layer(LayerSpec module, int in, Init defaultInit, SplittableRandom dropoutSeeds) {
        if (module instanceof LayerSpec.Dense d) {
            return new Dense(in, d.units(), d.init() != null ? d.init() : defaultInit, Epilogue.IDENTITY, 0f);
        }
        if (module instanceof LayerSpec.Maxout m) {
            return new Maxout(in, m.units(), m.pieces(), m.init() != null ? m.init() : defaultInit);
        }
        if (module instanceof LayerSpec.Sigmoid) {
            return new Activation(in, Activation.Kind.SIGMOID, 0f);
        }
        if (module instanceof LayerSpec.Tanh) {
            return new Activation(in, Activation.Kind.TANH, 0f);
        }
        if (module instanceof LayerSpec.Relu) {
            return new Activation(in, Activation.Kind.RELU, 0f);
        }
        if (module instanceof LayerSpec.LeakyRelu l) {
            return new Activation(in, Activation.Kind.LEAKY_RELU, l.slope());
        }
        if (module instanceof LayerSpec.Elu e) {
            return new Activation(in, Activation.Kind.ELU, e.alpha());
        }
        if (module instanceof LayerSpec.PRelu p) {
            return new PRelu(in, p.perFeature());
        }
        if (module instanceof LayerSpec.BatchNorm b) {
            return new BatchNorm(in, b.eps(), b.momentum());
        }
        if (module instanceof LayerSpec.Dropout d) {
            return new Dropout(in, d.p(), dropoutSeeds.nextLong());
        }
        throw new AssertionError("no runtime layer for " + module);
    }
}
