package dev.vecnet.spark;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Map;

/**
 * The model state a round starts from, broadcast to every task of the round.
 *
 * @param parameters     all parameter values, BatchNorm running statistics included
 * @param batchesTracked the BatchNorm batch counts
 * @param optimizerState local SGD: the optimizer's state (empty before its first step); exact mode: empty
 * @param optimizerSteps local SGD: the optimizer's step count
 * @param learningRate   local SGD: the learning rate of the round's steps when {@code rates} is null
 * @param rates          local SGD with a schedule: the learning rate of each of the round's steps, in order; else
 *                       null
 */
@DefaultSerializer(JavaSerializer.class)
record RoundInput(float[] parameters, long[] batchesTracked, Map<String, float[]> optimizerState,
                  long optimizerSteps, float learningRate, float[] rates) implements Serializable {

    /** Serialised as {@link Wire}: the arrays in bulk. */
    private Object writeReplace() {
        return new Wire(this);
    }

    /** The serial form of a {@link RoundInput} ({@link WireArrays}). */
    private static final class Wire implements Serializable {
        private static final long serialVersionUID = 1L;
        private transient RoundInput value;

        Wire(RoundInput value) {
            this.value = value;
        }

        private void writeObject(ObjectOutputStream out) throws IOException {
            WireArrays.writeFloats(out, value.parameters());
            WireArrays.writeLongs(out, value.batchesTracked());
            WireArrays.writeState(out, value.optimizerState());
            out.writeLong(value.optimizerSteps());
            out.writeFloat(value.learningRate());
            WireArrays.writeFloats(out, value.rates());
        }

        private void readObject(ObjectInputStream in) throws IOException {
            value = new RoundInput(WireArrays.readFloats(in), WireArrays.readLongs(in), WireArrays.readState(in),
                    in.readLong(), in.readFloat(), WireArrays.readFloats(in));
        }

        private Object readResolve() {
            return value;
        }
    }
}
