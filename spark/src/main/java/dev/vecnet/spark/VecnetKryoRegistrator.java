package dev.vecnet.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers with Kryo every vecnet class that Spark serialises with {@code spark.serializer}: the fit's broadcast
 * configuration and round inputs, the tasks' results (barrier jobs' too), the cached training blocks and their chunks, and the
 * search's data, trials and outcomes. Each is written by Java serialisation ({@link JavaSerializer}), which is their bulk-array serial
 * form ({@code WireArrays}): they are records or hold final arrays, which Kryo's field serializer cannot build
 * (it sets fields through {@code Unsafe}, which refuses record classes), and their lambdas (optimizer factories)
 * need Java serialisation anyway.
 *
 * <p>The classes also carry Kryo's {@code @DefaultSerializer(JavaSerializer.class)}, so that
 * {@code spark.serializer=org.apache.spark.serializer.KryoSerializer} works without this registrator; name it
 * ({@code spark.kryo.registrator=dev.vecnet.spark.VecnetKryoRegistrator}) when
 * {@code spark.kryo.registrationRequired=true}. Stateless; Spark creates one per Kryo instance.
 */
public final class VecnetKryoRegistrator implements KryoRegistrator {
    /** The classes registered, in registration order (Kryo's ids follow it, on the driver and executors alike). */
    static final String[] CLASSES = {
        "dev.vecnet.spark.RunConfig",
        "dev.vecnet.spark.RoundInput",
        "dev.vecnet.spark.PartitionResult",
        "[Ldev.vecnet.spark.PartitionResult;",
        "dev.vecnet.spark.BlockResult",
        "[Ldev.vecnet.spark.BlockResult;",
        "dev.vecnet.spark.PartitionData",
        "dev.vecnet.spark.ReplicaSplit$Chunk",
        "dev.vecnet.spark.search.SparkSearch$Shared",
        "dev.vecnet.spark.search.SparkSearch$Task",
        "dev.vecnet.spark.search.SparkSearch$Outcome",
        "[Ldev.vecnet.spark.search.SparkSearch$Outcome;",
    };

    /** Spark's constructor. */
    public VecnetKryoRegistrator() {
    }

    /**
     * Registers {@link #CLASSES}, each element class with a {@link JavaSerializer} (arrays with Kryo's own
     * array serializer).
     *
     * @param kryo the instance to register with; modified
     * @throws IllegalStateException when a class is missing (a jar of another vecnet version)
     */
    @Override
    public void registerClasses(Kryo kryo) {
        for (String name : CLASSES) {
            Class<?> type;
            try {
                type = Class.forName(name, false, VecnetKryoRegistrator.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("vecnet class " + name + " is missing", e);
            }
            if (type.isArray()) {
                kryo.register(type);
            } else {
                kryo.register(type, new JavaSerializer());
            }
        }
    }
}
