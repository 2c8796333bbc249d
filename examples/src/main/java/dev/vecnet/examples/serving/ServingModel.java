package dev.vecnet.examples.serving;

import dev.vecnet.format.LoadedModel;
import dev.vecnet.format.ModelFile;
import dev.vecnet.nn.InferenceContext;
import dev.vecnet.nn.Network;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One loaded model as the service serves it: the file's network (shared, read-only), what its outputs
 * mean, and one {@link PredictorSlot} per worker thread, all created at load time. Immutable after
 * {@link #warmUp}: a request reads the current instance once and is answered entirely by it, while a
 * reload builds the next instance beside it.
 */
final class ServingModel {
    /** Single-row passes of the slots' own path after the library's warm-up (see {@link #warmUp}). */
    private static final int SLOT_WARM_UP_PASSES = 2_000;

    final long generation;
    final Path file;
    final ModelOutput output;
    private final LoadedModel model;
    private final PredictorSlot[] slots;

    private ServingModel(long generation, Path file, LoadedModel model, int slotCount, int maxRows) {
        this.generation = generation;
        this.file = file;
        this.model = model;
        this.output = ModelOutput.of(model.network());
        this.slots = new PredictorSlot[slotCount];
        for (int i = 0; i < slotCount; i++) {
            slots[i] = new PredictorSlot(model, output, maxRows);
        }
    }

    /**
     * Reads and validates {@code file} ({@link ModelFile#load}) and sizes {@code slotCount} predictor slots
     * of {@code maxRows} rows each; allocates them all now.
     */
    static ServingModel load(Path file, long generation, int slotCount, int maxRows) throws IOException {
        return new ServingModel(generation, file, ModelFile.load(file), slotCount, maxRows);
    }

    Network network() {
        return model.network();
    }

    int inputSize() {
        return model.network().inputSize();
    }

    int outputSize() {
        return model.network().outputSize();
    }

    /** The slot of worker {@code index}. */
    PredictorSlot slot(int index) {
        return slots[index];
    }

    /**
     * Drives this model's inference path through the JIT before it takes traffic: the library's
     * {@link InferenceContext#warmUp(Duration, long)} on a context of its own, then, for what that does not
     * cover (the predictor's copy and preprocessing, the probabilities, the class loop), single-row passes of
     * slot 0 with a batch of {@code maxRows} every eighth pass, and one pass of every other slot (which
     * also pages its buffers in). Modifies only the slots' buffers; a bounded number of passes, each part
     * stopping at {@code budget}.
     *
     * @return the number of forward passes run
     */
    long warmUp(Duration budget, long maxPasses) {
        PredictorSlot first = slots[0];
        long passes = network().newInferenceContext(first.maxRows()).warmUp(budget, maxPasses);
        for (int i = 0; i < first.input.length; i++) {
            // A fixed spread in [-1, 1), as the library's warm-up uses, so activations take both signs.
            first.input[i] = (float) (((i * 0x9E3779B9L) >>> 8 & 0xFFFFFF) / (double) (1 << 23) - 1.0);
        }
        long deadline = System.nanoTime() + budget.toNanos();
        for (int p = 0; p < SLOT_WARM_UP_PASSES && System.nanoTime() - deadline < 0; p++) {
            first.predict((p & 7) == 3 ? first.maxRows() : 1);
            passes++;
        }
        for (int i = 1; i < slots.length; i++) {
            System.arraycopy(first.input, 0, slots[i].input, 0, first.input.length);
            slots[i].predict(slots[i].maxRows());
            passes++;
        }
        return passes;
    }
}
