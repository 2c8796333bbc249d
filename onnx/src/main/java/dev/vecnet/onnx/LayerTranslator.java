package dev.vecnet.onnx;

import dev.vecnet.format.ModelFile;
import dev.vecnet.format.ModelFormatException;
import dev.vecnet.nn.LayerSpec;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps the path of a {@link GraphChain} to vecnet modules, node by node, tracking the width (features per
 * example) and the number of feature axes of the value flowing along the path:
 *
 * <ul>
 * <li>{@code Gemm} (alpha, beta, transB 0 or 1), {@code MatMul} with an optional {@code Add} right after it:
 *     a dense layer, weights {@code alpha * B^T} (or {@code alpha * B} with transB) and bias {@code beta * C};
 * <li>{@code Relu}, {@code LeakyRelu}, {@code Elu}, {@code PRelu}, {@code Sigmoid}, {@code Tanh},
 *     {@code BatchNormalization} (inference form): the layer of the same name;
 * <li>{@code Dropout}, {@code Identity}: dropped (they are the identity in inference);
 * <li>{@code Flatten} (axis 1), {@code Reshape} to {@code [-1, F]} or {@code [0, -1]}: the input's
 *     {@code [N, d1, d2, ...]} as {@code [N, d1 * d2 * ...]}, which is how vecnet lays out an example anyway;
 * <li>{@code Sub}, {@code Mul}, {@code Div} by per-feature constants before the first layer: a standardisation
 *     {@code (x - mean) / std};
 * <li>a final {@code Softmax} or {@code LogSoftmax} over the features: the output is then probabilities.
 * </ul>
 *
 * Anything else is one {@link ModelFormatException} naming the node and its op_type. Single use: one instance
 * translates one chain.
 */
final class LayerTranslator {
    private static final Set<String> NONE = Set.of();

    private final GraphChain chain;
    private final HeapBudget budget;
    private final List<ImportedLayer> layers = new ArrayList<>();
    private int width;
    private int featureAxes;
    private float[] mean;
    private float[] scale;
    private OutputKind output = OutputKind.SCORES;

    /** What the graph's output is, which decides the loss of the imported network. */
    enum OutputKind {
        /** The last layer's output as it is. */
        SCORES,
        /** A final Softmax's output. */
        PROBABILITIES,
        /** A final LogSoftmax's output. */
        LOG_PROBABILITIES
    }

    /**
     * What the translation found.
     *
     * @param inputSize features per example going in
     * @param layers    the modules, in order, at least one
     * @param output    what the graph outputs
     * @param mean      the standardisation's mean, or null when the graph has none
     * @param std       the standardisation's std, or null when the graph has none
     */
    record Translation(int inputSize, List<ImportedLayer> layers, OutputKind output, float[] mean, float[] std) {
    }

    private LayerTranslator(GraphChain chain, HeapBudget budget) {
        this.chain = chain;
        this.budget = budget;
    }

    /** Translates the chain's path, reserving every array it makes in {@code budget} first. */
    static Translation translate(GraphChain chain, HeapBudget budget) throws ModelFormatException {
        return new LayerTranslator(chain, budget).run();
    }

    private Translation run() throws ModelFormatException {
        long[] dims = chain.inputDims();
        long features = 1;
        for (long dim : dims) {
            features *= dim;
        }
        width = (int) features;
        featureAxes = dims.length;
        int inputSize = width;
        List<OnnxNode> path = chain.path();
        for (int i = 0; i < path.size(); i++) {
            OnnxNode node = path.get(i);
            if (output != OutputKind.SCORES) {
                throw node.error("follows the final " + (output == OutputKind.PROBABILITIES ? "Softmax" : "LogSoftmax")
                        + "; vecnet supports a softmax only as the last node");
            }
            boolean consumedNext = translate(node, i + 1 < path.size() ? path.get(i + 1) : null);
            if (consumedNext) {
                i++;
            }
        }
        if (layers.isEmpty()) {
            throw new ModelFormatException("ONNX graph has no layer (Gemm, MatMul, an activation, ...); vecnet "
                    + "cannot build an empty network");
        }
        if (featureAxes != 1) {
            throw new ModelFormatException("ONNX graph output " + FileText.quote(chain.outputName()) + " has "
                    + featureAxes
                    + " feature axes; vecnet networks output [batch, features]");
        }
        float[] std = null;
        if (mean != null || scale != null) {
            mean = mean != null ? mean : allocate(inputSize, "the standardisation's mean");
            std = allocate(inputSize, "the standardisation's std");
            for (int j = 0; j < inputSize; j++) {
                std[j] = scale == null ? 1f : 1f / scale[j];
            }
        }
        return new Translation(inputSize, List.copyOf(layers), output, mean, std);
    }

