package dev.vecnet.cli;

import dev.vecnet.data.CsvLoader;
import dev.vecnet.data.CsvReader;
import dev.vecnet.data.DataFileKind;
import dev.vecnet.data.DataFormatException;
import dev.vecnet.data.Dataset;
import dev.vecnet.data.DataTooLargeException;
import dev.vecnet.data.Datasets;
import dev.vecnet.data.IdxLoader;
import dev.vecnet.data.Examples;
import dev.vecnet.data.MappedExamples;
import dev.vecnet.data.MappedIdx;
import dev.vecnet.data.MemoryLimits;
import dev.vecnet.kernel.WorkerTeam;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/**
 * Resolves the value of a {@code --data} option: one of the data sets shipped in the jar by name
 * ({@code digits}, {@code iris}, {@code breast-cancer}), a vecnet data file ({@code .vecdata}, recognised
 * by its first bytes), an IDX image file (plain or gzipped, recognised by its magic number) with its label
 * file, or the path of a CSV file with a header row and a class label column, whole numbers from 0: the
 * column {@code --label} names, by default the column whose header is {@code label}, else the last column.
 *
 * <p>Loading into memory is checked first against a third of the heap still available (the data, its split
 * copy and its standardised copy are alive together): a larger data set is refused with one line naming
 * rows x features, the bytes needed and the heap, and what to do instead. Stateless.
 */
final class DataSource {
    /** The names of the shipped data sets, for help texts. */
    public static final String NAMES = "digits, iris, breast-cancer";
    /** The header name of the label column looked for when {@code --label} is not given. */
    public static final String DEFAULT_LABEL = "label";
    private static final String LABEL_HINT = "choose the label column with --label NAME|INDEX (a header name, or "
            + "a column number from 1)";

    /**
     * A labelled data set as read, with where its labels came from, for messages.
     *
     * @param dataset     the examples, integer labels as in the file
     * @param source      the file or shipped name, as given to {@code --data}
     * @param labelColumn the label column in words, e.g. {@code column 5 'label'}
     * @param labelReason why that column: {@code chosen with --label}, {@code named 'label'} or
     *                    {@code the last column; no column is named 'label'}
     * @param chosen      whether {@code --label} named the column
     */
    record Labelled(Dataset dataset, String source, String labelColumn, String labelReason, boolean chosen) {

        /**
         * Checks that the labels can train a classifier: at least 2 classes; when the column was not chosen
         * with {@code --label}, at most 2 classes or no more than a quarter of the rows (else it looks like a
         * feature); every class from 0 to the largest label has examples.
         *
         * @throws CommandFailedException naming the file, the column and the numbers
         */
        void requireTrainableClasses() {
            int[] counts = classCounts();
            int rows = dataset.size();
            int present = (int) Arrays.stream(counts).filter(c -> c > 0).count();
            String where = source + ": the label column, " + labelColumn + " (" + labelReason + "),";
            if (present < 2) {
                throw new CommandFailedException(where + " holds only class " + (counts.length - 1) + " in its "
                        + rows + (rows == 1 ? " row" : " rows") + "; a classifier needs examples of at least 2 "
                        + "classes. Give more data or " + LABEL_HINT);
            }
            if (!chosen && present > 2 && present > rows / 4.0) {
                throw new CommandFailedException(where + " has " + present + " distinct values in " + rows
                        + " rows, more than a quarter of the rows: it looks like a feature, not a class label. "
                        + capitalised(LABEL_HINT) + "; to train on this column anyway, name it with --label");
            }
            if (present < counts.length) {
                StringBuilder missing = new StringBuilder();
                int listed = 0;
                for (int c = 0; c < counts.length; c++) {
                    if (counts[c] == 0 && listed++ < 10) {
                        missing.append(listed > 1 ? ", " : "").append(c);
                    }
                }
                int empty = counts.length - present;
                throw new CommandFailedException(where + " has labels up to " + (counts.length - 1) + " but no "
                        + "example of class " + missing + (empty > 10 ? " and " + (empty - 10) + " more" : "")
                        + ": classes are numbered 0, 1, ..., C-1 and every one needs examples. Renumber the labels "
                        + "from 0 without gaps (e.g. 1..3 to 0..2), or " + LABEL_HINT);
            }
        }

