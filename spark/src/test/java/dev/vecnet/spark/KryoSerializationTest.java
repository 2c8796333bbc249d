package dev.vecnet.spark;

import dev.vecnet.format.ModelFile;
import dev.vecnet.format.SaveOptions;
import dev.vecnet.nn.Network;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every class a fit sends through {@code spark.serializer} survives Kryo with registration required (so each is
 * registered by {@link VecnetKryoRegistrator}) and comes back equal. The whole Spark suite also runs under Kryo in
 * CI (docs/spark.md, "Running it").
 */
class KryoSerializationTest {
    private static final SerializerInstance KRYO = new KryoSerializer(new SparkConf()
            .set("spark.kryo.registrationRequired", "true")
            .set("spark.kryo.registrator", VecnetKryoRegistrator.class.getName())).newInstance();

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) {
        Object copy = KRYO.deserialize(KRYO.serialize(value, ClassTag$.MODULE$.apply(Object.class)),
                ClassTag$.MODULE$.apply(Object.class));
        return (T) copy;
    }

    @Test
    void roundInputsAndResultsSurviveKryo() {
        Map<String, float[]> state = new LinkedHashMap<>();
        state.put("m", new float[] {1f, -2f});
        state.put("v", new float[] {3f, Float.MIN_VALUE});
        RoundInput input = new RoundInput(new float[] {0.5f, -1.25f}, new long[] {3L}, state, 7L, 0.01f,
                new float[] {0.1f, 0.2f});
        RoundInput in = roundTrip(input);
        assertArrayEquals(input.parameters(), in.parameters());
        assertArrayEquals(input.batchesTracked(), in.batchesTracked());
        assertArrayEquals(input.optimizerState().get("v"), in.optimizerState().get("v"));
        assertEquals(input.optimizerSteps(), in.optimizerSteps());
        assertArrayEquals(input.rates(), in.rates());

        PartitionResult result = new PartitionResult(12L, 3.5, new float[] {1f, 2f}, new long[] {4L}, state, 9L);
        PartitionResult[] out = roundTrip(new PartitionResult[] {result});
        assertEquals(result.examples(), out[0].examples());
        assertEquals(result.lossSum(), out[0].lossSum());
        assertArrayEquals(result.values(), out[0].values());
        assertArrayEquals(result.optimizerState().get("m"), out[0].optimizerState().get("m"));

        BlockResult block = new BlockResult(result, new double[] {0.5, Double.NaN}, BlockResult.PARAMETERS, "host 1");
        BlockResult[] blocks = roundTrip(new BlockResult[] {block, null});
        assertArrayEquals(block.state().values(), blocks[0].state().values());
        assertArrayEquals(block.losses(), blocks[0].losses());
        assertEquals(BlockResult.PARAMETERS, blocks[0].failure());
    }

    @Test
    void theFitsConfigurationAndDataSurviveKryo() {
        Network net = Network.builder(3).dense(2).seed(1).build();
        RunConfig config = new RunConfig("run", ModelFile.toBytes(net, SaveOptions.defaults()), 1L, 2L,
                new int[] {4, 5}, new OptimizerSpec("adam", 0.1f).factory(), TaskHook.NONE);
        RunConfig copy = roundTrip(config);
        assertArrayEquals(config.modelBytes(), copy.modelBytes());
        assertArrayEquals(config.batchSizes(), copy.batchSizes());
        assertEquals(0.25f, copy.optimizer().create(0.25f).learningRate());

        PartitionData.Builder b = new PartitionData.Builder(2, 3);
        b.add(org.apache.spark.ml.linalg.Vectors.dense(1.5, -2), 2);
        PartitionData data = roundTrip(b.build());
        assertEquals(1, data.size());
        assertArrayEquals(new int[] {2}, data.dataset().labels());
        assertArrayEquals(new float[] {1.5f, -2f}, data.dataset().features());
    }
}
