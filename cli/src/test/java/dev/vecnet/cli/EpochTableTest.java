package dev.vecnet.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Loss cells keep the table's column width whatever the value. */
class EpochTableTest {
    @Test
    void lossesKeepTheirColumnWidth() {
        assertEquals("    0.6095", EpochTable.loss(0.60951));
        assertEquals(" 4.900e+20", EpochTable.loss(4.9e20));
        assertEquals("-1.000e+07", EpochTable.loss(-1e7));
        assertEquals("       NaN", EpochTable.loss(Double.NaN));
    }
}
