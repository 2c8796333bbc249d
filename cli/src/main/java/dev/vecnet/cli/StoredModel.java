package dev.vecnet.cli;

import dev.vecnet.data.Preprocessor;
import dev.vecnet.format.LoadedModel;
import dev.vecnet.format.ModelFile;
import dev.vecnet.format.SaveOptions;
import dev.vecnet.nn.Network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A network together with the input standardisation it was trained with, as the command line saves and
 * loads it: one safetensors model file ({@code dev.vecnet.format}) whose {@code preprocess.mean} and
 * {@code preprocess.std} tensors and {@code vecnet.preprocessing} metadata carry the standardiser, so
 * {@code evaluate} and {@code predict} take raw features, exactly as the data file holds them.
 *
 * @param network      the network (in evaluation mode after {@link #load})
 * @param preprocessor the input transform, or null when the model takes inputs as they are
 */
public record StoredModel(Network network, Preprocessor preprocessor) {

    /**
     * Saves atomically (a failure leaves an older file untouched).
     *
     * @throws CommandFailedException naming the file when it cannot be written
     */
    public void save(Path file) {
        SaveOptions options = preprocessor == null ? SaveOptions.defaults()
                : SaveOptions.defaults().withPreprocessing(preprocessor.kind(), preprocessor.state());
        try {
            ModelFile.save(file, network, options);
        } catch (IOException e) {
            throw OutputFiles.failedToWrite(file, e);
        }
    }

    /**
     * Loads a model file and switches the network to evaluation mode.
     *
     * @throws CommandFailedException naming the file when it is missing or not a valid model file
     */
    public static StoredModel load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CommandFailedException("model file not found: " + file.toAbsolutePath()
                    + " (give the model.safetensors that 'vecnet train' wrote, with --model)");
        }
        try {
            LoadedModel loaded = ModelFile.load(file);
            Preprocessor p = loaded.preprocessingKind() == null ? null
                    : Preprocessor.fromState(loaded.preprocessingKind(), loaded.preprocessing());
            return new StoredModel(loaded.network(), p);
        } catch (NoSuchFileException e) {
            throw new CommandFailedException("model file not found: " + file.toAbsolutePath(), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandFailedException("cannot load the model file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Applies the standardisation (if any) to {@code n} rows of {@code x} in place (modified). */
    public void preprocessInPlace(float[] x, int n) {
        if (preprocessor != null) {
            preprocessor.applyInPlace(x, 0, n, network.inputSize());
        }
    }
}
