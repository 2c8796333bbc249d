package dev.vecnet.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The 64-byte header of a vecnet data file ({@code .vecdata}), little-endian:
 *
 * <pre>
 * offset size field
 *      0    8 magic "VECDATA\0"
 *      8    4 format version (1)
 *     12    4 kind: 0 = int32 class labels, 1 = float32 targets
 *     16    8 rows n (int64)
 *     24    4 features f per row (int32)
 *     28    4 classes C (kind 0, at most 2^24) or targets t per row (kind 1)
 *     32    8 CRC32C of the n records, in the low 32 bits
 *     40   20 reserved, zero
 *     60    4 CRC32C of bytes 0..59
 * </pre>
 *
 * followed by {@code n} records of {@code f} float32 features then one int32 label (kind 0) or {@code t}
 * float32 targets (kind 1). The file is exactly {@code 64 + n * recordBytes} bytes long.
 */
record DataFileHeader(long rows, int featureCount, boolean labels, int classOrTargetCount, long dataChecksum) {
    static final int BYTES = 64;
    static final int VERSION = 1;
    /** Floats per row are bounded so that one record fits a mapped window many times over. */
    static final int MAX_WORDS_PER_ROW = 1 << 24;
    /**
     * Classes are bounded so that every label is an exact float (a CSV label is parsed as one) and the
     * per-class tables of a split stay small: labels lie in {@code [0, 2^24)}.
     */
    static final int MAX_CLASSES = 1 << 24;
    private static final byte[] MAGIC = {'V', 'E', 'C', 'D', 'A', 'T', 'A', 0};

    /** Bytes per record: {@code 4 * (f + 1)} for labels, {@code 4 * (f + t)} for targets. */
    int recordBytes() {
        return 4 * (featureCount + (labels ? 1 : classOrTargetCount));
    }

    /** The exact file length this header promises. */
    long fileBytes() {
        return BYTES + rows * recordBytes();
    }

    ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(VERSION).putInt(labels ? 0 : 1).putLong(rows).putInt(featureCount)
                .putInt(classOrTargetCount).putLong(dataChecksum);
        b.putInt(60, crc(b.array()));
        return b.rewind();
    }

    /**
     * Reads and validates a header: magic, version, header checksum, kind, positive sizes within bounds,
     * and the file length against {@code n * recordBytes} (computed without overflow). Allocates nothing
     * sized by the header.
     */
    static DataFileHeader decode(ByteBuffer raw, long fileLength, String source) throws DataFormatException {
        if (fileLength < BYTES) {
            throw DataFormatException.atByte(source, 0, "too short for a vecnet data file (" + fileLength
                    + " bytes, the header alone is " + BYTES + ")");
        }
        ByteBuffer b = raw.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < MAGIC.length; i++) {
            if (b.get(i) != MAGIC[i]) {
                throw DataFormatException.atByte(source, 0, "not a vecnet data file (the first 8 bytes are not "
                        + "\"VECDATA\\0\")");
            }
        }
        byte[] head = new byte[BYTES];
        b.get(0, head);
        int stored = b.getInt(60);
        if (crc(head) != stored) {
            throw DataFormatException.atByte(source, 60, "header checksum mismatch: the header is damaged");
        }
        int version = b.getInt(8);
        if (version != VERSION) {
            throw DataFormatException.atByte(source, 8, "format version " + version + ", this reader knows "
                    + VERSION);
        }
        int kind = b.getInt(12);
        if (kind != 0 && kind != 1) {
            throw DataFormatException.atByte(source, 12, "kind " + kind + ", expected 0 (labels) or 1 (targets)");
        }
        long rows = b.getLong(16);
        int features = b.getInt(24);
        int second = b.getInt(28);
        if (rows < 1) {
            throw DataFormatException.atByte(source, 16, "row count " + rows + " is not positive");
        }
        if (features < 1 || features >= MAX_WORDS_PER_ROW) {
            throw DataFormatException.atByte(source, 24, "feature count " + features + " is not in [1, "
                    + MAX_WORDS_PER_ROW + ")");
        }
        int secondLimit = kind == 0 ? MAX_CLASSES + 1 : MAX_WORDS_PER_ROW - features;
        if (second < 1 || second >= secondLimit) {
            throw DataFormatException.atByte(source, 28, (kind == 0 ? "class" : "target") + " count " + second
                    + " is not in [1, " + secondLimit + ")");
        }
        for (int i = 40; i < 60; i++) {
            if (b.get(i) != 0) {
                throw DataFormatException.atByte(source, i, "reserved header bytes are not zero");
            }
        }
        DataFileHeader header = new DataFileHeader(rows, features, kind == 0, second, b.getLong(32));
        long available = fileLength - BYTES;
        if (rows > available / header.recordBytes() || available != rows * header.recordBytes()) {
            throw DataFormatException.atByte(source, 16, "header declares " + rows + " rows of "
                    + header.recordBytes() + " bytes, but the file holds " + available + " bytes after the header");
        }
        return header;
    }

    private static int crc(byte[] head) {
        CRC32C crc = new CRC32C();
        crc.update(head, 0, 60);
        return (int) crc.getValue();
    }
}
