package dev.vecnet.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Recognising a data file by its bytes, not its name. */
class DataFileKindTest {
    @TempDir
    Path dir;

    @Test
    void magicNumbersDecideAndTheNameDoesNot() throws IOException {
        Path vecdata = Files.write(dir.resolve("train.csv"), "VECDATA\0rest".getBytes(StandardCharsets.ISO_8859_1));
        Path idx = Files.write(dir.resolve("images.vecdata"), new byte[] {0, 0, 8, 3, 0, 0, 0, 1});
        Path csv = Files.writeString(dir.resolve("x.idx"), "a,b,label\n1,2,0\n");
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        assertEquals(DataFileKind.VECDATA, DataFileKind.of(vecdata));
        assertEquals(DataFileKind.IDX_IMAGES, DataFileKind.of(idx));
        assertEquals(DataFileKind.CSV, DataFileKind.of(csv));
        assertEquals(DataFileKind.CSV, DataFileKind.of(empty));
    }

    @Test
    void gzippedIdxImagesAreRecognisedInsideTheirGzip() throws IOException {
        Path gz = dir.resolve("train-images-idx3-ubyte.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(new byte[] {0, 0, 8, 3, 0, 0, 0, 0});
        }
        assertEquals(DataFileKind.IDX_IMAGES, DataFileKind.of(gz));
        Path labelsGz = dir.resolve("t10k-labels-idx1-ubyte.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(labelsGz))) {
            out.write(new byte[] {0, 0, 8, 1, 0, 0, 0, 0});
        }
        assertEquals(DataFileKind.CSV, DataFileKind.of(labelsGz));
    }

    @Test
    void aMissingFileIsAnIOException() {
        assertThrows(IOException.class, () -> DataFileKind.of(dir.resolve("missing")));
    }

    @Test
    void mnistNamingGivesTheLabelFileBesideTheImages() {
        assertEquals(Optional.of(dir.resolve("train-labels-idx1-ubyte.gz")),
                DataFileKind.idxLabelsBeside(dir.resolve("train-images-idx3-ubyte.gz")));
        assertEquals(Optional.empty(), DataFileKind.idxLabelsBeside(dir.resolve("pixels.bin")));
    }
}
