package dev.vecnet.onnx;

import dev.vecnet.format.ModelFormatException;
import dev.vecnet.onnx.proto.OnnxProtos.AttributeProto;
import dev.vecnet.onnx.proto.OnnxProtos.AttributeProto.AttributeType;
import dev.vecnet.onnx.proto.OnnxProtos.NodeProto;
import dev.vecnet.onnx.proto.OnnxProtos.TensorProto;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node of an imported graph with its position, and typed access to its attributes: every accessor checks
 * the attribute's type, and every error is a {@link ModelFormatException} that names the node and its
 * {@code op_type}. Immutable.
 */
final class OnnxNode {
    private final int index;
    private final NodeProto proto;
    private final Map<String, AttributeProto> attributes;

    private OnnxNode(int index, NodeProto proto, Map<String, AttributeProto> attributes) {
        this.index = index;
        this.proto = proto;
        this.attributes = attributes;
    }

    /**
     * Wraps node {@code index} of a graph; refuses duplicate attribute names and nodes of foreign domains.
     */
    static OnnxNode of(int index, NodeProto proto) throws ModelFormatException {
        Map<String, AttributeProto> attributes = new HashMap<>();
        OnnxNode node = new OnnxNode(index, proto, attributes);
        String domain = proto.getDomain();
        if (!domain.isEmpty() && !domain.equals("ai.onnx")) {
            throw node.error("belongs to the operator domain " + FileText.quote(domain)
                    + "; only the default ONNX domain is supported");
        }
        if (proto.getOpType().isEmpty()) {
            throw node.error("has no op_type");
        }
        for (AttributeProto attribute : proto.getAttributeList()) {
            if (!attribute.getRefAttrName().isEmpty()) {
                throw node.error("refers to a function attribute (" + FileText.quote(attribute.getRefAttrName()) + ")");
            }
            if (attributes.put(attribute.getName(), attribute) != null) {
                throw node.error("has the attribute " + FileText.quote(attribute.getName()) + " twice");
            }
        }
        return node;
    }

    /** The operator, e.g. {@code Gemm}. */
    String opType() {
        return proto.getOpType();
    }

    /** The node's input value names (an empty name is an omitted optional input). */
    List<String> inputs() {
        return proto.getInputList();
    }

    /** The node's output value names (an empty name is an omitted optional output). */
    List<String> outputs() {
        return proto.getOutputList();
    }

    /** A new exception: this node, its op_type, and {@code why}; the node's name and op_type escaped and cut. */
    ModelFormatException error(String why) {
        String name = proto.getName().isEmpty() ? "" : " " + FileText.quote(proto.getName());
        return new ModelFormatException("ONNX node " + index + name + " (op_type " + FileText.escape(proto.getOpType())
                + ") " + why);
    }

    /** Refuses any attribute whose name is not in {@code known}: vecnet cannot honour what it does not know. */
    void requireOnlyAttributes(Set<String> known) throws ModelFormatException {
        for (String name : attributes.keySet()) {
            if (!known.contains(name)) {
                throw error("has the attribute " + FileText.quote(name) + ", which vecnet does not support for this "
                        + "operator");
            }
        }
    }

    /** Refuses unless the node has between {@code min} and {@code max} inputs and exactly one used output. */
    void requireArity(int min, int max) throws ModelFormatException {
        int count = inputs().size();
        if (count < min || count > max) {
            throw error("has " + count + " inputs; " + (min == max ? "" + min : min + " to " + max) + " expected");
        }
        if (outputs().isEmpty() || outputs().get(0).isEmpty()) {
            throw error("has no output");
        }
    }

    /** The float attribute {@code name}, or {@code fallback} when absent. */
    float floatAttribute(String name, float fallback) throws ModelFormatException {
        AttributeProto attribute = attributes.get(name);
        if (attribute == null) {
            return fallback;
        }
        requireType(attribute, AttributeType.FLOAT, attribute.hasF());
        return attribute.getF();
    }

    /** The integer attribute {@code name}, or {@code fallback} when absent. */
    long intAttribute(String name, long fallback) throws ModelFormatException {
        AttributeProto attribute = attributes.get(name);
        if (attribute == null) {
            return fallback;
        }
        requireType(attribute, AttributeType.INT, attribute.hasI());
        return attribute.getI();
    }

    /** The integer-list attribute {@code name} (the parsed message's list, unmodifiable), or null when absent. */
    List<Long> intsAttribute(String name) throws ModelFormatException {
        AttributeProto attribute = attributes.get(name);
        if (attribute == null) {
            return null;
        }
        requireType(attribute, AttributeType.INTS, true);
        return attribute.getIntsList();
    }

    /** The tensor attribute {@code name}, or null when absent. */
    TensorProto tensorAttribute(String name) throws ModelFormatException {
        AttributeProto attribute = attributes.get(name);
        if (attribute == null) {
            return null;
        }
        requireType(attribute, AttributeType.TENSOR, attribute.hasT());
        return attribute.getT();
    }

    /** Whether the attribute {@code name} is present. */
    boolean hasAttribute(String name) {
        return attributes.containsKey(name);
    }

    /** Refuses an attribute whose declared type differs from {@code expected} or whose value is missing. */
    private void requireType(AttributeProto attribute, AttributeType expected, boolean hasValue)
            throws ModelFormatException {
        // IR version 1 files may omit the type; then the value field alone decides.
        boolean typeOk = attribute.hasType() ? attribute.getType() == expected : hasValue;
        if (!typeOk || !hasValue && expected != AttributeType.INTS) {
            throw error("has the attribute " + FileText.quote(attribute.getName()) + " of type "
                    + (attribute.hasType() ? attribute.getType() : "UNDEFINED") + "; " + expected + " expected");
        }
    }
}
