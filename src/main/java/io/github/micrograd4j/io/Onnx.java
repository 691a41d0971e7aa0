package io.github.micrograd4j.io;

import io.github.micrograd4j.nn.Activation;
import io.github.micrograd4j.nn.Layer;
import io.github.micrograd4j.nn.MLP;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Writes an {@link MLP} as a standard ONNX model, so that ONNX Runtime (from Java, Python, C++, the browser, on
 * CPUs and GPUs) and every other ONNX reader can run what was trained here. The core stays free of
 * dependencies: the protocol-buffer encoding is written by a small package-private class, for only the fields
 * below.
 *
 * <p>The model imports opset {@value #OPSET_VERSION} of the default domain and has IR version
 * {@value #IR_VERSION}, those of ONNX 1.12:
 * <ul>
 * <li>one input {@value #INPUT}, {@code DOUBLE} of shape {@code [N, nin]}, where {@value #BATCH} is a symbolic
 *     dimension, so one call runs any batch size;</li>
 * <li>one output {@value #OUTPUT}, {@code DOUBLE} of shape {@code [N, nout]} (the last layer's size);</li>
 * <li>layer {@code i} (from 0) is the node {@code Gemm} named {@code /k/Gemm}, where {@code k = 2i} (its index
 *     in the PyTorch {@code nn.Sequential} that {@link Safetensors} describes), computing
 *     {@code x W^T + b} ({@code transB = 1}), with the initializers {@code k.weight}, {@code DOUBLE}
 *     {@code [nout, nin]} (row {@code j} is neuron {@code j}'s weights), and {@code k.bias}, {@code DOUBLE}
 *     {@code [nout]}; then its activation as the node {@code /(k+1)/Relu}, {@code /(k+1)/Tanh} or
 *     {@code /(k+1)/Sigmoid}, and no node for {@link Activation#LINEAR};</li>
 * <li>each node's output is named after the node ({@code /0/Gemm_output_0}, as PyTorch's exporter names
 *     them), except the last one's, which is {@value #OUTPUT};</li>
 * <li>the model's {@code doc_string} is the model's {@link MLP#toString()}; {@code producer_name} is
 *     {@value #PRODUCER}; the graph is named {@value #GRAPH_NAME}.</li>
 * </ul>
 * The parameters are written as they are now, bit for bit (doubles, little-endian {@code raw_data}), so the
 * runtime computes what {@link MLP#apply(double...)} computes, up to the order of each sum's terms.
 *
 * <pre>{@code
 * MLP model = new MLP(new Random(1337), 2, 16, 16, 1);
 * byte[] onnx = Onnx.toBytes(model);   // or Onnx.save(model, Path.of("moons.onnx"))
 * }</pre>
 *
 * Running it with ONNX Runtime for Java ({@code com.microsoft.onnxruntime:onnxruntime}): see the README's
 * section "Serving it elsewhere".
 */
public final class Onnx {

    /** The version of the default ONNX operator set that the models import: {@value}. */
    private static final int OPSET_VERSION = 17;
    /** The ONNX IR version of the models, the one that goes with opset {@value #OPSET_VERSION}: {@value}. */
    private static final int IR_VERSION = 8;
    /** The name of the graph's input, a {@code [N, nin]} tensor of doubles: {@value}. */
    public static final String INPUT = "x";
    /** The name of the graph's output, a {@code [N, nout]} tensor of doubles: {@value}. */
    public static final String OUTPUT = "y";
    /** The name of the symbolic batch dimension of the input and the output: {@value}. */
    private static final String BATCH = "N";
    /** The model's {@code producer_name}: {@value}. */
    private static final String PRODUCER = "micrograd4j";
    /** The graph's name: {@value}. */
    private static final String GRAPH_NAME = "micrograd4j_mlp";

    // onnx.proto's field numbers (ONNX 1.12) and enum values, for the fields written here
    private static final int MODEL_IR_VERSION = 1;             // ModelProto.ir_version, int64
    private static final int MODEL_PRODUCER_NAME = 2;          // ModelProto.producer_name, string
    private static final int MODEL_DOC_STRING = 6;             // ModelProto.doc_string, string
    private static final int MODEL_GRAPH = 7;                  // ModelProto.graph, GraphProto
    private static final int MODEL_OPSET_IMPORT = 8;           // ModelProto.opset_import, OperatorSetIdProto
    private static final int OPSET_DOMAIN = 1;                 // OperatorSetIdProto.domain, string
    private static final int OPSET_VERSION_FIELD = 2;          // OperatorSetIdProto.version, int64
    private static final int GRAPH_NODE = 1;                   // GraphProto.node, NodeProto
    private static final int GRAPH_NAME_FIELD = 2;             // GraphProto.name, string
    private static final int GRAPH_INITIALIZER = 5;            // GraphProto.initializer, TensorProto
    private static final int GRAPH_INPUT = 11;                 // GraphProto.input, ValueInfoProto
    private static final int GRAPH_OUTPUT = 12;                // GraphProto.output, ValueInfoProto
    private static final int NODE_INPUT = 1;                   // NodeProto.input, string
    private static final int NODE_OUTPUT = 2;                  // NodeProto.output, string
    private static final int NODE_NAME = 3;                    // NodeProto.name, string
    private static final int NODE_OP_TYPE = 4;                 // NodeProto.op_type, string
    private static final int NODE_ATTRIBUTE = 5;               // NodeProto.attribute, AttributeProto
    private static final int ATTRIBUTE_NAME = 1;               // AttributeProto.name, string
    private static final int ATTRIBUTE_I = 3;                  // AttributeProto.i, int64
    private static final int ATTRIBUTE_TYPE = 20;              // AttributeProto.type, AttributeType
    private static final int ATTRIBUTE_TYPE_INT = 2;           // AttributeProto.AttributeType.INT
    private static final int TENSOR_DIMS = 1;                  // TensorProto.dims, int64
    private static final int TENSOR_DATA_TYPE = 2;             // TensorProto.data_type, int32
    private static final int TENSOR_NAME = 8;                  // TensorProto.name, string
    private static final int TENSOR_RAW_DATA = 9;              // TensorProto.raw_data, bytes (little-endian)
    private static final int DATA_TYPE_DOUBLE = 11;            // TensorProto.DataType.DOUBLE
    private static final int VALUE_INFO_NAME = 1;              // ValueInfoProto.name, string
    private static final int VALUE_INFO_TYPE = 2;              // ValueInfoProto.type, TypeProto
    private static final int TYPE_TENSOR_TYPE = 1;             // TypeProto.tensor_type, TypeProto.Tensor
    private static final int TENSOR_TYPE_ELEM_TYPE = 1;        // TypeProto.Tensor.elem_type, int32
    private static final int TENSOR_TYPE_SHAPE = 2;            // TypeProto.Tensor.shape, TensorShapeProto
    private static final int SHAPE_DIM = 1;                    // TensorShapeProto.dim, Dimension
    private static final int DIM_VALUE = 1;                    // TensorShapeProto.Dimension.dim_value, int64
    private static final int DIM_PARAM = 2;                    // TensorShapeProto.Dimension.dim_param, string

    private Onnx() {
    }

    /**
     * Returns {@code model} as the bytes of an ONNX model file, laid out as the class description says.
     *
     * @param model the model, with its parameters as they are now
     * @return the encoded {@code ModelProto}
     * @throws IllegalArgumentException if a layer's activation has no ONNX operator (the message names it and
     *                                  the layer); every {@link Activation} of this version has one
     * @throws NullPointerException     if {@code model} is null
     */
    public static byte[] toBytes(MLP model) {
        Objects.requireNonNull(model, "model == null");
        List<Layer> layers = model.layers();
        String[] operators = new String[layers.size()];
        for (int i = 0; i < operators.length; i++) {
            operators[i] = operator(layers.get(i).activation(), i);
        }
        Protobuf graph = new Protobuf().string(GRAPH_NAME_FIELD, GRAPH_NAME);
        String previous = INPUT;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            int k = 2 * i;
            boolean last = i == layers.size() - 1;
            String gemm = "/" + k + "/Gemm";
            String gemmOutput = last && operators[i] == null ? OUTPUT : gemm + "_output_0";
            graph.message(GRAPH_NODE, node(gemm, "Gemm", gemmOutput, previous, k + ".weight", k + ".bias")
                    .message(NODE_ATTRIBUTE, new Protobuf().string(ATTRIBUTE_NAME, "transB")
                            .varint(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INT).varint(ATTRIBUTE_I, 1)));
            previous = gemmOutput;
            if (operators[i] != null) {
                String act = "/" + (k + 1) + "/" + operators[i];
                String actOutput = last ? OUTPUT : act + "_output_0";
                graph.message(GRAPH_NODE, node(act, operators[i], actOutput, previous));
                previous = actOutput;
            }
            graph.message(GRAPH_INITIALIZER, tensor(k + ".weight", Layers.weights(layer), layer.nout(), layer.nin()));
            graph.message(GRAPH_INITIALIZER, tensor(k + ".bias", Layers.biases(layer), layer.nout()));
        }
        graph.message(GRAPH_INPUT, valueInfo(INPUT, model.nin()));
        graph.message(GRAPH_OUTPUT, valueInfo(OUTPUT, layers.get(layers.size() - 1).nout()));
        return new Protobuf()
                .varint(MODEL_IR_VERSION, IR_VERSION)
                .string(MODEL_PRODUCER_NAME, PRODUCER)
                .string(MODEL_DOC_STRING, model.toString())
                .message(MODEL_GRAPH, graph)
                .message(MODEL_OPSET_IMPORT, new Protobuf().string(OPSET_DOMAIN, "").varint(OPSET_VERSION_FIELD, OPSET_VERSION))
                .toByteArray();
    }

    /**
     * Writes {@code model} as an ONNX model file ({@link #toBytes(MLP)}), replacing {@code file} atomically as
     * {@link ModelFile#save(MLP, Path)} does: a crash never leaves a half-written file behind.
     *
     * @param model the model, with its parameters as they are now
     * @param file  where to write, conventionally {@code *.onnx}
     * @throws IOException              if the file cannot be written
     * @throws IllegalArgumentException if a layer's activation has no ONNX operator (nothing is written)
     * @throws NullPointerException     if an argument is null
     */
    public static void save(MLP model, Path file) throws IOException {
        Objects.requireNonNull(file, "file == null");
        byte[] bytes = toBytes(model);
        ModelFile.writeAtomically(file, out -> out.write(bytes));
    }

    /** Returns the ONNX operator of {@code activation}, or null for the identity (no node). */
    private static String operator(Activation activation, int layer) {
        switch (activation) {
            case RELU:
                return "Relu";
            case TANH:
                return "Tanh";
            case SIGMOID:
                return "Sigmoid";
            case LINEAR:
                return null;
            default:
                throw new IllegalArgumentException("activation " + activation + " of layer " + layer
                        + " has no ONNX operator: the model cannot be exported");
        }
    }

    private static Protobuf node(String name, String opType, String output, String... inputs) {
        Protobuf node = new Protobuf();
        for (String input : inputs) {
            node.string(NODE_INPUT, input);
        }
        return node.string(NODE_OUTPUT, output).string(NODE_NAME, name).string(NODE_OP_TYPE, opType);
    }

    private static Protobuf tensor(String name, double[] values, long... dims) {
        Protobuf tensor = new Protobuf();
        for (long d : dims) {
            tensor.varint(TENSOR_DIMS, d);
        }
        ByteBuffer raw = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            raw.putDouble(v);
        }
        return tensor.varint(TENSOR_DATA_TYPE, DATA_TYPE_DOUBLE).string(TENSOR_NAME, name)
                .bytes(TENSOR_RAW_DATA, raw.array());
    }

    /** A {@code DOUBLE} tensor of shape {@code [N, width]}. */
    private static Protobuf valueInfo(String name, int width) {
        Protobuf shape = new Protobuf()
                .message(SHAPE_DIM, new Protobuf().string(DIM_PARAM, BATCH))
                .message(SHAPE_DIM, new Protobuf().varint(DIM_VALUE, width));
        Protobuf tensorType = new Protobuf().varint(TENSOR_TYPE_ELEM_TYPE, DATA_TYPE_DOUBLE)
                .message(TENSOR_TYPE_SHAPE, shape);
        return new Protobuf().string(VALUE_INFO_NAME, name)
                .message(VALUE_INFO_TYPE, new Protobuf().message(TYPE_TENSOR_TYPE, tensorType));
    }
}