    /** Translates one node; returns true when it also consumed {@code next} (a MatMul's Add). */
    private boolean translate(OnnxNode node, OnnxNode next) throws ModelFormatException {
        switch (node.opType()) {
            case "Gemm":
                gemm(node);
                return false;
            case "MatMul":
                return matMul(node, next);
            case "Relu":
                simple(node, NONE);
                layers.add(new ImportedLayer(new LayerSpec.Relu(), Map.of()));
                return false;
            case "Sigmoid":
                simple(node, NONE);
                layers.add(new ImportedLayer(new LayerSpec.Sigmoid(), Map.of()));
                return false;
            case "Tanh":
                simple(node, NONE);
                layers.add(new ImportedLayer(new LayerSpec.Tanh(), Map.of()));
                return false;
            case "LeakyRelu":
                simple(node, Set.of("alpha"));
                float slope = node.floatAttribute("alpha", LayerSpec.LeakyRelu.DEFAULT_SLOPE);
                add(node, () -> new LayerSpec.LeakyRelu(slope), Map.of());
                return false;
            case "Elu":
                simple(node, Set.of("alpha"));
                float alpha = node.floatAttribute("alpha", 1f);
                add(node, () -> new LayerSpec.Elu(alpha), Map.of());
                return false;
            case "PRelu":
                prelu(node);
                return false;
            case "BatchNormalization":
                batchNorm(node);
                return false;
            case "Dropout":
                dropout(node);
                return false;
            case "Identity":
                simple(node, NONE);
                return false;
            case "Flatten":
                flatten(node);
                return false;
            case "Reshape":
                reshape(node);
                return false;
            case "Sub":
            case "Mul":
            case "Div":
                preprocessing(node);
                return false;
            case "Softmax":
            case "LogSoftmax":
                softmax(node);
                return false;
            case "Add":
                throw node.error("adds to the data without a MatMul right before it; vecnet supports Add only as "
                        + "a MatMul's bias");
            default:
                throw node.error("is not supported; vecnet imports Gemm, MatMul (+ Add), Relu, LeakyRelu, PRelu, Elu, "
                        + "Sigmoid, Tanh, BatchNormalization, Dropout, Identity, Flatten, Reshape, a final Softmax or "
                        + "LogSoftmax, and Sub/Mul/Div before the first layer");
        }
    }

    /** An elementwise node with the data as its one input. */
    private void simple(OnnxNode node, Set<String> attributes) throws ModelFormatException {
        node.requireArity(1, 1);
        node.requireOnlyAttributes(attributes);
    }

    private void gemm(OnnxNode node) throws ModelFormatException {
        node.requireArity(2, 3);
        node.requireOnlyAttributes(Set.of("alpha", "beta", "transA", "transB"));
        requireDataFirst(node);
        requireFlat(node);
        if (node.intAttribute("transA", 0) != 0) {
            throw node.error("has transA = " + node.intAttribute("transA", 0) + "; the data must not be transposed");
        }
        long transB = node.intAttribute("transB", 0);
        if (transB != 0 && transB != 1) {
            throw node.error("has transB = " + transB + "; 0 or 1 expected");
        }
        float alpha = node.floatAttribute("alpha", 1f);
        float beta = node.floatAttribute("beta", 1f);
        ConstantTensor b = floatConstant(node, 1, "B");
        if (b.dims().length != 2) {
            throw node.error("has B of shape " + b.shapeText() + "; a matrix is expected");
        }
        int inDim = transB == 1 ? 1 : 0;
        requireInputWidth(node, b, b.dims()[inDim]);
        int units = requireUnits(node, b.dims()[1 - inDim]);
        float[] weights = transB == 1 ? copy(b, "Gemm weights") : transpose(b, units);
        scaleInPlace(weights, alpha);
        float[] bias = node.inputs().size() == 3 && !node.inputs().get(2).isEmpty()
                ? broadcastVector(node, floatConstant(node, 2, "C"), units, "C") : allocate(units, "a bias");
        scaleInPlace(bias, beta);
        addDense(node, units, weights, bias);
    }

