package dev.vecnet.spark;

import dev.vecnet.format.LoadOptions;
import dev.vecnet.format.LoadedModel;
import dev.vecnet.format.ModelFile;
import dev.vecnet.format.SaveOptions;
import dev.vecnet.nn.Network;
import dev.vecnet.optim.Optimizer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checkpoints of a fit in a folder of any Hadoop file system ({@code file:}, {@code hdfs:}, {@code s3a:}):
 * one vecnet model file per checkpoint, {@code round-000012.vecnet}, holding the parameters, the
 * optimizer state and, in the optimizer settings, its step count and the number of rounds done. A file is
 * written under a temporary name and renamed, so a reader never sees half of one. Used on the driver only.
 */
final class Checkpoints {
    private static final Pattern NAME = Pattern.compile("round-(\\d{6,})\\.vecnet");
    private static final Pattern SETTINGS = Pattern.compile(".* steps=(\\d+) rounds=(\\d+)$");

    private final Path folder;
    private final FileSystem fs;

    /** A checkpoint read back: the network's state is already loaded into the network passed to {@link #latest}. */
    record Restored(long rounds, long optimizerSteps) {
    }

    Checkpoints(String folder, Configuration hadoop) {
        this.folder = new Path(folder);
        try {
            this.fs = this.folder.getFileSystem(hadoop);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of checkpoint folder " + folder, e);
        }
    }

    /** Writes the checkpoint after {@code rounds} rounds. */
    void save(Network net, Optimizer optimizer, long rounds) {
        String settings = String.format(Locale.ROOT, "%s lr=%s steps=%d rounds=%d", optimizer.name(),
                optimizer.learningRate(), optimizer.steps(), rounds);
        byte[] bytes = ModelFile.toBytes(net, SaveOptions.defaults().withOptimizerState(settings, optimizer.state()));
        Path target = new Path(folder, String.format(Locale.ROOT, "round-%06d.vecnet", rounds));
        Path temporary = new Path(folder, "." + target.getName() + ".tmp");
        try {
            fs.mkdirs(folder);
            try (FSDataOutputStream out = fs.create(temporary, true)) {
                out.write(bytes);
            }
            fs.delete(target, false);
            if (!fs.rename(temporary, target)) {
                throw new IOException("rename to " + target + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + target, e);
        }
    }

    /**
     * Loads the checkpoint with the most rounds into {@code net} and {@code optimizer}, after checking that it
     * has the network's layout; null (nothing modified) when the folder holds none.
     */
    Restored latest(Network net, Optimizer optimizer) {
        try {
            if (!fs.exists(folder)) {
                return null;
            }
            Path best = null;
            long bestRounds = -1;
            for (FileStatus status : fs.listStatus(folder)) {
                Matcher m = NAME.matcher(status.getPath().getName());
                if (m.matches() && Long.parseLong(m.group(1)) > bestRounds) {
                    bestRounds = Long.parseLong(m.group(1));
                    best = status.getPath();
                }
            }
            if (best == null) {
                return null;
            }
            long length = fs.getFileStatus(best).getLen();
            if (length > LoadOptions.DEFAULT_MAX_BYTES) {
                throw new IOException(best + ": " + length + " bytes exceed the model-file limit");
            }
            byte[] bytes = new byte[(int) length];
            try (FSDataInputStream in = fs.open(best)) {
                in.readFully(bytes);
            }
            LoadedModel loaded = ModelFile.read(bytes, LoadOptions.defaults());
            Matcher m = loaded.optimizer() == null ? null : SETTINGS.matcher(loaded.optimizer());
            if (m == null || !m.matches()) {
                throw new IOException(best + " is not a checkpoint of a distributed fit (optimizer settings '"
                        + loaded.optimizer() + "')");
            }
            Network saved = loaded.network();
            if (!saved.parameters().tensors().equals(net.parameters().tensors())) {
                throw new IllegalArgumentException(best + " holds a network of another layout: " + saved.architecture());
            }
            optimizer.restoreState(net.parameters(), loaded.optimizerState(), Long.parseLong(m.group(1)));
            System.arraycopy(saved.parameters().values(), 0, net.parameters().values(), 0, net.parameters().size());
            net.setBatchesTracked(saved.batchesTracked());
            net.parametersChanged();
            return new Restored(Long.parseLong(m.group(2)), Long.parseLong(m.group(1)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoints in " + folder, e);
        }
    }
}
