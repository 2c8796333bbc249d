package dev.vecnet.format;

/** The safetensors element types this reader knows, with their sizes in bytes. */
enum DType {
    /** 64-bit float. */
    F64(8),
    /** 32-bit float: every float tensor vecnet writes. */
    F32(4),
    /** 16-bit float. */
    F16(2),
    /** bfloat16. */
    BF16(2),
    /** 64-bit signed integer: BatchNorm's {@code num_batches_tracked}. */
    I64(8),
    /** 32-bit signed integer. */
    I32(4),
    /** 16-bit signed integer. */
    I16(2),
    /** 8-bit signed integer. */
    I8(1),
    /** 8-bit unsigned integer. */
    U8(1),
    /** Boolean, one byte. */
    BOOL(1);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /**
     * Bytes per element.
     *
     * @return the element size in bytes, for example 4 for F32
     */
    public int bytes() {
        return bytes;
    }

    /**
     * Whether values of this type load into float32 parameters: F32 as it is, F64 rounded to nearest
     * (ties to even), F16 and BF16 exactly ({@link TensorConversion}).
     */
    boolean isFloat() {
        return this == F32 || this == F64 || this == F16 || this == BF16;
    }

    /** The type with this safetensors name, or an exception naming the tensor. */
    static DType named(String name, String tensor) throws ModelFormatException {
        for (DType d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        throw new ModelFormatException("tensor '" + tensor + "': unknown dtype '" + name + "'");
    }
}
