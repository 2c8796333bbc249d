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
 * mean, and one {@link PredictorSlot} per slot index of the {@link SlotPool}, all created at load time. Immutable after
 * {@link #warmUp}: a request reads the current instance once and is answered entirely by it, while a
 * reload builds the next instance beside it.
 */
final class ServingModel {
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

    /** The slot with index {@code index}, taken from the {@link SlotPool}. */
    PredictorSlot slot(int index) {
        return slots[index];
    }

    /**
     * Drives this model's inference path through the JIT before it takes traffic, within {@code budget}:
     * first the library's {@link InferenceContext#warmUp(Duration, long)} on a context of its own (at most
     * {@code maxPasses} passes), then the slots' own path, which that does not cover (the predictor's copy
     * and preprocessing, the probabilities, the class loop): rounds of {@value #ROUND} passes of slot 0,
     * single rows with a batch of {@code maxRows} every eighth pass, at least {@value #MIN_SLOT_PASSES}
     * passes and until {@value #CLEAN_ROUNDS} whole rounds in a row allocate nothing. The Vector API allocates a box per vector operation
     * until C2 has compiled the kernel that uses it, so an allocation-free round is the sign that the hot
     * path is compiled; how long that takes depends on the JDK and on how busy the CPUs are. Then one pass
     * of every other slot, which also pages its buffers in. Modifies only the slots' buffers.
     *
     * @return the passes run, the time taken, and whether it ended allocation-free
     */
    WarmUp warmUp(Duration budget, long maxPasses) {
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        PredictorSlot first = slots[0];
        long passes = network().newInferenceContext(first.maxRows()).warmUp(budget, maxPasses);
        for (int i = 0; i < first.input.length; i++) {
            // A fixed spread in [-1, 1), as the library's warm-up uses, so activations take both signs.
            first.input[i] = (float) (((i * 0x9E3779B9L) >>> 8 & 0xFFFFFF) / (double) (1 << 23) - 1.0);
        }
        ThreadAllocation allocation = ThreadAllocation.ofCurrentThread();
        int cleanRounds = 0;
        long slotPasses = 0;
        while (System.nanoTime() - deadline < 0 && !(cleanRounds >= CLEAN_ROUNDS && slotPasses >= MIN_SLOT_PASSES)) {
            long before = allocation.bytes();
            for (int p = 0; p < ROUND; p++) {
                first.predict((p & 7) == 3 ? first.maxRows() : 1);
            }
            slotPasses += ROUND;
            cleanRounds = allocation.bytes() == before ? cleanRounds + 1 : 0;
        }
        boolean allocationFree = cleanRounds >= CLEAN_ROUNDS;
        for (int i = 1; i < slots.length; i++) {
            System.arraycopy(first.input, 0, slots[i].input, 0, first.input.length);
            slots[i].predict(slots[i].maxRows());
        }
        return new WarmUp(passes + slotPasses + slots.length - 1, Duration.ofNanos(System.nanoTime() - start),
                allocationFree && allocation.counted());
    }

    /** Passes per round of the slot warm-up, between two readings of the allocation counter. */
    private static final int ROUND = 256;
    /** The fewest slot passes, so that the class loop and the copy are compiled too, not just allocation-free. */
    private static final int MIN_SLOT_PASSES = 2_048;
    /**
     * Allocation-free rounds in a row that end the warm-up. One is not enough where nothing allocates before
     * compilation (the scalar kernels): the JIT then still compiles, and a deoptimisation re-creates on the heap
     * the few objects compiled code had kept in registers (a few hundred bytes, once).
     */
    private static final int CLEAN_ROUNDS = 3;

    /**
     * What {@link #warmUp} did.
     *
     * @param passes         forward passes run
     * @param time           how long it took
     * @param allocationFree whether its last {@value #CLEAN_ROUNDS} rounds of predictions allocated nothing
     */
    record WarmUp(long passes, Duration time, boolean allocationFree) {
    }
}