        /**
         * Checks that every label is a class of a model with {@code classes} outputs.
         *
         * @throws UsageException naming the file, the column and both numbers
         */
        void requireClassesBelow(int classes) {
            int largest = dataset.classCount() - 1;
            if (largest >= classes) {
                throw new UsageException(source + ": the label column, " + labelColumn + " (" + labelReason
                        + "), has labels up to " + largest + " but the model has " + classes + " classes (0 to "
                        + (classes - 1) + "); evaluate it on the data it was trained on, or " + LABEL_HINT);
            }
        }

        private int[] classCounts() {
            int[] counts = new int[dataset.classCount()];
            for (int label : dataset.labels()) {
                counts[label]++;
            }
            return counts;
        }
    }

    /** What a data file holds, judged by its first bytes. */
    private DataSource() {
    }

    /** The memory one in-memory load may take: a third of the heap still available. */
    static long memoryBudget() {
        return MemoryLimits.availableHeap() / 3;
    }

    /** Whether {@code nameOrPath} names an existing vecnet data file. */
    static boolean isDataFile(String nameOrPath) {
        Path file = Path.of(nameOrPath);
        return Files.isRegularFile(file) && kindOf(file) == DataFileKind.VECDATA;
    }

    /**
     * The kind of a data file, by its content ({@link DataFileKind#of}).
     *
     * @throws CommandFailedException when the file cannot be read
     */
    static DataFileKind kindOf(Path file) {
        try {
            return DataFileKind.of(file);
        } catch (IOException e) {
            throw new CommandFailedException("cannot read data file " + file + ": " + reason(e), e);
        }
    }

    /**
     * The label file of an IDX image file: {@code labels} when given, else the name MNIST's naming puts
     * beside it ({@code images} becomes {@code labels}, {@code idx3} becomes {@code idx1}).
     *
     * @throws CommandFailedException when that file does not exist
     */
    static Path idxLabels(Path images, String labels) {
        if (labels != null) {
            Path given = Path.of(labels);
            if (!Files.isRegularFile(given)) {
                throw new CommandFailedException("--labels " + labels + ": file not found");
            }
            return given;
        }
        Path beside = DataFileKind.idxLabelsBeside(images).orElse(null);
        if (beside == null || !Files.isRegularFile(beside)) {
            throw new CommandFailedException(images + " is an IDX image file, but its label file " + (beside == null
                    ? "cannot be derived from its name" : beside + " does not exist") + "; name it with --labels FILE");
        }
        return beside;
    }

    /**
     * Opens a vecnet data file for reading from disk.
     *
     * @throws CommandFailedException when it is malformed or unreadable, or holds regression targets
     */
    static MappedExamples openDataFile(Path file) {
        try {
            MappedExamples data = MappedExamples.open(file);
            if (!data.hasLabels()) {
                throw new CommandFailedException(file + " holds regression targets; the command line trains and "
                        + "evaluates classifiers, which need class labels");
            }
            return data;
        } catch (IOException e) {
            throw failure(file.toString(), e);
        }
    }

    /**
     * The examples of a plain IDX image file mapped from disk ({@link MappedIdx}) when they need more than
     * {@code inMemoryBytes} in memory, else null (the file is loaded into memory, as is any other data).
     *
     * @throws CommandFailedException when the file or its label file is malformed or unreadable
     */
    static Examples mappedIdxBeyond(String nameOrPath, String labels, long inMemoryBytes) {
        Path images = Path.of(nameOrPath);
        if (!Files.isRegularFile(images) || images.toString().endsWith(".gz") || kindOf(images) != DataFileKind.IDX_IMAGES) {
            return null;
        }
        Path labelFile = idxLabels(images, labels);
        try {
            IdxLoader.Shape shape = IdxLoader.imageShape(images);
            if (MemoryLimits.bytesNeeded(shape.count(), shape.pixels() + 1L) <= inMemoryBytes
                    && (long) shape.count() * shape.pixels() <= Integer.MAX_VALUE - 8) {
                return null;
            }
            return MappedIdx.open(images, labelFile);
        } catch (IOException e) {
            throw failure(images.toString(), e);
        }
    }

