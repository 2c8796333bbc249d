package dev.vecnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        if (name.endsWith(".gz")) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(content.getBytes(StandardCharsets.UTF_8));
            }
        } else {
            Files.writeString(file, content);
        }
        return file;
    }

    @Test
    void readsFeaturesAndLabelByNameIndexAndGzip() throws IOException {
        String csv = "a,cls,b\n1.5,2,-3\n4,0,5e-1\n";
        Dataset byName = CsvLoader.labelColumn("cls").load(write("d.csv", csv));
        assertEquals(2, byName.size());
        assertEquals(2, byName.featureCount());
        assertEquals(3, byName.classCount());
        assertArrayEquals(new float[] {1.5f, -3f, 4f, 0.5f}, byName.features());
        assertArrayEquals(new int[] {2, 0}, byName.labels());
        Dataset byIndex = CsvLoader.labelColumn(1).load(write("d.csv.gz", csv));
        assertArrayEquals(byName.features(), byIndex.features());
        assertArrayEquals(byName.labels(), byIndex.labels());
        Dataset last = CsvLoader.lastColumnLabel().asTargets().load(write("t.csv", csv));
        assertArrayEquals(new float[] {-3f, 0.5f}, last.targets());
        assertEquals(1, last.targetCount());
    }

    @Test
    void badValueNamesFileLineAndColumn() throws IOException {
        Path file = write("bad.csv", "a,b,label\n1,2,0\n3,x3,1\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvLoader.lastColumnLabel().load(file));
        assertTrue(e.getMessage().contains("bad.csv: line 3, column 2"), e.getMessage());
        assertTrue(e.getMessage().contains("'x3'"), e.getMessage());
    }

    @Test
    void raggedRowsEmptyFilesAndBadLabelsAreErrors() throws IOException {
        CsvLoader loader = CsvLoader.lastColumnLabel();
        String shortRow = assertThrows(DataFormatException.class,
                () -> loader.load(write("s.csv", "a,b,label\n1,2,0\n1,0\n"))).getMessage();
        assertTrue(shortRow.contains("line 3") && shortRow.contains("ragged"), shortRow);
        String longRow = assertThrows(DataFormatException.class,
                () -> loader.load(write("l.csv", "a,b,label\n1,2,0,7\n"))).getMessage();
        assertTrue(longRow.contains("line 2, column 4") && longRow.contains("ragged"), longRow);
        String empty = assertThrows(DataFormatException.class, () -> loader.load(write("e.csv", ""))).getMessage();
        assertTrue(empty.contains("e.csv") && empty.contains("empty"), empty);
        String headerOnly = assertThrows(DataFormatException.class,
                () -> loader.load(write("h.csv", "a,label\n"))).getMessage();
        assertTrue(headerOnly.contains("no data rows"), headerOnly);
        String label = assertThrows(DataFormatException.class,
                () -> loader.load(write("f.csv", "a,label\n1,0.5\n"))).getMessage();
        assertTrue(label.contains("line 2, column 2") && label.contains("not a non-negative integer"), label);
        String missing = assertThrows(DataFormatException.class,
                () -> CsvLoader.labelColumn("y").load(write("m.csv", "a,label\n1,0\n"))).getMessage();
        assertTrue(missing.contains("no column named 'y'"), missing);
    }

    @Test
    void nonFiniteValuesRefusedUnlessAllowed() throws IOException {
        Path file = write("n.csv", "a,b,label\n1,NaN,0\n2,Infinity,1\n");
        String message = assertThrows(DataFormatException.class, () -> CsvLoader.lastColumnLabel().load(file))
                .getMessage();
        assertTrue(message.contains("line 2, column 2") && message.contains("not finite"), message);
        assertFalse(message.contains("allowNonFinite"), "a command line user cannot call a method: " + message);
        Dataset allowed = CsvLoader.lastColumnLabel().allowNonFinite().load(file);
        assertTrue(Float.isNaN(allowed.features()[1]));
        assertThrows(DataFormatException.class, () -> allowed.requireFinite("n.csv"));
    }
}