    private boolean matMul(OnnxNode node, OnnxNode next) throws ModelFormatException {
        node.requireArity(2, 2);
        node.requireOnlyAttributes(NONE);
        requireDataFirst(node);
        requireFlat(node);
        ConstantTensor b = floatConstant(node, 1, "B");
        if (b.dims().length != 2) {
            throw node.error("multiplies by a constant of shape " + b.shapeText() + "; a matrix is expected");
        }
        requireInputWidth(node, b, b.dims()[0]);
        int units = requireUnits(node, b.dims()[1]);
        float[] weights = transpose(b, units);
        String product = node.outputs().get(0);
        if (next != null && next.opType().equals("Add")) {
            next.requireArity(2, 2);
            next.requireOnlyAttributes(NONE);
            int biasInput = next.inputs().get(0).equals(product) ? 1 : 0;
            float[] bias = broadcastVector(next, floatConstant(next, biasInput, "the bias"), units, "the bias");
            addDense(node, units, weights, bias);
            return true;
        }
        addDense(node, units, weights, allocate(units, "a bias"));
        return false;
    }

    private void addDense(OnnxNode node, int units, float[] weights, float[] bias) throws ModelFormatException {
        requireFinite(node, "weights", weights);
        requireFinite(node, "bias", bias);
        add(node, () -> new LayerSpec.Dense(units), Map.of("weight", weights, "bias", bias));
        width = units;
    }

    private void prelu(OnnxNode node) throws ModelFormatException {
        node.requireArity(2, 2);
        node.requireOnlyAttributes(NONE);
        requireDataFirst(node);
        requireFlat(node);
        ConstantTensor slope = floatConstant(node, 1, "slope");
        boolean perFeature = slope.size() != 1;
        if (perFeature && !slope.hasShape(width) && !slope.hasShape(1, width)) {
            throw node.error("has a slope of shape " + slope.shapeText() + "; one slope, [" + width + "] or [1, "
                    + width + "] is expected");
        }
        float[] values = copy(slope, "PRelu slopes");
        requireFinite(node, "slope", values);
        add(node, () -> new LayerSpec.PRelu(perFeature), Map.of("weight", values));
    }

    private void batchNorm(OnnxNode node) throws ModelFormatException {
        node.requireArity(5, 5);
        node.requireOnlyAttributes(Set.of("epsilon", "momentum", "training_mode", "spatial"));
        requireDataFirst(node);
        requireFlat(node);
        if (node.intAttribute("training_mode", 0) != 0 || node.intAttribute("spatial", 1) != 1) {
            throw node.error("is in training mode or not spatial; vecnet imports the inference form");
        }
        for (int k = 1; k < node.outputs().size(); k++) {
            if (!node.outputs().get(k).isEmpty()) {
                throw node.error("has the training output " + FileText.quote(node.outputs().get(k))
                        + "; vecnet imports the inference form (one output)");
            }
        }
        String[] names = {"weight", "bias", "running_mean", "running_var"};
        String[] onnxNames = {"scale", "B", "input_mean", "input_var"};
        float[][] values = new float[4][];
        for (int k = 0; k < 4; k++) {
            ConstantTensor tensor = floatConstant(node, k + 1, onnxNames[k]);
            if (!tensor.hasShape(width)) {
                throw node.error("has " + onnxNames[k] + " of shape " + tensor.shapeText() + "; [" + width
                        + "] expected");
            }
            values[k] = copy(tensor, "BatchNormalization " + onnxNames[k]);
            requireFinite(node, onnxNames[k], values[k]);
        }
        for (float variance : values[3]) {
            if (variance < 0f) {
                throw node.error("has the negative variance " + variance);
            }
        }
        float eps = node.floatAttribute("epsilon", LayerSpec.BatchNorm.DEFAULT_EPS);
        // ONNX's momentum weighs the old running statistic, PyTorch's and vecnet's the new batch's; it does
        // not affect inference, so a value outside [0, 1] falls back to the default. PyTorch wrote
        // float(1 - 0.1) = 0.9f: rounding 1 - 0.9f to 6 digits gives 0.1 back rather than 0.100000024.
        float onnxMomentum = node.floatAttribute("momentum", 1f - LayerSpec.BatchNorm.DEFAULT_MOMENTUM);
        float momentum = onnxMomentum >= 0f && onnxMomentum <= 1f
                ? new BigDecimal(1.0 - onnxMomentum).round(new MathContext(6)).floatValue()
                : LayerSpec.BatchNorm.DEFAULT_MOMENTUM;
        add(node, () -> new LayerSpec.BatchNorm(eps, momentum), Map.of(names[0], values[0], names[1], values[1],
                names[2], values[2], names[3], values[3]));
    }