    /**
     * Reads a vecnet data file through once to check its data checksum and every value
     * ({@link MappedExamples#verify}): called once what it needs in memory is known to fit, before training on
     * it or loading it.
     *
     * @throws CommandFailedException naming the file and the damage
     */
    static void verify(Path file, MappedExamples data) {
        reading(file.toString(), () -> {
            try {
                data.verify();
                return null;
            } catch (DataFormatException e) {
                throw failure(file.toString(), e);
            }
        });
    }

    /**
     * Runs {@code read}, which reads rows of a data file from disk, turning a malformed row or a file that
     * changed under it into the one-line failure of {@link #failure}: {@link dev.vecnet.data.Examples#gather}
     * reports them as an {@link UncheckedIOException}; a mapped file truncated while compiled code reads it may
     * instead surface, a little later on the same thread, as the JDK's {@link InternalError} for a faulting
     * memory access, named here for what it is.
     */
    static <T> T reading(String file, Supplier<T> read) {
        try {
            return read.get();
        } catch (UncheckedIOException e) {
            throw failure(file, e.getCause());
        } catch (InternalError e) {
            if (String.valueOf(e.getMessage()).contains("unsafe memory access")) {
                throw new CommandFailedException("cannot read data: " + file + ": " + MappedExamples.CHANGED_WHILE_READING, e);
            }
            throw e;
        }
    }

    /**
     * The one-line failure for an error reading {@code file}: too large for memory (with what to do), malformed
     * (the reader's message) or unreadable.
     */
    static CommandFailedException failure(String file, IOException e) {
        if (e instanceof DataTooLargeException) {
            boolean decompression = e.getMessage().contains("decompresses to more than");
            return new CommandFailedException(e.getMessage() + (decompression
                    ? "; if the data is really that large, raise --max-bytes"
                    : "; convert it with 'vecnet convert " + file + " --out FILE.vecdata' and give that file to "
                    + "--data (train reads it from disk), or give Java more memory (JAVA_TOOL_OPTIONS=-Xmx16g)"), e);
        }
        if (e instanceof DataFormatException) {
            return new CommandFailedException("cannot read data: " + e.getMessage(), e);
        }
        return new CommandFailedException("cannot read data file " + file + ": " + reason(e), e);
    }

    /** {@link #load(String, String, String, long)} of a CSV file or shipped data set, with the default bound. */
    public static Labelled load(String nameOrPath, String label) {
        return load(nameOrPath, label, null, ByteSize.DEFAULT_MAX_BYTES);
    }

    /**
     * Loads the data set named by {@code nameOrPath} with its label column chosen by {@code label}.
     *
     * @param label the {@code --label} value (a header name or a column number from 1), or null for the
     *              default: the column named {@code label}, else the last column
     * @param labels   the {@code --labels} value (the label file of IDX images), or null
     * @param maxBytes the most bytes a gzipped file may decompress to
     * @throws UsageException         when {@code label} names no column of the file
     * @throws CommandFailedException when the file is missing, unreadable, malformed or too large for memory,
     *                                or a label is not a whole number from 0, naming the file and, for labels,
     *                                the column
     */
    public static Labelled load(String nameOrPath, String label, String labels, long maxBytes) {
        return load(nameOrPath, label, labels, maxBytes, null);
    }

    /** As {@link #load(String, String, String, long)}, parsing a large CSV file on {@code team} (null: this thread). */
    public static Labelled load(String nameOrPath, String label, String labels, long maxBytes, WorkerTeam team) {
        return load(nameOrPath, label, labels, maxBytes, team, true);
    }

