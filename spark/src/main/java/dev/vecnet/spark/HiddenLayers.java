package dev.vecnet.spark;

import dev.vecnet.nn.Network;

import java.util.Locale;

/**
 * The hidden layers of a {@link VecnetClassifier} as text: comma-separated modules, e.g.
 * {@code dense:64,batchnorm,relu,dropout:0.2,dense:32,tanh}. Modules: {@code dense:UNITS}, {@code relu},
 * {@code tanh}, {@code sigmoid}, {@code leakyrelu}, {@code elu}, {@code prelu}, {@code batchnorm},
 * {@code dropout:P}. The classifier appends the output layer ({@code dense:classes}) itself.
 */
public final class HiddenLayers {
    private HiddenLayers() {
    }

    /**
     * Adds the modules of {@code text} to {@code builder}, in order.
     *
     * @param builder the network under construction; modules are appended to it
     * @param text    the modules, e.g. {@code dense:64,relu}; blank adds nothing
     * @return {@code builder}
     * @throws IllegalArgumentException naming the module that is unknown or has a bad argument
     */
    public static Network.Builder addTo(Network.Builder builder, String text) {
        if (text.isBlank()) {
            return builder;
        }
        for (String raw : text.split(",")) {
            String module = raw.trim().toLowerCase(Locale.ROOT);
            String[] parts = module.split(":", -1);
            try {
                switch (parts[0]) {
                    case "dense" -> builder.dense(Integer.parseInt(argument(parts, module)));
                    case "dropout" -> builder.dropout(Float.parseFloat(argument(parts, module)));
                    case "relu" -> builder.relu();
                    case "tanh" -> builder.tanh();
                    case "sigmoid" -> builder.sigmoid();
                    case "leakyrelu" -> builder.leakyRelu();
                    case "elu" -> builder.elu();
                    case "prelu" -> builder.prelu();
                    case "batchnorm" -> builder.batchNorm();
                    default -> throw new IllegalArgumentException("unknown module '" + module + "' in layers '" + text
                            + "'");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("module '" + module + "' in layers '" + text
                        + "' needs a number after ':'", e);
            }
        }
        return builder;
    }

    private static String argument(String[] parts, String module) {
        if (parts.length != 2) {
            throw new IllegalArgumentException("module '" + module + "' needs one argument, e.g. dense:64");
        }
        return parts[1];
    }
}
