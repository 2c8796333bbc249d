package dev.vecnet.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code --model} option of commands that use a trained model. Filled in by picocli; not thread-safe. */
final class ModelOption {

    @Option(names = "--model", paramLabel = "FILE", required = true,
            description = "Model file written by 'vecnet train' (model.safetensors).")
    Path file;

    /** The path given. */
    public Path file() {
        return file;
    }

    /**
     * Loads the model with its standardisation.
     *
     * @throws CommandFailedException naming the file when it is missing or invalid
     */
    public StoredModel load() {
        return StoredModel.load(file);
    }
}