    /**
     * As {@link #load(String, String, String, long, WorkerTeam)}; a vecnet data file is verified first
     * ({@link MappedExamples#verify}) when {@code verify}.
     */
    public static Labelled load(String nameOrPath, String label, String labels, long maxBytes, WorkerTeam team,
                                boolean verify) {
        Dataset shipped = switch (nameOrPath.toLowerCase(Locale.ROOT)) {
            case "digits" -> Datasets.digits();
            case "iris" -> Datasets.iris();
            case "breast-cancer", "breast_cancer", "breastcancer" -> Datasets.breastCancer();
            default -> null;
        };
        if (shipped == null) {
            Path file = Path.of(nameOrPath);
            if (!Files.isRegularFile(file)) {
                throw new CommandFailedException("data file not found: " + file.toAbsolutePath()
                        + " (give a CSV, IDX or .vecdata file, or one of " + NAMES + ")");
            }
            DataFileKind kind = kindOf(file);
            if (kind != DataFileKind.CSV && label != null) {
                throw new UsageException("--label " + label + ": " + file + " is " + (kind == DataFileKind.IDX_IMAGES
                        ? "an IDX image file (its labels come from --labels)" : "a vecnet data file (it holds its labels)")
                        + "; --label chooses the label column of a CSV file");
            }
            return switch (kind) {
                case VECDATA -> loadDataFile(file, verify);
                case IDX_IMAGES -> loadIdx(file, labels);
                default -> loadCsv(file, label, maxBytes, team);
            };
        }
        if (label != null && !label.trim().equalsIgnoreCase(DEFAULT_LABEL)) {
            throw new UsageException("--label " + label + ": the shipped data set '" + nameOrPath + "' has its labels "
                    + "in the column 'label'; --label chooses the label column of a CSV file");
        }
        return new Labelled(shipped, nameOrPath, "column '" + DEFAULT_LABEL + "'", "named '" + DEFAULT_LABEL + "'",
                label != null);
    }

    /** A short name for run folders and messages: the shipped name, or the file name without extension. */
    public static String shortName(String nameOrPath) {
        String file = Path.of(nameOrPath).getFileName().toString();
        int dot = file.indexOf('.');
        return (dot > 0 ? file.substring(0, dot) : file).toLowerCase(Locale.ROOT);
    }

    private static Labelled loadDataFile(Path file, boolean verify) {
        MappedExamples mapped = openDataFile(file);
        try {
            MemoryLimits.require(file.toString(), mapped.count(), mapped.featureCount(), 1, memoryBudget(), false);
        } catch (DataTooLargeException e) {
            throw new CommandFailedException(e.getMessage() + "; 'train' reads this file from disk, other commands "
                    + "load it into memory: give Java more memory (JAVA_TOOL_OPTIONS=-Xmx16g)", e);
        }
        if (verify) {
            verify(file, mapped);
        }
        return new Labelled(reading(file.toString(), mapped::toDataset), file.toString(), "the labels of the file", "a vecnet data file", true);
    }

    private static Labelled loadIdx(Path images, String labels) {
        Path labelFile = idxLabels(images, labels);
        try {
            IdxLoader.Shape shape = IdxLoader.imageShape(images);
            MemoryLimits.require(images.toString(), shape.count(), shape.pixels(), 1, memoryBudget(), false);
            Dataset data = new IdxLoader(Integer.MAX_VALUE).load(images, labelFile);
            return new Labelled(data, images.toString(), "the label file " + labelFile, "an IDX image file", true);
        } catch (IOException e) {
            throw failure(images.toString(), e);
        }
    }

