package dev.vecnet.spark.cli;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

import java.io.Serializable;

/**
 * Turns a row of a CSV or Parquet input into features and a label, on the executors: the features are the numeric
 * (or, from CSV, text) columns {@code featureIndices} in order, or the vector column {@code vectorIndex}; the label
 * is a whole number {@code >= 0}. Features become floats as {@code ./vecnet train} parses them. Immutable.
 *
 * @param labelIndex     the label column
 * @param labelName      its name, for messages
 * @param featureIndices the feature columns when there is no vector column
 * @param vectorIndex    the vector column, or -1
 * @param text           whether some feature columns are text (CSV) and must be parsed
 */
record RowReader(int labelIndex, String labelName, int[] featureIndices, int vectorIndex, boolean text)
        implements Serializable {

    /** The largest class label taken: a network has at most this many outputs anyway. */
    static final int MAX_LABEL = 1 << 20;

    /**
     * The features of {@code row}, a new array.
     *
     * @throws IllegalArgumentException naming the column for a missing or unparsable value
     */
    float[] features(Row row) {
        if (vectorIndex >= 0) {
            if (row.isNullAt(vectorIndex)) {
                throw new IllegalArgumentException("a row has no feature vector: " + row);
            }
            Vector v = row.getAs(vectorIndex);
            float[] x = new float[v.size()];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) v.apply(j);
            }
            return x;
        }
        float[] x = new float[featureIndices.length];
        for (int j = 0; j < x.length; j++) {
            x[j] = number(row, featureIndices[j]);
        }
        return x;
    }

    /**
     * The class label of {@code row}.
     *
     * @throws IllegalArgumentException when it is missing, not a whole number, negative or above {@link #MAX_LABEL}
     */
    int label(Row row) {
        float value = number(row, labelIndex);
        if (value != Math.rint(value) || value < 0 || value > MAX_LABEL) {
            throw new IllegalArgumentException("the label column '" + labelName + "' holds " + row.get(labelIndex)
                    + ", not a class 0, 1, ...: choose the label column with --label NAME|INDEX");
        }
        return (int) value;
    }

    private static String name(Row row, int column) {
        return row.schema() == null ? Integer.toString(column + 1) : "'" + row.schema().fields()[column].name() + "'";
    }

    private static float number(Row row, int column) {
        Object value = row.get(column);
        if (value == null) {
            throw new IllegalArgumentException("column " + name(row, column) + " has an empty "
                    + "value in row " + row);
        }
        if (value instanceof Number n) {
            return n.floatValue();
        }
        try {
            return Float.parseFloat(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("column " + name(row, column) + " holds '" + value
                    + "', not a number", e);
        }
    }
}
