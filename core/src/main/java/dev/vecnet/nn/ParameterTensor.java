package dev.vecnet.nn;

/**
 * One named parameter tensor of a network: a view of {@code rows x cols} floats (row-major) in the
 * network's flat parameter array, and the same view in every array of that layout (a training
 * context's gradients, an optimizer's state).
 *
 * <p>Names follow PyTorch's {@code nn.Sequential} state dict: {@code "<layer index>.<name>"}, for
 * example {@code 0.weight} (shape {@code [out, in]}), {@code 0.bias} ({@code [out]}),
 * {@code 1.running_mean}.
 *
 * @param name      state-dict name
 * @param offset    first element in the flat arrays
 * @param rows      rows (1 for a vector)
 * @param cols      columns
 * @param vector    whether PyTorch's shape is one-dimensional ({@code [cols]})
 * @param decayed   whether L2 regularisation and weight decay apply: weights yes; biases, PReLU slopes
 *                  and BatchNorm parameters no
 * @param trainable whether an optimizer updates it: false for BatchNorm running statistics, which the
 *                  forward pass updates
 */
public record ParameterTensor(String name, int offset, int rows, int cols, boolean vector, boolean decayed,
                              boolean trainable) {

    /**
     * Number of elements.
     *
     * @return {@code rows * cols}
     */
    public int size() {
        return rows * cols;
    }

    /**
     * PyTorch's shape: {@code [cols]} for a vector, else {@code [rows, cols]}.
     *
     * @return a new array: {@code [cols]} for a vector, else {@code [rows, cols]}
     */
    public int[] shape() {
        return vector ? new int[] {cols} : new int[] {rows, cols};
    }
}
