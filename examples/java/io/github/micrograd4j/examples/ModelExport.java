package io.github.micrograd4j.examples;

import io.github.micrograd4j.nn.MLP;
import io.github.micrograd4j.io.Onnx;
import io.github.micrograd4j.io.Safetensors;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options that hand a trained model to the big engines, for any example that trains an {@link MLP}: add
 * {@code @Mixin ModelExport export;} to the command and call {@code export.write(model)} after training.
 * {@code --onnx FILE} writes an ONNX model ({@link Onnx}) for ONNX Runtime; {@code --safetensors FILE} writes the
 * weights ({@link Safetensors}) for PyTorch, and prints the {@code nn.Sequential} that loads them.
 */
final class ModelExport {

    @Option(names = "--onnx", paramLabel = "FILE",
            description = "Also write the trained model as ONNX, to serve with ONNX Runtime (Java, Python, C++, the "
                    + "browser) (default: not written).")
    Path onnx;

    @Option(names = "--safetensors", paramLabel = "FILE",
            description = "Also write the trained weights as safetensors, for PyTorch's load_state_dict (default: not "
                    + "written).")
    Path safetensors;

    /** Writes {@code model} to each file asked for, printing one line per file; does nothing when none was. */
    void write(MLP model) throws IOException {
        if (onnx != null) {
            Onnx.save(model, onnx);
            System.out.println("wrote the ONNX model to " + onnx.toAbsolutePath() + " (input " + Onnx.INPUT + " [N, "
                    + model.nin() + "], output " + Onnx.OUTPUT + " [N, " + model.layers().get(model.layers().size() - 1).nout()
                    + "], doubles)");
        }
        if (safetensors != null) {
            Safetensors.save(model, safetensors);
            System.out.println("wrote the weights to " + safetensors.toAbsolutePath() + " (PyTorch: "
                    + Safetensors.pytorchSequential(model) + ".load_state_dict(safetensors.torch.load_file(...)))");
        }
    }
}
