package dev.vecnet.spark.cli;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;

import java.io.Serializable;

/**
 * One labelled example of a data set read by the executors, with the part the seeded split put it in.
 *
 * @param part     0 training, 1 validation, 2 test
 * @param features the features (owned by this example; standardisation makes a new one)
 * @param label    the class, {@code >= 0}
 */
// Cached and shuffled through spark.serializer: under Kryo, Java serialisation (Kryo cannot build records).
@DefaultSerializer(JavaSerializer.class)
record Example(byte part, float[] features, int label) implements Serializable {
    /** The training part. */
    static final byte TRAIN = 0;
    /** The validation part. */
    static final byte VALIDATION = 1;
    /** The test part. */
    static final byte TEST = 2;
}