    private void dropout(OnnxNode node) throws ModelFormatException {
        node.requireArity(1, 3);
        node.requireOnlyAttributes(Set.of("ratio", "seed"));
        requireDataFirst(node);
        if (node.inputs().size() == 3 && !node.inputs().get(2).isEmpty()) {
            throw node.error("has a training_mode input; vecnet imports inference graphs, where Dropout is the "
                    + "identity");
        }
    }

    private void flatten(OnnxNode node) throws ModelFormatException {
        simple(node, Set.of("axis"));
        long axis = node.intAttribute("axis", 1);
        int rank = featureAxes + 1;
        if (axis != 1 && axis != 1 - rank) {
            throw node.error("flattens from axis " + axis + " of a rank-" + rank + " value; vecnet supports axis 1 "
                    + "(every axis after the batch)");
        }
        featureAxes = 1;
    }

    private void reshape(OnnxNode node) throws ModelFormatException {
        node.requireArity(2, 2);
        node.requireOnlyAttributes(Set.of("allowzero"));
        requireDataFirst(node);
        ConstantTensor shape = chain.constant(node.inputs().get(1));
        if (shape == null || shape.longs() == null) {
            throw node.error("takes its shape from " + FileText.quote(node.inputs().get(1))
                    + ", which is not an INT64 constant");
        }
        long[] target = shape.longs();
        boolean allowZero = node.intAttribute("allowzero", 0) != 0;
        boolean keepsBatch = target.length == 2 && (target[0] == -1 || target[0] == 0 && !allowZero);
        boolean flat = target.length == 2 && (target[1] == width || target[1] == -1 && target[0] == 0);
        if (!keepsBatch || !flat) {
            throw node.error("reshapes to " + FileText.dims(target) + "; vecnet supports [-1, " + width + "], [0, "
                    + width + "] and [0, -1], which keep the batch axis and flatten the rest");
        }
        featureAxes = 1;
    }

    private void preprocessing(OnnxNode node) throws ModelFormatException {
        node.requireArity(2, 2);
        node.requireOnlyAttributes(NONE);
        requireDataFirst(node);
        requireFlat(node);
        boolean subtract = node.opType().equals("Sub");
        if (!layers.isEmpty() || scale != null || subtract && mean != null) {
            throw node.error("comes after the first layer or repeats the standardisation; vecnet supports Sub, then "
                    + "Mul or Div, by per-feature constants only in front of the first layer");
        }
        float[] values = broadcastVector(node, floatConstant(node, 1, "the constant"), width, "the constant");
        requireFinite(node, "constant", values);
        if (subtract) {
            mean = values;
            return;
        }
        if (node.opType().equals("Div")) {
            for (int j = 0; j < values.length; j++) {
                if (values[j] == 0f) {
                    throw node.error("divides feature " + j + " by 0");
                }
                values[j] = 1f / values[j];
            }
        }
        scale = values;
    }

    private void softmax(OnnxNode node) throws ModelFormatException {
        simple(node, Set.of("axis"));
        requireFlat(node);
        // Before opset 13 the default axis is 1, from 13 on -1: for [batch, features] both are the features.
        long axis = node.intAttribute("axis", 1);
        if (axis != 1 && axis != -1) {
            throw node.error("normalises over axis " + axis + "; vecnet supports the feature axis (1 or -1)");
        }
        output = node.opType().equals("Softmax") ? OutputKind.PROBABILITIES : OutputKind.LOG_PROBABILITIES;
    }

    /** A LayerSpec constructor, whose IllegalArgumentException becomes the node's error. */
    private interface SpecFactory {
        LayerSpec create();
    }

    private void add(OnnxNode node, SpecFactory factory, Map<String, float[]> tensors) throws ModelFormatException {
        try {
            layers.add(new ImportedLayer(factory.create(), tensors));
        } catch (IllegalArgumentException e) {
            throw node.error("has a setting vecnet cannot honour: " + e.getMessage());
        }
    }