    private static Labelled loadCsv(Path file, String label, long maxBytes, WorkerTeam team) {
        String[] header;
        try {
            header = readHeader(file);
        } catch (IOException e) {
            throw new CommandFailedException("cannot read data file " + file + ": " + reason(e), e);
        }
        int column = labelColumn(file, header, label);
        String described = "column " + (column + 1) + " '" + CsvReader.forMessage(header[column].trim()) + "'";
        String reason = label != null ? "chosen with --label"
                : header[column].trim().equalsIgnoreCase(DEFAULT_LABEL) ? "named '" + DEFAULT_LABEL + "'"
                : "the last column; no column is named '" + DEFAULT_LABEL + "'";
        try {
            Dataset data = CsvLoader.labelColumn(column).withMaxBytes(maxBytes).withMemoryBudget(memoryBudget())
                    .load(file, team);
            return new Labelled(data, file.toString(), described, reason, label != null);
        } catch (DataTooLargeException e) {
            throw failure(file.toString(), e);
        } catch (DataFormatException e) {
            boolean badLabel = e.getMessage().contains("column " + (column + 1) + ": label '");
            throw new CommandFailedException("cannot read data: " + e.getMessage()
                    + (badLabel ? "; the labels are read from " + described + " (" + reason + "). " + capitalised(LABEL_HINT)
                    : ""), e);
        } catch (IOException e) {
            throw new CommandFailedException("cannot read data file " + file + ": " + reason(e), e);
        }
    }

    /**
     * What went wrong with a file the caller names itself, in words rather than an exception's class name:
     * {@link OutputFiles#kind}, else the exception's message.
     */
    static String reason(IOException e) {
        String kind = OutputFiles.kind(e);
        if (kind != null) {
            return kind;
        }
        return e.getMessage() == null ? "read error" : e.getMessage();
    }

    /** The 0-based label column: the one {@code label} names or numbers, else 'label', else the last one. */
    static int labelColumn(Path file, String[] header, String label) {
        if (label == null) {
            int named = columnNamedLabel(header);
            return named >= 0 ? named : header.length - 1;
        }
        return chosenColumn(file, header, header.length, label);
    }

    /** The 0-based column whose header is {@code label} (ignoring case and spaces), or -1. */
    static int columnNamedLabel(String[] header) {
        for (int c = 0; c < header.length; c++) {
            if (header[c].trim().equalsIgnoreCase(DEFAULT_LABEL)) {
                return c;
            }
        }
        return -1;
    }

    /**
     * The 0-based column a {@code --label} value names: a number counts columns from 1; a name is matched with
     * the header fields, exactly first, then ignoring case.
     *
     * @param header  the header fields, or null when the file has no header line
     * @param columns the number of columns of the file's first line
     * @throws UsageException when the value names no column, listing the columns there are
     */
    static int chosenColumn(Path file, String[] header, int columns, String label) {
        String wanted = label.trim();
        if (wanted.matches("[+-]?\\d+")) {
            long number = Long.parseLong(wanted);
            if (number < 1 || number > columns) {
                throw new UsageException("--label " + label + ": " + file + " has " + columns + " columns; give "
                        + "a column number from 1 to " + columns + " or a header name");
            }
            return (int) number - 1;
        }
        if (header == null) {
            throw new UsageException("--label " + label + ": " + file + " has no header line; give the label "
                    + "column's number from 1 to " + columns);
        }
        for (int pass = 0; pass < 2; pass++) {
            for (int c = 0; c < header.length; c++) {
                String name = header[c].trim();
                if (pass == 0 ? name.equals(wanted) : name.equalsIgnoreCase(wanted)) {
                    return c;
                }
            }
        }
        String[] names = Arrays.stream(header).map(name -> CsvReader.forMessage(name.trim())).limit(12)
                .toArray(String[]::new);
        throw new UsageException("--label " + label + ": " + file + " has no column named '" + wanted + "'; its "
                + header.length + " columns are " + String.join(", ", names) + (header.length > 12 ? ", ..." : "")
                + " (or give a column number from 1 to " + header.length + ")");
    }

    /**
     * The header fields of a CSV file (gunzipped when its name ends in .gz), as {@link CsvReader} reads them
     * (a byte-order mark skipped, a line no longer than {@link CsvReader#MAX_LINE_BYTES}).
     */
    static String[] readHeader(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            String[] header = new CsvReader(in, file.toString()).header();
            if (header == null) {
                throw new CommandFailedException(file + ": the file is empty (expected a header row, then one example "
                        + "per line)");
            }
            return header;
        }
    }

    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
