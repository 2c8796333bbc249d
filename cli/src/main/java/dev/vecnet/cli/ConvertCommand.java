package dev.vecnet.cli;

import dev.vecnet.data.DataFileKind;
import dev.vecnet.data.CsvLoader;
import dev.vecnet.data.IdxLoader;
import dev.vecnet.data.MappedExamples;
import dev.vecnet.data.MemoryLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code vecnet convert}: writes a CSV file (plain or gzipped) or an IDX image file with its labels as a
 * vecnet data file ({@code .vecdata}), in one streaming pass with bounded memory, so that {@code train}
 * can read data larger than memory from disk. Not thread-safe; one call per instance.
 */
@Command(name = "convert", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Convert a CSV or IDX data file into a .vecdata file, which 'train --data' reads from disk "
                + "(memory-mapped) however large it is.")
final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DATA", description = "A CSV file (plain or .gz) with a header row and a "
            + "class label column, or an IDX image file (plain or .gz).")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE", description = "The IDX label file of an IDX image file. "
            + "Default: the file MNIST's naming puts beside it (train-images-idx3-ubyte -> train-labels-idx1-ubyte).")
    String labels;

    @Option(names = "--label", paramLabel = "NAME|INDEX", description = "The class label column of a CSV file: its "
            + "header name, or its number counting from 1. Default: the column named 'label', else the last column.")
    String label;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The .vecdata file to write "
            + "(replaced if it exists; written as FILE.part first).")
    Path out;

    @Option(names = "--max-bytes", paramLabel = "SIZE", defaultValue = "1g", converter = ByteSize.class,
            description = "The most bytes a gzipped input file may decompress to (k, m, g, t suffixes). "
                    + "Default: ${DEFAULT-VALUE}.")
    long maxBytes;

    private final Output output;

    /** A command writing to {@code output}. */
    ConvertCommand(Output output) {
        this.output = output;
    }

    @Override
    public Integer call() {
        if (!Files.isRegularFile(data)) {
            throw new CommandFailedException("data file not found: " + data.toAbsolutePath());
        }
        if (out.toAbsolutePath().normalize().equals(data.toAbsolutePath().normalize())) {
            throw new UsageException("--out " + out + " is the input file; choose another name");
        }
        DataFileKind kind = DataSource.kindOf(data);
        if (kind == DataFileKind.VECDATA) {
            throw new UsageException(data + " is already a vecnet data file; give it to --data as it is");
        }
        long start = System.nanoTime();
        long rows;
        try {
            if (kind == DataFileKind.IDX_IMAGES) {
                if (label != null) {
                    throw new UsageException("--label " + label + ": " + data + " is an IDX image file; its labels "
                            + "come from --labels");
                }
                Path labelFile = DataSource.idxLabels(data, labels);
                IdxLoader.Shape shape = IdxLoader.imageShape(data);
                long content = 16 + (long) shape.count() * shape.pixels();
                if (data.toString().endsWith(".gz") && content > maxBytes) {
                    // The gzip trailer records the size modulo 2^32 only: bound what the header makes us inflate.
                    throw new CommandFailedException(data + ": declares " + content + " bytes of images, more than "
                            + "--max-bytes " + maxBytes + " allows for a gzipped file; raise --max-bytes if the data "
                            + "is really that large");
                }
                rows = IdxLoader.writeDataFile(data, labelFile, out);
            } else {
                String[] header = DataSource.readHeader(data);
                int column = DataSource.labelColumn(data, header, label);
                rows = CsvLoader.labelColumn(column).withMaxBytes(maxBytes).writeDataFile(data, out);
            }
        } catch (IOException e) {
            throw DataSource.failure(data.toString(), e);
        }
        MappedExamples written = DataSource.openDataFile(out);
        double seconds = (System.nanoTime() - start) / 1e9;
        PrintWriter log = output.out();
        log.printf(Locale.ROOT, "wrote %s: %d rows x %d features, %d classes, %s in %.1f s%n", out, rows,
                written.featureCount(), written.classCount(), MemoryLimits.format(sizeOf(out)), seconds);
        log.println("train on it with: ./vecnet train --data " + out);
        log.flush();
        return 0;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