    private void requireDataFirst(OnnxNode node) throws ModelFormatException {
        if (!node.inputs().get(0).equals(currentInput(node))) {
            throw node.error("reads the data as input " + node.inputs().indexOf(currentInput(node))
                    + "; vecnet supports it as the first input only");
        }
    }

    /** The path value this node reads: the one of its inputs that is not a constant. */
    private String currentInput(OnnxNode node) {
        for (String input : node.inputs()) {
            if (!input.isEmpty() && chain.constant(input) == null) {
                return input;
            }
        }
        return "";
    }

    private void requireFlat(OnnxNode node) throws ModelFormatException {
        if (featureAxes != 1) {
            throw node.error("reads a value with " + featureAxes + " feature axes; vecnet needs [batch, features] "
                    + "here (Flatten or Reshape it first)");
        }
    }

    private void requireInputWidth(OnnxNode node, ConstantTensor b, long inputs) throws ModelFormatException {
        if (inputs != width) {
            throw node.error("multiplies " + width + " features by B of shape " + b.shapeText()
                    + ", which does not chain");
        }
        if (b.size() == 0) {
            throw node.error("has B of shape " + b.shapeText() + ", with no outputs");
        }
    }

    /** Input {@code k} of the node as a float constant. */
    private ConstantTensor floatConstant(OnnxNode node, int k, String what) throws ModelFormatException {
        String name = node.inputs().get(k);
        ConstantTensor tensor = chain.constant(name);
        if (tensor == null || tensor.floats() == null) {
            throw node.error("takes " + what + " from " + FileText.quote(name) + ", which is not a float constant");
        }
        return tensor;
    }

    /**
     * A constant of one element, {@code [n]} or {@code [1, n]}, as {@code n} values (one is repeated). {@code n} is
     * a width of the network, at most {@link ModelFile#MAX_WIDTH}; the values are reserved before they are made.
     */
    private float[] broadcastVector(OnnxNode node, ConstantTensor tensor, int n, String what)
            throws ModelFormatException {
        if (tensor.size() == 1) {
            float[] values = allocate(n, node.opType() + " " + what + " repeated to " + n + " features");
            Arrays.fill(values, tensor.floats()[0]);
            return values;
        }
        if (!tensor.hasShape(n) && !tensor.hasShape(1, n)) {
            throw node.error("has " + what + " of shape " + tensor.shapeText() + "; one value, [" + n + "] or [1, "
                    + n + "] is expected");
        }
        return copy(tensor, node.opType() + " " + what);
    }

    /** A new array of {@code n} floats, reserved in the budget first. */
    private float[] allocate(int n, String what) throws ModelFormatException {
        budget.reserve(4L * n, what);
        return new float[n];
    }

    /** A copy of a float constant's values, reserved in the budget first. */
    private float[] copy(ConstantTensor tensor, String what) throws ModelFormatException {
        float[] copy = allocate(tensor.size(), what);
        System.arraycopy(tensor.floats(), 0, copy, 0, copy.length);
        return copy;
    }

    /** The weights {@code [units][width]} of a {@code B [width][units]}, reserved in the budget first. */
    private float[] transpose(ConstantTensor b, int units) throws ModelFormatException {
        budget.reserve(4L * b.size(), "the transposed weights " + FileText.quote(b.name()));
        return ConstantTensor.transpose(b.floats(), width, units);
    }

    /** A dense layer's output width, which a vecnet model holds up to {@link ModelFile#MAX_WIDTH}. */
    private static int requireUnits(OnnxNode node, long units) throws ModelFormatException {
        if (units > ModelFile.MAX_WIDTH) {
            throw node.error("has " + units + " outputs; a vecnet model holds layers of at most " + ModelFile.MAX_WIDTH);
        }
        return (int) units;
    }

    private static void scaleInPlace(float[] values, float factor) {
        if (factor != 1f) {
            for (int i = 0; i < values.length; i++) {
                values[i] *= factor;
            }
        }
    }

    private static void requireFinite(OnnxNode node, String what, float[] values) throws ModelFormatException {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw node.error("has the non-finite value " + values[i] + " at index " + i + " of its " + what);
            }
        }
    }
}
