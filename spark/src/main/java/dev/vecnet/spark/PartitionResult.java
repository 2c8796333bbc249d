package dev.vecnet.spark;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Map;

/**
 * What one task sends back to the driver.
 *
 * @param examples       examples the task trained on
 * @param lossSum        sum over its steps of {@code loss * batch}
 * @param values         exact mode: the mean gradient of the task's batch, with the BatchNorm running
 *                       statistics after its forward in the slots of the non-trainable tensors; local SGD: the
 *                       parameters after the task's steps
 * @param batchesTracked the network's BatchNorm batch counts after the task
 * @param optimizerState local SGD: the optimizer's state after the task's steps (else empty)
 * @param optimizerSteps local SGD: the optimizer's step count after the task's steps (else 0)
 */
@DefaultSerializer(JavaSerializer.class)
record PartitionResult(long examples, double lossSum, float[] values, long[] batchesTracked,
                       Map<String, float[]> optimizerState, long optimizerSteps) implements Serializable {

    /** Serialised as {@link Wire}: the arrays in bulk. */
    private Object writeReplace() {
        return new Wire(this);
    }

    /** The serial form of a {@link PartitionResult} ({@link WireArrays}). */
    private static final class Wire implements Serializable {
        private static final long serialVersionUID = 1L;
        private transient PartitionResult value;

        Wire(PartitionResult value) {
            this.value = value;
        }

        private void writeObject(ObjectOutputStream out) throws IOException {
            out.writeLong(value.examples());
            out.writeDouble(value.lossSum());
            WireArrays.writeFloats(out, value.values());
            WireArrays.writeLongs(out, value.batchesTracked());
            WireArrays.writeState(out, value.optimizerState());
            out.writeLong(value.optimizerSteps());
        }

        private void readObject(ObjectInputStream in) throws IOException {
            value = new PartitionResult(in.readLong(), in.readDouble(), WireArrays.readFloats(in),
                    WireArrays.readLongs(in), WireArrays.readState(in), in.readLong());
        }

        private Object readResolve() {
            return value;
        }
    }
}
