package dev.vecnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;

class DatasetsTest {
    @Test
    void shippedDataSetsHaveTheDocumentedShapes() throws IOException {
        Dataset digits = Datasets.digits();
        assertEquals(1797, digits.size());
        assertEquals(64, digits.featureCount());
        assertEquals(10, digits.classCount());
        for (float v : digits.features()) {
            assertTrue(v >= 0 && v <= 16 && v == Math.rint(v));
        }
        Dataset cancer = Datasets.breastCancer();
        assertEquals(569, cancer.size());
        assertEquals(30, cancer.featureCount());
        assertArrayEquals(new int[] {212, 357}, cancer.classCounts());
        Dataset iris = Datasets.iris();
        assertEquals(150, iris.size());
        assertEquals(4, iris.featureCount());
        assertArrayEquals(new int[] {50, 50, 50}, iris.classCounts());
        assertEquals(5.1f, iris.features()[0]);
        iris.requireFinite("iris");
    }

    @Test
    void resourcesStaySmallAndCarryTheirOrigin() throws IOException {
        long total = 0;
        for (String name : new String[] {"digits.csv.gz", "breast_cancer.csv", "iris.csv"}) {
            try (InputStream in = Datasets.class.getResourceAsStream(name)) {
                total += in.readAllBytes().length;
            }
        }
        assertTrue(total < 200_000, "shipped data is " + total + " bytes");
        try (InputStream in = Datasets.class.getResourceAsStream("README.md")) {
            String readme = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(readme.contains("CC BY 4.0") && readme.contains("Alpaydin") && readme.contains("Wolberg")
                    && readme.contains("Fisher"), readme);
        }
    }
}
