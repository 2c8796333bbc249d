package dev.vecnet.data;

import dev.vecnet.kernel.WorkerTeam;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads a comma-separated file with a header row into a {@link Dataset}: one column is the label (an
 * integer class, or a float target with {@link #asTargets}), every other column a float feature, in
 * file order. A file whose name ends in {@code .gz} is read through gzip. Lines and columns in error
 * messages count from 1, the header being line 1.
 *
 * <p>Errors ({@link DataFormatException}, naming file, line and column): an empty file, a header with no
 * such label column, a row with another number of fields than the header, a value that is not a number,
 * a label that is not a non-negative integer, and NaN or infinity unless {@link #allowNonFinite}.
 *
 * <p>The text is read as {@link CsvReader} reads it: a UTF-8 byte-order mark at the start is skipped, a
 * value is a number of its one grammar (optional sign, digits, optional fraction and exponent, {@code NaN},
 * {@code Infinity}, spaces or tabs around it, ASCII only) read to the same float as {@link Float#parseFloat},
 * and a line longer than {@link CsvReader#MAX_LINE_BYTES} is an error.
 *
 * <p>Limits: {@link #load(Path)} first counts the rows and refuses with {@link DataTooLargeException},
 * before allocating, a data set larger than the memory budget ({@link #withMemoryBudget}; by default the
 * heap still available, {@link MemoryLimits#availableHeap()}); counting stops as soon as the rows counted
 * so far exceed it. Gzipped input is cut off after {@link #withMaxBytes} decompressed bytes. A file larger
 * than memory is converted instead ({@link #writeDataFile}) and read through {@link MappedExamples}.
 *
 * <p>Instances are immutable settings ({@code with...} methods return a copy) and thread-safe.
 */
public final class CsvLoader {
    private final String labelName;
    private final int labelIndex;
    private final boolean targets;
    private final boolean allowNonFinite;
    private final long maxBytes;
    private final long memoryBudget;

    private CsvLoader(String labelName, int labelIndex, boolean targets, boolean allowNonFinite, long maxBytes,
                      long memoryBudget) {
        this.labelName = labelName;
        this.labelIndex = labelIndex;
        this.targets = targets;
        this.allowNonFinite = allowNonFinite;
        this.maxBytes = maxBytes;
        this.memoryBudget = memoryBudget;
    }

    /**
     * A loader whose label column is the last one, read as integer classes, rejecting NaN and infinity.
     *
     * @return a new loader with these settings
     */
    public static CsvLoader lastColumnLabel() {
        return new CsvLoader(null, -1, false, false, Long.MAX_VALUE, -1);
    }

    /**
     * A loader whose label is the column with this header name, read as integer classes, rejecting NaN and
     * infinity.
     *
     * @param name the header name of the label column, compared with each header field after trimming
     *             spaces; a file without it fails to load
     * @return a new loader with these settings
     */
    public static CsvLoader labelColumn(String name) {
        return new CsvLoader(name, -1, false, false, Long.MAX_VALUE, -1);
    }

    /**
     * A loader whose label is the column at this 0-based index; negative counts from the end (-1: last).
     * Reads the label as integer classes and rejects NaN and infinity.
     *
     * @param index the label column, in {@code [-columns, columns)} of the file's header; a file with fewer
     *              columns fails to load
     * @return a new loader with these settings
     */
    public static CsvLoader labelColumn(int index) {
        return new CsvLoader(null, index, false, false, Long.MAX_VALUE, -1);
    }

    /**
     * A copy that reads the label column as a float regression target ({@code targetCount() == 1}).
     *
     * @return a new loader with the same other settings; this one is unchanged
     */
    public CsvLoader asTargets() {
        return new CsvLoader(labelName, labelIndex, true, allowNonFinite, maxBytes, memoryBudget);
    }

    /**
     * A copy that accepts NaN and infinite values ({@code NaN}, {@code Infinity}, {@code -Infinity}).
     * A class label must still be a non-negative integer.
     *
     * @return a new loader with the same other settings; this one is unchanged
     */
    public CsvLoader allowNonFinite() {
        return new CsvLoader(labelName, labelIndex, targets, true, maxBytes, memoryBudget);
    }

    /**
     * A copy that stops reading gzipped input after {@code bytes} decompressed bytes, with a
     * {@link DataTooLargeException}. Plain files are not bounded (their size is known).
     *
     * @param bytes the most decompressed bytes, {@code >= 1} (default: unbounded)
     * @return a new loader with the same other settings; this one is unchanged
     * @throws IllegalArgumentException when {@code bytes < 1}
     */
    public CsvLoader withMaxBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("max bytes must be >= 1, was " + bytes);
        }
        return new CsvLoader(labelName, labelIndex, targets, allowNonFinite, bytes, memoryBudget);
    }

    /**
     * A copy whose in-memory loads refuse data sets needing more than {@code bytes} (4 bytes per feature
     * and per label or target).
     *
     * @param bytes the budget, {@code >= 0} (default: {@link MemoryLimits#availableHeap()} when loading)
     * @return a new loader with the same other settings; this one is unchanged
     * @throws IllegalArgumentException when {@code bytes < 0}
     */
    public CsvLoader withMemoryBudget(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("memory budget must be >= 0, was " + bytes);
        }
        return new CsvLoader(labelName, labelIndex, targets, allowNonFinite, maxBytes, bytes);
    }

    /**
     * Reads a file, gunzipping it when its name ends in {@code .gz}, in two passes: one counting the rows
     * (checked against the memory budget before anything is allocated), one parsing them into arrays of
     * exactly that size. Closes the file.
     *
     * @param file the CSV file; its path names it in error messages
     * @return the data set: {@code columns - 1} features per row in file order, integer labels with
     *         {@code classCount() == max(label) + 1}, or one float target per row after {@link #asTargets()}
     * @throws DataTooLargeException when the data needs more than the memory budget, or gzipped input
     *                               decompresses beyond {@link #withMaxBytes}
     * @throws DataFormatException   when the content is malformed
     * @throws IOException           when the file cannot be read
     */
    public Dataset load(Path file) throws IOException {
        String source = file.toString();
        long budget = memoryBudget >= 0 ? memoryBudget : MemoryLimits.availableHeap();
        long rows;
        int columns;
        try (InputStream in = open(file)) {
            CsvReader reader = new CsvReader(in, source);
            columns = checkedHeader(reader, source).length;
            rows = reader.countRows(soFar -> MemoryLimits.require(source, soFar, columns - 1, 1, budget, true));
            if (rows == 0) {
                throw noRows(source, reader.lineNumber());
            }
            MemoryLimits.require(source, rows, columns - 1, 1, budget, false);
        }
        try (InputStream in = open(file)) {
            return read(new CsvReader(in, source), source, (int) rows);
        }
    }

    /** Plain files smaller than this are read on one thread: below it, a hand-off costs more than it saves. */
    static final long PARALLEL_MIN_BYTES = 1 << 22;

    /**
     * {@link #load(Path)} with the parsing split across {@code team}: a plain (not gzipped) file of at least
     * 4 MiB is cut into one range of whole lines per thread ({@code CsvFileParts}); each thread counts its
     * range's rows, the memory budget is checked for the total before anything is allocated, then each
     * thread parses its range into its own rows of the result. The data set is the same as
     * {@link #load(Path)}'s, value for value, and a malformed file fails with the error that comes first in
     * the file, with the same line and column. Smaller and gzipped files, and a null team, read on the
     * calling thread.
     *
     * @param file the CSV file; its path names it in error messages
     * @param team the threads to parse on (used, not closed), or null for the calling thread
     * @return the data set, as {@link #load(Path)}
     * @throws DataTooLargeException as {@link #load(Path)}
     * @throws DataFormatException   as {@link #load(Path)}
     * @throws IOException           when the file cannot be read
     */
    public Dataset load(Path file, WorkerTeam team) throws IOException {
        if (team == null || team.threads() < 2 || file.toString().endsWith(".gz")
                || Files.size(file) < PARALLEL_MIN_BYTES) {
            return load(file);
        }
        String source = file.toString();
        String[] names;
        long dataStart;
        try (InputStream in = Files.newInputStream(file)) {
            CsvReader reader = new CsvReader(in, source);
            names = checkedHeader(reader, source);
            dataStart = reader.offsetOfNextLine();
        }
        int label = labelColumnOf(names, source);
        int features = names.length - 1;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            PartRead read = new PartRead(new CsvFileParts(channel, dataStart, team.threads()), source, names.length,
                    label);
            team.forEachRange(read.parts(), 1, 1, (part, from, to) -> read.run(from, to, read::count));
            read.rethrowFirstCounted();
            long rows = read.totalRows();
            long budget = memoryBudget >= 0 ? memoryBudget : MemoryLimits.availableHeap();
            if (rows == 0) {
                throw noRows(source, 1 + read.totalLines());
            }
            MemoryLimits.require(source, rows, features, 1, budget, false);
            float[] x = new float[Math.toIntExact(rows * features)];
            float[] y = new float[(int) rows];
            team.forEachRange(read.parts(), 1, 1, (part, from, to) -> read.run(from, to, k -> read.parse(k, x, y)));
            read.rethrowFirst();
            return dataset(x, features, y);
        }
    }

    /** The two passes over the parts of one file; each part's outcome kept so the first error in the file wins. */
    private final class PartRead {
        private final CsvFileParts parts;
        private final String source;
        private final int columns;
        private final int label;
        private final long[] rows;
        private final int[] lines;
        private final IOException[] errors;

        PartRead(CsvFileParts parts, String source, int columns, int label) {
            this.parts = parts;
            this.source = source;
            this.columns = columns;
            this.label = label;
            rows = new long[parts.count()];
            lines = new int[parts.count()];
            errors = new IOException[parts.count()];
        }

        int parts() {
            return parts.count();
        }

        /** Runs {@code pass} on parts {@code [from, to)}, keeping each part's exception. */
        void run(int from, int to, PartPass pass) {
            for (int k = from; k < to; k++) {
                try {
                    pass.run(k);
                } catch (IOException e) {
                    errors[k] = e;
                }
            }
        }

        /** Counts part {@code k}'s rows and lines (the lines number the next parts' lines in messages). */
        void count(int k) throws IOException {
            try (InputStream in = parts.open(k)) {
                // Numbered from 1 for now, and no byte-order mark skipped: the part starts inside the file.
                CsvReader reader = new CsvReader(in, source, 0);
                rows[k] = reader.countRows(soFar -> { });
                lines[k] = reader.lineNumber();
            }
        }

        /** Parses part {@code k} into its rows of {@code x} and {@code y}. */
        void parse(int k, float[] x, float[] y) throws IOException {
            long first = 0;
            for (int p = 0; p < k; p++) {
                first += rows[p];
            }
            int features = columns - 1;
            long[] next = {first};
            long end = first + rows[k];
            try (InputStream in = parts.open(k)) {
                CsvReader reader = new CsvReader(in, source, linesBefore(k));
                reader.readRows(columns, label, targets, allowNonFinite, (row, value) -> {
                    if (next[0] == end) {
                        throw new DataFormatException(source + ": the file changed while it was read (more rows"
                                + " than counted)");
                    }
                    System.arraycopy(row, 0, x, (int) (next[0] * features), features);
                    y[(int) next[0]++] = value;
                });
            }
            if (next[0] != end) {
                throw new DataFormatException(source + ": the file changed while it was read (" + rows[k]
                        + " rows counted in a part, " + (next[0] - first) + " read)");
            }
        }

        /** The lines of the file before part {@code k}: the header and the lines of the parts before it. */
        private int linesBefore(int k) {
            int before = 1;
            for (int p = 0; p < k; p++) {
                before += lines[p];
            }
            return before;
        }

        /**
         * {@link #rethrowFirst} after the counting pass, whose readers number each part's lines from 1 (the
         * lines before a part are known only once the parts before it are counted). A malformed line found
         * while counting (one too long) is reported with its line number in the file: its part is counted
         * again, numbered after the parts before it, which were all counted whole since its error is the first.
         */
        void rethrowFirstCounted() throws IOException {
            for (int k = 0; k < errors.length; k++) {
                if (errors[k] instanceof DataFormatException) {
                    try (InputStream in = parts.open(k)) {
                        new CsvReader(in, source, linesBefore(k)).countRows(soFar -> { });
                    }
                }
                if (errors[k] != null) {
                    throw errors[k];
                }
            }
        }

        /** Throws the exception of the first part that failed, if any: the first error in file order. */
        void rethrowFirst() throws IOException {
            for (IOException e : errors) {
                if (e != null) {
                    throw e;
                }
            }
        }

        long totalRows() {
            long sum = 0;
            for (long r : rows) {
                sum += r;
            }
            return sum;
        }

        int totalLines() {
            int sum = 0;
            for (int l : lines) {
                sum += l;
            }
            return sum;
        }
    }

    /** One pass over one part. */
    private interface PartPass {
        void run(int part) throws IOException;
    }

    /**
     * Reads a stream (gunzipped first when {@code sourceName} ends in {@code .gz}); does not close it. The
     * stream is read once, so the arrays grow as rows arrive, each growth checked against the memory budget.
     *
     * @param in         the CSV text in UTF-8, read to its end
     * @param sourceName names the data in error messages
     * @return the data set: {@code columns - 1} features per row in file order, integer labels with
     *         {@code classCount() == max(label) + 1}, or one float target per row after {@link #asTargets()}
     * @throws DataTooLargeException when the data needs more than the memory budget, or gzipped input
     *                               decompresses beyond {@link #withMaxBytes}
     * @throws DataFormatException   when the content is malformed (message with source name, line and column)
     * @throws IOException           when the stream cannot be read
     */
    public Dataset load(InputStream in, String sourceName) throws IOException {
        InputStream raw = sourceName.endsWith(".gz")
                ? new BoundedInputStream(new GZIPInputStream(in, 1 << 16), sourceName, maxBytes) : in;
        return read(new CsvReader(raw, sourceName), sourceName, -1);
    }

    /**
     * Converts a CSV file (gunzipped when its name ends in {@code .gz}) into a vecnet data file in one
     * streaming pass, in bounded memory (a line buffer and the writer's 1 MiB buffer), whatever the file's
     * size. The output is written as {@code out.part} and renamed when complete.
     *
     * @param file the CSV file
     * @param out  the {@code .vecdata} file to write (replaced)
     * @return the number of rows written
     * @throws DataTooLargeException when gzipped input decompresses beyond {@link #withMaxBytes}
     * @throws DataFormatException   when the content is malformed (nothing is left at {@code out})
     * @throws IOException           when a file cannot be read or written
     */
    public long writeDataFile(Path file, Path out) throws IOException {
        String source = file.toString();
        try (InputStream in = open(file)) {
            CsvReader reader = new CsvReader(in, source);
            String[] names = checkedHeader(reader, source);
            int label = labelColumnOf(names, source);
            int features = names.length - 1;
            try (DataFileWriter writer = targets ? DataFileWriter.forTargets(out, features, 1)
                    : DataFileWriter.forLabels(out, features)) {
                float[] target = new float[1];
                long rows = reader.readRows(names.length, label, targets, false, (x, y) -> {
                    if (targets) {
                        target[0] = y;
                        writer.writeTargets(x, 0, target, 0);
                    } else {
                        writer.writeLabelled(x, 0, DataFileWriter.classLabel(y, source, reader.lineNumber(), label + 1));
                    }
                });
                if (rows == 0) {
                    throw noRows(source, reader.lineNumber());
                }
                writer.finish();
                return rows;
            }
        }
    }

    private InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            return file.toString().endsWith(".gz")
                    ? new BoundedInputStream(new GZIPInputStream(in, 1 << 16), file.toString(), maxBytes) : in;
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    private static String[] checkedHeader(CsvReader reader, String source) throws IOException {
        String[] names = reader.header();
        if (names == null) {
            throw new DataFormatException(source + ": line 1: the file is empty (expected a header row)");
        }
        if (names.length < 2) {
            throw DataFormatException.at(source, 1, 1, "need at least two columns (features and a label)");
        }
        return names;
    }

    /** Parses the rows after the header into arrays: of exactly {@code rows} rows, or growing when -1. */
    private Dataset read(CsvReader reader, String source, int rows) throws IOException {
        String[] names = checkedHeader(reader, source);
        int label = labelColumnOf(names, source);
        int features = names.length - 1;
        long budget = memoryBudget >= 0 ? memoryBudget : MemoryLimits.availableHeap();
        Rows into = new Rows(source, features, rows, budget);
        reader.readRows(names.length, label, targets, allowNonFinite, into::add);
        if (into.size == 0) {
            throw noRows(source, reader.lineNumber());
        }
        if (rows >= 0 && into.size != rows) {
            throw new DataFormatException(source + ": the file changed while it was read (" + rows + " rows counted, "
                    + into.size + " read)");
        }
        float[] x = into.features.length == into.size * features ? into.features
                : Arrays.copyOf(into.features, into.size * features);
        return dataset(x, features, Arrays.copyOf(into.labels, into.size));
    }

    /** The error of a file whose header is followed by nothing but blank lines; {@code line} is its last. */
    private static DataFormatException noRows(String source, long line) {
        return new DataFormatException(source + ": line " + line + ": no data rows after the header");
    }

    /** The data set of parsed rows: {@code y} as float targets, or converted to integer class labels. */
    private Dataset dataset(float[] x, int features, float[] y) {
        if (targets) {
            return Dataset.ofTargets(x, features, y, 1);
        }
        int[] labels = new int[y.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (int) y[i];
        }
        return Dataset.ofLabels(x, features, labels);
    }

    private int labelColumnOf(String[] names, String sourceName) throws DataFormatException {
        if (labelName != null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].trim().equals(labelName)) {
                    return i;
                }
            }
            throw DataFormatException.at(sourceName, 1, 1, "no column named '" + labelName + "' in the header");
        }
        int index = labelIndex < 0 ? names.length + labelIndex : labelIndex;
        if (index < 0 || index >= names.length) {
            throw DataFormatException.at(sourceName, 1, 1, "label column " + labelIndex + " is outside the "
                    + names.length + " columns of the header");
        }
        return index;
    }

    /** The rows read so far: exact arrays when the count is known, else doubling ones checked against the budget. */
    private static final class Rows {
        private final String source;
        private final int featureCount;
        private final long budget;
        private float[] features;
        private float[] labels;
        private int size;

        Rows(String source, int featureCount, int rows, long budget) throws DataTooLargeException {
            this.source = source;
            this.featureCount = featureCount;
            this.budget = budget;
            int capacity = rows >= 0 ? rows : 64;
            MemoryLimits.require(source, capacity, featureCount, 1, budget, false);
            features = new float[capacity * featureCount];
            labels = new float[capacity];
        }

        void add(float[] x, float label) throws DataTooLargeException {
            if (size == labels.length) {
                long grown = Math.max(16, 2L * labels.length);
                // Growing copies the arrays: the old and the new ones are both alive for a moment.
                MemoryLimits.require(source, size + grown, featureCount, 1, budget, true);
                features = Arrays.copyOf(features, (int) grown * featureCount);
                labels = Arrays.copyOf(labels, (int) grown);
            }
            System.arraycopy(x, 0, features, size * featureCount, featureCount);
            labels[size++] = label;
        }
    }
}
