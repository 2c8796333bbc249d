package dev.vecnet.onnx;

import dev.vecnet.format.ModelFile;
import dev.vecnet.format.ModelFormatException;
import dev.vecnet.onnx.proto.OnnxProtos.GraphProto;
import dev.vecnet.onnx.proto.OnnxProtos.NodeProto;
import dev.vecnet.onnx.proto.OnnxProtos.TensorProto;
import dev.vecnet.onnx.proto.OnnxProtos.TensorShapeProto;
import dev.vecnet.onnx.proto.OnnxProtos.TypeProto;
import dev.vecnet.onnx.proto.OnnxProtos.ValueInfoProto;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An imported graph reduced to what vecnet can run: its one data input (the batch axis first, then fixed
 * feature dims), its constants (initializers, {@code Constant} nodes, and {@code Transpose} or
 * {@code Identity} of a constant, evaluated now), and the remaining nodes as one path from the input to the
 * one output, each node reading the previous node's output.
 *
 * <p>{@link #of} refuses anything else with a {@link ModelFormatException}: too many nodes or initializers,
 * duplicate value names, a second data input, several outputs, a node that reads a value off the path
 * (branches, skip connections) or whose extra outputs are used. Immutable after construction.
 */
final class GraphChain {
    private static final Set<String> CONSTANT_VALUE_ATTRIBUTES = Set.of("value", "value_float", "value_floats",
            "value_int", "value_ints");

    private final String inputName;
    private final long[] inputDims;
    private final String outputName;
    private final Map<String, ConstantTensor> constants;
    private final List<OnnxNode> path;

    private GraphChain(String inputName, long[] inputDims, String outputName, Map<String, ConstantTensor> constants,
                       List<OnnxNode> path) {
        this.inputName = inputName;
        this.inputDims = inputDims;
        this.outputName = outputName;
        this.constants = constants;
        this.path = path;
    }

    /** The data input's feature dims: its shape without the batch axis, each {@code >= 1}. */
    long[] inputDims() {
        return inputDims.clone();
    }

    /** The nodes from the input to the output, in order. */
    List<OnnxNode> path() {
        return path;
    }

    /** The constant named {@code name}, or null when the value is not a constant. */
    ConstantTensor constant(String name) {
        return constants.get(name);
    }

    /** The data input's name. */
    String inputName() {
        return inputName;
    }

    /** The graph output's name. */
    String outputName() {
        return outputName;
    }

    /**
     * Checks {@code graph} and reduces it to a path.
     *
     * @throws ModelFormatException naming the first defect
     */
    static GraphChain of(GraphProto graph, HeapBudget budget) throws ModelFormatException {
        // WireScan counted these over the whole file already; a graph field repeated in the file is merged.
        if (graph.getNodeCount() > OnnxImporter.MAX_NODES) {
            throw new ModelFormatException("ONNX graph has " + graph.getNodeCount() + " nodes; at most "
                    + OnnxImporter.MAX_NODES + " are supported");
        }
        if (graph.getInitializerCount() > OnnxImporter.MAX_INITIALIZERS) {
            throw new ModelFormatException("ONNX graph has " + graph.getInitializerCount() + " initializers; at most "
                    + OnnxImporter.MAX_INITIALIZERS + " are supported");
        }
        Map<String, ConstantTensor> constants = new HashMap<>();
        Set<String> defined = new HashSet<>();
        for (TensorProto initializer : graph.getInitializerList()) {
            String name = initializer.getName();
            if (name.isEmpty() || !defined.add(name)) {
                throw new ModelFormatException("ONNX graph has " + (name.isEmpty() ? "an initializer without a name"
                        : "two initializers named " + FileText.quote(name)));
            }
            constants.put(name, ConstantTensor.decode(initializer, "initializer " + FileText.quote(name), budget));
        }
        ValueInfoProto input = dataInput(graph, constants.keySet());
        long[] inputDims = featureDims(input);
        if (!defined.add(input.getName())) {
            throw new ModelFormatException("ONNX graph input " + FileText.quote(input.getName()) + " is defined twice");
        }
        if (graph.getOutputCount() != 1) {
            throw new ModelFormatException("ONNX graph has " + graph.getOutputCount()
                    + " outputs; vecnet imports graphs with exactly one");
        }
        String outputName = graph.getOutput(0).getName();

        List<OnnxNode> path = new ArrayList<>();
        for (int i = 0; i < graph.getNodeCount(); i++) {
            NodeProto proto = graph.getNode(i);
            OnnxNode node = OnnxNode.of(i, proto);
            for (String output : node.outputs()) {
                if (!output.isEmpty() && !defined.add(output)) {
                    throw node.error("writes the value " + FileText.quote(output) + ", which is already defined");
                }
            }
            ConstantTensor folded = fold(node, constants, budget);
            if (folded != null) {
                constants.put(node.outputs().get(0), folded);
            } else {
                path.add(node);
            }
        }
        checkPath(path, input.getName(), outputName, constants);
        return new GraphChain(input.getName(), inputDims, outputName, constants, path);
    }

    /** The one graph input that is not an initializer (files of IR version 3 list initializers as inputs too). */
    private static ValueInfoProto dataInput(GraphProto graph, Set<String> initializers) throws ModelFormatException {
        ValueInfoProto found = null;
        for (ValueInfoProto input : graph.getInputList()) {
            if (initializers.contains(input.getName())) {
                continue;
            }
            if (found != null) {
                throw new ModelFormatException("ONNX graph has the data inputs " + FileText.quote(found.getName())
                        + " and " + FileText.quote(input.getName()) + "; vecnet imports graphs with exactly one");
            }
            found = input;
        }
        if (found == null) {
            throw new ModelFormatException("ONNX graph has no data input (every input is an initializer)");
        }
        return found;
    }

    /** The input's dims after the batch axis; the batch axis may be symbolic, fixed or unknown. */
    private static long[] featureDims(ValueInfoProto input) throws ModelFormatException {
        String what = "ONNX graph input " + FileText.quote(input.getName());
        TypeProto type = input.getType();
        if (!type.hasTensorType()) {
            throw new ModelFormatException(what + " is not a tensor");
        }
        int elementType = type.getTensorType().getElemType();
        if (elementType != TensorProto.DataType.FLOAT_VALUE) {
            TensorProto.DataType known = TensorProto.DataType.forNumber(elementType);
            throw new ModelFormatException(what + " has the element type " + (known == null ? elementType : known)
                    + "; vecnet networks take FLOAT inputs");
        }
        if (!type.getTensorType().hasShape()) {
            throw new ModelFormatException(what + " has no shape; vecnet needs its feature dims");
        }
        List<TensorShapeProto.Dimension> dims = type.getTensorType().getShape().getDimList();
        if (dims.size() < 2) {
            throw new ModelFormatException(what + " has rank " + dims.size()
                    + "; a batch axis and at least one feature axis are expected");
        }
        long[] features = new long[dims.size() - 1];
        long count = 1;
        for (int i = 1; i < dims.size(); i++) {
            TensorShapeProto.Dimension dim = dims.get(i);
            if (!dim.hasDimValue() || dim.getDimValue() < 1) {
                throw new ModelFormatException(what + " has the dimension " + i + " " + (dim.hasDimParam()
                        ? FileText.quote(dim.getDimParam()) + " (symbolic)" : dim.hasDimValue() ? dim.getDimValue()
                        : "(unknown)")
                        + "; only the batch axis (0) may be dynamic");
            }
            features[i - 1] = dim.getDimValue();
            // Both factors are at most MAX_WIDTH (2^24) here, so the product cannot overflow.
            count = count * Math.min(dim.getDimValue(), ModelFile.MAX_WIDTH + 1L);
            if (count > ModelFile.MAX_WIDTH) {
                throw new ModelFormatException(what + " has more than " + ModelFile.MAX_WIDTH
                        + " features per example, the most a vecnet model holds");
            }
        }
        return features;
    }

    /** The value of a node that only computes a constant, or null for a node of the path. */
    private static ConstantTensor fold(OnnxNode node, Map<String, ConstantTensor> constants, HeapBudget budget)
            throws ModelFormatException {
        switch (node.opType()) {
            case "Constant":
                node.requireArity(0, 0);
                node.requireOnlyAttributes(CONSTANT_VALUE_ATTRIBUTES);
                return constantValue(node, budget);
            case "Identity":
            case "Transpose":
                if (node.inputs().size() != 1 || !constants.containsKey(node.inputs().get(0))) {
                    return null;
                }
                node.requireArity(1, 1);
                ConstantTensor source = constants.get(node.inputs().get(0));
                return node.opType().equals("Identity") ? source : transpose(node, source, budget);
            default:
                return null;
        }
    }

    private static ConstantTensor constantValue(OnnxNode node, HeapBudget budget) throws ModelFormatException {
        String name = node.outputs().get(0);
        TensorProto tensor = node.tensorAttribute("value");
        if (tensor != null) {
            return ConstantTensor.decode(tensor, "Constant node's value " + FileText.quote(name), budget);
        }
        if (node.hasAttribute("value_float")) {
            return new ConstantTensor(name, new long[0], new float[] {node.floatAttribute("value_float", 0f)}, null);
        }
        if (node.hasAttribute("value_int")) {
            return new ConstantTensor(name, new long[0], null, new long[] {node.intAttribute("value_int", 0)});
        }
        List<Long> ints = node.intsAttribute("value_ints");
        if (ints != null) {
            budget.reserve(8L * ints.size(), "Constant node's value_ints " + FileText.quote(name));
            return new ConstantTensor(name, new long[] {ints.size()}, null,
                    ints.stream().mapToLong(Long::longValue).toArray());
        }
        throw node.error("has no value vecnet can read (value, value_float, value_int or value_ints)");
    }

    /** A 2-D constant transposed (perm absent or [1, 0]); other ranks and permutations are refused. */
    private static ConstantTensor transpose(OnnxNode node, ConstantTensor source, HeapBudget budget)
            throws ModelFormatException {
        node.requireOnlyAttributes(Set.of("perm"));
        List<Long> perm = node.intsAttribute("perm");
        if (source.dims().length != 2 || source.floats() == null || perm != null && !perm.equals(List.of(1L, 0L))) {
            throw node.error("transposes " + source.shapeText() + " with perm "
                    + (perm == null ? "(none)" : FileText.dims(perm))
                    + "; vecnet folds only the transpose of a 2-D float matrix");
        }
        budget.reserve(4L * source.size(), "the transpose of " + FileText.quote(source.name()));
        int rows = (int) source.dims()[0];
        int cols = (int) source.dims()[1];
        return new ConstantTensor(node.outputs().get(0), new long[] {cols, rows},
                ConstantTensor.transpose(source.floats(), rows, cols), null);
    }

    /**
     * Checks that the nodes form one path: each reads the value the previous one wrote (or the graph input)
     * plus constants, nothing else reads a value of the path, and the last writes the graph output.
     */
    private static void checkPath(List<OnnxNode> path, String input, String output,
                                  Map<String, ConstantTensor> constants) throws ModelFormatException {
        String current = input;
        for (OnnxNode node : path) {
            boolean readsCurrent = false;
            for (String value : node.inputs()) {
                if (value.equals(current) && !readsCurrent) {
                    readsCurrent = true;
                } else if (!value.isEmpty() && !constants.containsKey(value)) {
                    throw node.error("reads " + FileText.quote(value) + ", which is neither the output of the previous "
                            + "node (" + FileText.quote(current) + ") nor a constant; vecnet imports sequential graphs "
                            + "only");
                }
            }
            if (!readsCurrent) {
                throw node.error("does not read " + FileText.quote(current) + ", the output of the previous node; "
                        + "vecnet imports sequential graphs only");
            }
            if (node.outputs().isEmpty() || node.outputs().get(0).isEmpty()) {
                throw node.error("has no output");
            }
            current = node.outputs().get(0);
        }
        if (!current.equals(output)) {
            throw new ModelFormatException("ONNX graph output " + FileText.quote(output) + " is not the end of the "
                    + "path from the input " + FileText.quote(input) + " (which ends at " + FileText.quote(current)
                    + ")");
        }
        // Extra outputs (Dropout's mask) are allowed only when nothing reads them: checked by the loop above,
        // since any reader would read a value that is neither current nor a constant.
    }
}
