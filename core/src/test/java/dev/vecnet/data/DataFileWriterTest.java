package dev.vecnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** A class label read as a float is taken only when it is exactly a class of a data file. */
class DataFileWriterTest {

    @Property
    void everyWholeNumberBelow2To24IsTakenAsItself(@ForAll @IntRange(min = 0, max = (1 << 24) - 1) int label)
            throws DataFormatException {
        assertEquals(label, DataFileWriter.classLabel(label, "f.csv", 3, 2));
    }

    @Property
    void anyOtherFloatIsRefusedNamingTheFileLineAndColumn(@ForAll float value) {
        boolean isClass = value >= 0 && value < (1 << 24) && value == Math.rint(value);
        if (isClass) {
            return;
        }
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> DataFileWriter.classLabel(value, "f.csv", 7, 4));
        assertTrue(e.getMessage().startsWith("f.csv: line 7, column 4: label "), e.getMessage());
    }

    @Property
    void labelsBeyondTheRangeAreRefusedEvenWhenTheFloatIsWhole(
            @ForAll @IntRange(min = 1 << 24, max = Integer.MAX_VALUE) int label) {
        assertThrows(DataFormatException.class, () -> DataFileWriter.classLabel(label, "f.csv", 1, 1));
    }
}
