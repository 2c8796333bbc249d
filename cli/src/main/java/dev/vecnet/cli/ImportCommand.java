package dev.vecnet.cli;

import dev.vecnet.nn.Architecture;
import dev.vecnet.data.MemoryLimits;
import dev.vecnet.format.LoadedModel;
import dev.vecnet.format.ModelFile;
import dev.vecnet.format.ModelFormat;
import dev.vecnet.format.StateDictOptions;
import dev.vecnet.nn.BuildOptions;
import dev.vecnet.nn.Init;
import dev.vecnet.nn.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code vecnet import}: turns a model trained elsewhere into a vecnet model file that {@code evaluate} and
 * {@code predict} take as they take a trained one (without standardisation: the inputs go to the network as
 * they are). A {@code .safetensors} file is a PyTorch {@code state_dict} of the network {@code --arch}
 * describes, loaded strictly ({@link ModelFile#loadStateDict}), module names mapped with {@code --names}; any
 * other file is read by the {@link ModelFormat} whose extension it has (ONNX: the module
 * {@code dev.vecnet:vecnet-onnx}), which knows the architecture itself. Not thread-safe; one call per instance.
 */
@Command(name = "import", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Turn a PyTorch state dict (.safetensors) or a model of an installed format (e.g. ONNX) into "
                + "a vecnet model file for evaluate and predict.",
        footer = {"", "A .safetensors file is a PyTorch state_dict of the nn.Sequential that --arch describes: tensors "
                + "0.weight [out, in], 0.bias, 1.running_mean, ... (F32, F64, F16 or BF16). Every tensor of the network "
                + "must be in the file and every tensor of the file must belong to the network; all that do not are "
                + "listed. The first number of --arch is the number of inputs, the columns of the first weight.",
                "", "Other files are read by the format module for their extension, which knows the architecture "
                + "itself (--arch, --names and --loss do not apply); ONNX needs the module dev.vecnet:vecnet-onnx on "
                + "the class path."})
final class ImportCommand implements Callable<Integer> {
    /** The extension of the files read as PyTorch state dicts. */
    static final String SAFETENSORS = ".safetensors";

    @Parameters(index = "0", paramLabel = "FILE", description = "The model to import: a PyTorch state dict saved as "
            + ".safetensors, or a file of an installed format (e.g. .onnx).")
    Path file;

    @Option(names = "--arch", paramLabel = "SPEC", description = "The network the state dict belongs to, as for train: "
            + "INPUTS-...-CLASSES, e.g. 784-128relu-bn-10 (" + Architecture.GRAMMAR + "). Required for .safetensors.")
    String arch;

    @Option(names = "--names", paramLabel = "FILE", description = "Module names of a model that is not an "
            + "nn.Sequential: one 'from=to' or 'from to' line per module, e.g. fc1=0, bn1=2, fc2=3; '#' starts a comment.")
    Path names;

    @Option(names = "--loss", paramLabel = "NAME", converter = NetworkOptions.LossConverter.class,
            description = "The loss the model was trained with: softmax (predict writes probabilities) or hinge (raw "
                    + "scores). Default: softmax.")
    NetworkOptions.LossName loss;

    @Option(names = "--out", paramLabel = "FILE", required = true,
            description = "The vecnet model file to write (refused when it exists, unless --overwrite).")
    Path out;

    @Option(names = "--overwrite", description = "Replace the --out file when it exists.")
    boolean overwrite;

    private final Output output;
    private final Function<Path, Optional<ModelFormat>> formatFor;
    private final Supplier<List<ModelFormat>> formats;

    /** A command writing its summary to {@code output}, with the formats the class path provides. */
    ImportCommand(Output output) {
        this(output, ModelFormat::forFile, ModelFormat::available);
    }

    /** A command with its own format lookup (tests supply formats without registering them as services). */
    ImportCommand(Output output, Function<Path, Optional<ModelFormat>> formatFor, Supplier<List<ModelFormat>> formats) {
        this.output = output;
        this.formatFor = formatFor;
        this.formats = formats;
    }

    @Override
    public Integer call() {
        boolean stateDict = file.toString().toLowerCase(Locale.ROOT).endsWith(SAFETENSORS);
        ModelFormat format = stateDict ? null : formatFor.apply(file).orElseThrow(this::noFormat);
        if (stateDict && arch == null) {
            throw new UsageException("importing the state dict " + file + " needs --arch, the network it belongs to "
                    + "(e.g. --arch 784-128relu-10)");
        }
        if (!stateDict && (arch != null || names != null || loss != null)) {
            throw new UsageException("--arch, --names and --loss do not apply to " + file + ": the " + format.name()
                    + " file describes its network itself; leave them out");
        }
        Architecture spec = stateDict ? NetworkOptions.parse(arch) : null;
        checkOut();
        if (!Files.isRegularFile(file)) {
            throw new CommandFailedException("model file not found: " + file.toAbsolutePath());
        }
        StoredModel model = stateDict ? readStateDict(spec) : read(format);
        model.save(out);
        Network net = model.network();
        // the file names and the format's name may hold anything: printed terminal-safe
        output.out().printf(Locale.ROOT, "imported %s (%s): %d inputs, %d outputs, %d parameters, loss %s%nwrote %s%n",
                TerminalText.name(file.toString()), TerminalText.name(stateDict ? "PyTorch state dict, network " + spec
                        : format.name()), net.inputSize(), net.outputSize(), net.parameters().size(),
                TerminalText.name(net.loss().name()), TerminalText.name(out.toString()));
        output.out().flush();
        return 0;
    }

    private StoredModel readStateDict(Architecture spec) {
        StateDictOptions options = StateDictOptions.defaults();
        if (names != null) {
            options = options.withModuleNames(ModuleNamesFile.read(names));
        }
        NetworkOptions.LossName lossName = loss == null ? NetworkOptions.LossName.SOFTMAX : loss;
        NetworkFootprint.require(spec, 1, false, MemoryLimits.availableHeap());
        Network net = Network.from(spec.networkSpec(lossName.loss(), 0f, Init.HE_NORMAL), BuildOptions.defaults());
        try {
            ModelFile.loadStateDict(file, net, options);
        } catch (IOException e) {
            throw new CommandFailedException("cannot import " + file + ": " + OutputFiles.reason(e)
                    + (names == null ? "; check --arch, and give --names when the model is not an nn.Sequential"
                            : "; check --arch and --names " + names), e);
        }
        return new StoredModel(net, null);
    }

    private StoredModel read(ModelFormat format) {
        try {
            LoadedModel loaded = format.read(file);
            return new StoredModel(loaded.network(), loaded.preprocessor());
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandFailedException("cannot import " + file + " as " + format.name() + ": "
                    + (e instanceof IOException io ? OutputFiles.reason(io) : e.getMessage()), e);
        }
    }

    /** Refuses an existing --out file unless --overwrite, and a folder always. */
    private void checkOut() {
        if (Files.isDirectory(out)) {
            throw new UsageException("--out " + out + " is a folder; give the model file to write, e.g. "
                    + out.resolve("model" + SAFETENSORS));
        }
        if (Files.exists(out) && !overwrite) {
            throw new UsageException("--out " + out + " exists; choose another --out, or add --overwrite to replace it");
        }
    }

    private UsageException noFormat() {
        List<ModelFormat> installed = formats.get();
        String modules = installed.stream().map(f -> f.name() + " (" + f.fileExtension() + ")")
                .collect(Collectors.joining(", "));
        boolean onnxInstalled = installed.stream().anyMatch(f -> f.name().equalsIgnoreCase("onnx"));
        return new UsageException(file + " is not a " + SAFETENSORS + " state dict, and no installed format reads it "
                + "(formats: PyTorch state dicts (" + SAFETENSORS + ")" + (modules.isEmpty() ? "" : ", " + modules)
                + ")" + (onnxInstalled ? "" : "; ONNX needs the module dev.vecnet:vecnet-onnx on the class path"));
    }
}
