package dev.vecnet.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a run's loss and accuracy curves as the course's "babysitting the learning process" does (CS231n, Neural
 * Networks Part 3): the shape of the loss curve tells the learning rate, and the gap between training and
 * validation accuracy tells over- or underfitting. Each rule has a threshold, a public constant below; each
 * finding names the numbers that triggered it and the option to change.
 *
 * <p>The training loss of an epoch is the {@link History}'s (the whole training set in evaluation mode) or, where
 * that was not measured (NaN), the mean of the epoch's iteration losses. A reading needs at least
 * {@link #MIN_EPOCHS} epochs; accuracies are needed by the accuracy rules only (NaN for target losses, which they
 * skip). The rules, with {@code T[e]} the training loss of epoch {@code e} and {@code E} epochs:
 * <ul>
 *   <li>{@link Finding.Kind#LEARNING_RATE_TOO_HIGH}: the loss rises, {@code T[E-1] > (1 + RISE) min T}, or
 *       oscillates: at least {@code max(2, OSCILLATION_SHARE * (E - 1))} of the epoch-to-epoch changes are rises of
 *       more than {@code OSCILLATION_STEP T[e-1]}. Value: the rise over the lowest loss (a fraction), or the
 *       number of rises.</li>
 *   <li>{@link Finding.Kind#FLAT_LOSS}: the mean iteration loss of the last epoch is less than
 *       {@code FLAT_DECREASE} below the mean of the first {@link #START_ITERATIONS} iterations. Value: the
 *       relative decrease.</li>
 *   <li>{@link Finding.Kind#UNDERFITTING}: the last epoch's training accuracy below {@code LOW_ACCURACY} and the
 *       validation accuracy (when measured) too, within {@code CLOSE_GAP} of it. Value: the training
 *       accuracy.</li>
 *   <li>{@link Finding.Kind#OVERFITTING}: the last epoch's training accuracy at least {@code OVERFITTING_GAP}
 *       above the validation accuracy, and the gap growing: larger than at the first epoch, or (a small training
 *       set learnt by heart within the first epoch) the validation loss turned up as the next rule says. Value:
 *       the gap. The sentence names the epoch of the lowest validation loss, where an earlier stop would have
 *       ended.</li>
 *   <li>{@link Finding.Kind#VALIDATION_LOSS_RISING}: the last validation loss more than {@code VALIDATION_RISE}
 *       above its lowest, at an earlier epoch since which the training loss fell. Value: the rise (a
 *       fraction).</li>
 * </ul>
 * One cause, one finding: a loss that rises or oscillates is not also read as flat, a flat or rising loss not
 * also as underfitting, and a rising validation loss is not reported beside an overfitting finding (which names
 * the epoch of the lowest validation loss) or a learning rate too high (which makes both curves jump).
 * ({@link Diagnostics} adds the layer findings, and reads a flat loss or low accuracy of a network with dead or
 * saturated units as those units' finding.)
 *
 * <p>Stateless; {@link #read} allocates only its result.
 */
public final class TrainingCurves {
    /** Epochs a reading needs: with fewer there is no curve to read. */
    public static final int MIN_EPOCHS = 3;
    /**
     * Rising loss: the last epoch's training loss more than this fraction (10 %) above the lowest epoch's. A
     * healthy run's training loss does not go up by that much; one with too high a learning rate bounces back up.
     */
    public static final double RISE = 0.10;
    /** Oscillation: an epoch-to-epoch rise counts when it is more than this fraction (2 %) of the loss before. */
    public static final double OSCILLATION_STEP = 0.02;
    /** Oscillation: the share (a third) of epoch-to-epoch changes that must be such rises (and at least 2). */
    public static final double OSCILLATION_SHARE = 1.0 / 3;
    /**
     * Flat loss: the last epoch's mean iteration loss less than this fraction (5 %) below the start (the mean of
     * the first {@link #START_ITERATIONS} iterations). A learning rate 100 times too low moves it less than that.
     */
    public static final double FLAT_DECREASE = 0.05;
    /** Iterations whose mean loss is the start of the flat-loss rule (fewer when the first epoch has fewer). */
    public static final int START_ITERATIONS = 10;
    /** Underfitting: training (and validation) accuracy below this (75 %) at the last epoch. */
    public static final double LOW_ACCURACY = 0.75;
    /** Underfitting: training and validation accuracy within this (5 points) of each other. */
    public static final double CLOSE_GAP = 0.05;
    /** Overfitting: training accuracy at least this (10 points) above validation accuracy at the last epoch. */
    public static final double OVERFITTING_GAP = 0.10;
    /** Validation loss turning up: the last validation loss more than this fraction (10 %) above its lowest. */
    public static final double VALIDATION_RISE = 0.10;

    private TrainingCurves() {
    }

    /**
     * Reads the curves of {@code history}: the findings of the rules in the class comment, at most one per kind,
     * in the order of {@link Finding.Kind}.
     *
     * @param history a finished (or running) fit's history, with at least {@link #MIN_EPOCHS} epochs for any
     *                finding; not modified
     * @return the findings, empty for a healthy run or a short one; a new list
     */
    public static List<Finding> read(History history) {
        return read(history, history.epochs(), false);
    }

    /**
     * The findings over the first {@code epochs} epochs; with {@code unitsExplainStall}, a flat loss and low
     * accuracy are left to the layer findings that explain them.
     */
    static List<Finding> read(History history, int epochs, boolean unitsExplainStall) {
        List<Finding> out = new ArrayList<>();
        Reading r = new Reading();
        for (Finding.Kind kind : Finding.Kind.values()) {
            if (holds(kind, history, epochs, unitsExplainStall, r)) {
                out.add(finding(kind, history, r));
            }
        }
        return out;
    }

    /** The numbers a rule measured, for its finding's sentence. Reused; not thread-safe. */
    static final class Reading {
        int epoch;
        int other;
        double value;
        double threshold;
        double a;
        double b;
        double c;
        double d;
        boolean oscillation;
    }

    /**
     * Whether the rule of {@code kind} holds over the first {@code epochs} epochs, after the precedence of the
     * class comment; its numbers go into {@code r}. Allocates nothing. False for the layer kinds.
     */
    static boolean holds(Finding.Kind kind, History h, int epochs, boolean unitsExplainStall, Reading r) {
        if (epochs < MIN_EPOCHS) {
            return false;
        }
        switch (kind) {
            case LEARNING_RATE_TOO_HIGH:
                return tooHigh(h, epochs, r);
            case FLAT_LOSS:
                return !unitsExplainStall && !tooHigh(h, epochs, r) && flat(h, epochs, r);
            case UNDERFITTING:
                return !unitsExplainStall && !tooHigh(h, epochs, r) && !flat(h, epochs, r) && underfitting(h, epochs, r);
            case OVERFITTING:
                return overfitting(h, epochs, r);
            case VALIDATION_LOSS_RISING:
                return !tooHigh(h, epochs, r) && !overfitting(h, epochs, r) && validationRising(h, epochs, r);
            default:
                return false;
        }
    }

    /** The training loss of epoch {@code e}: evaluated, or the mean of its iteration losses. */
    static double trainLoss(History h, int e) {
        double t = h.trainLoss(e);
        if (!Double.isNaN(t)) {
            return t;
        }
        int from = e == 0 ? 0 : h.epochEnd(e - 1);
        return meanIterationLoss(h, from, h.epochEnd(e));
    }

    private static double meanIterationLoss(History h, int from, int to) {
        if (to <= from) {
            return Double.NaN;
        }
        double s = 0;
        for (int i = from; i < to; i++) {
            s += h.iterationLoss(i);
        }
        return s / (to - from);
    }

    private static boolean tooHigh(History h, int epochs, Reading r) {
        int last = epochs - 1;
        int lowest = 0;
        for (int e = 1; e < epochs; e++) {
            if (trainLoss(h, e) < trainLoss(h, lowest)) {
                lowest = e;
            }
        }
        double min = trainLoss(h, lowest);
        double end = trainLoss(h, last);
        if (min > 0 && end > (1 + RISE) * min) {
            r.oscillation = false;
            r.epoch = last;
            r.other = lowest;
            r.a = min;
            r.b = end;
            r.value = end / min - 1;
            r.threshold = RISE;
            return true;
        }
        int rises = 0;
        double largest = 0;
        for (int e = 1; e < epochs; e++) {
            double before = trainLoss(h, e - 1);
            double after = trainLoss(h, e);
            if (after > (1 + OSCILLATION_STEP) * before) {
                rises++;
                largest = Math.max(largest, after / before - 1);
            }
        }
        int needed = Math.max(2, (int) Math.ceil(OSCILLATION_SHARE * (epochs - 1)));
        if (rises >= needed) {
            r.oscillation = true;
            r.epoch = last;
            r.other = epochs - 1;
            r.a = largest;
            r.value = rises;
            r.threshold = needed;
            return true;
        }
        return false;
    }

    private static boolean flat(History h, int epochs, Reading r) {
        int firstEnd = h.epochEnd(0);
        double start = meanIterationLoss(h, 0, Math.min(START_ITERATIONS, firstEnd));
        double end = meanIterationLoss(h, h.epochEnd(epochs - 2), h.epochEnd(epochs - 1));
        if (!(start > 0) || Double.isNaN(end)) {
            return false;
        }
        double decrease = (start - end) / start;
        if (decrease < FLAT_DECREASE) {
            r.epoch = epochs - 1;
            r.a = start;
            r.b = end;
            r.other = Math.min(START_ITERATIONS, firstEnd);
            r.value = decrease;
            r.threshold = FLAT_DECREASE;
            return true;
        }
        return false;
    }

    private static boolean underfitting(History h, int epochs, Reading r) {
        int last = epochs - 1;
        double train = h.trainAccuracy(last);
        double validation = h.validationAccuracy(last);
        if (!(train < LOW_ACCURACY)) {
            return false;
        }
        if (!Double.isNaN(validation) && !(validation < LOW_ACCURACY && Math.abs(train - validation) <= CLOSE_GAP)) {
            return false;
        }
        r.epoch = last;
        r.a = train;
        r.b = validation;
        r.value = train;
        r.threshold = LOW_ACCURACY;
        return true;
    }

    private static boolean overfitting(History h, int epochs, Reading r) {
        int last = epochs - 1;
        double gap = h.trainAccuracy(last) - h.validationAccuracy(last);
        double first = h.trainAccuracy(0) - h.validationAccuracy(0);
        int best = lowestValidationLoss(h, epochs);
        // Growing: wider than after the first epoch, or (a small training set learnt by heart within the first
        // epoch) the validation loss turned up since its lowest while the training loss went on falling.
        if (!(gap >= OVERFITTING_GAP) || !(gap > first || turnedUp(h, epochs, best))) {
            return false;
        }
        r.epoch = last;
        r.a = h.trainAccuracy(last);
        r.b = h.validationAccuracy(last);
        r.c = first;
        r.other = best;
        r.value = gap;
        r.threshold = OVERFITTING_GAP;
        return true;
    }

    private static int lowestValidationLoss(History h, int epochs) {
        int best = -1;
        for (int e = 0; e < epochs; e++) {
            double v = h.validationLoss(e);
            if (!Double.isNaN(v) && (best < 0 || v < h.validationLoss(best))) {
                best = e;
            }
        }
        return best;
    }

    /**
     * Whether the last validation loss is more than {@link #VALIDATION_RISE} above the lowest, at epoch
     * {@code best} before the last, since which the training loss fell.
     */
    private static boolean turnedUp(History h, int epochs, int best) {
        int last = epochs - 1;
        if (best < 0 || best == last) {
            return false;
        }
        double lowest = h.validationLoss(best);
        return lowest > 0 && h.validationLoss(last) > (1 + VALIDATION_RISE) * lowest
                && trainLoss(h, last) < trainLoss(h, best);
    }

    private static boolean validationRising(History h, int epochs, Reading r) {
        int last = epochs - 1;
        int best = lowestValidationLoss(h, epochs);
        if (!turnedUp(h, epochs, best)) {
            return false;
        }
        r.epoch = last;
        r.other = best;
        r.a = h.validationLoss(best);
        r.b = h.validationLoss(last);
        r.c = trainLoss(h, best);
        r.d = trainLoss(h, last);
        r.value = r.b / r.a - 1;
        r.threshold = VALIDATION_RISE;
        return true;
    }

    /** The finding of {@code kind} from the numbers its rule left in {@code r}. */
    static Finding finding(Finding.Kind kind, History h, Reading r) {
        String observation;
        String advice;
        switch (kind) {
            case LEARNING_RATE_TOO_HIGH:
                if (r.oscillation) {
                    observation = format("the training loss went up from one epoch to the next %d times in %d epochs "
                                    + "(by more than %s each, up to %s; threshold %d times): it oscillates",
                            (int) r.value, r.epoch + 1, percent(OSCILLATION_STEP), percent(r.a), (int) r.threshold);
                } else {
                    observation = format("the training loss rose from %s at epoch %d (its lowest) to %s at epoch %d, "
                                    + "%s higher (threshold %s)", loss(r.a), r.other + 1, loss(r.b), r.epoch + 1,
                            percent(r.value), percent(RISE));
                }
                advice = "the learning rate is too high: lower it (--lr), by 3 to 10 times";
                break;
            case FLAT_LOSS:
                observation = format("the training loss barely moved: from %s (mean of the first %d iterations) to %s "
                                + "(mean of epoch %d), a decrease of %s (threshold %s)", loss(r.a), r.other, loss(r.b),
                        r.epoch + 1, percent(r.value), percent(FLAT_DECREASE));
                advice = "the learning rate is too low: raise it (--lr), by 10 times or more";
                break;
            case UNDERFITTING:
                observation = Double.isNaN(r.b)
                        ? format("training accuracy is %s at epoch %d, below %s", percent(r.a), r.epoch + 1,
                                percent(LOW_ACCURACY))
                        : format("training accuracy %s and validation accuracy %s at epoch %d are both below %s and "
                                        + "within %s of each other", percent(r.a), percent(r.b), r.epoch + 1,
                                percent(LOW_ACCURACY), points(CLOSE_GAP));
                advice = "the network underfits: give it more capacity (wider or more layers in --arch) or train "
                        + "longer (--epochs)";
                break;
            case OVERFITTING:
                observation = format("training accuracy %s is %s above validation accuracy %s at epoch %d (threshold "
                                + "%s); the gap was %s at epoch 1", percent(r.a), points(r.value),
                        percent(r.b), r.epoch + 1, points(OVERFITTING_GAP), points(r.c))
                        + (r.other >= 0 && r.other < r.epoch ? format(" and the validation loss has risen %s since "
                        + "its lowest, at epoch %d", percent(h.validationLoss(r.epoch) / h.validationLoss(r.other) - 1),
                        r.other + 1) : "");
                advice = "the network overfits: raise the L2 strength (--l2) or add dropout in --arch (e.g. "
                        + "dropout0.3 after a hidden layer)"
                        + (r.other >= 0 && r.other < r.epoch ? format(", or stop earlier: the validation loss was "
                        + "lowest at epoch %d (--epochs %d)", r.other + 1, r.other + 1) : "");
                break;
            case VALIDATION_LOSS_RISING:
                observation = format("the validation loss rose from %s at epoch %d (its lowest) to %s at epoch %d, "
                                + "%s higher (threshold %s), while the training loss fell from %s to %s",
                        loss(r.a), r.other + 1, loss(r.b), r.epoch + 1, percent(r.value), percent(VALIDATION_RISE),
                        loss(r.c), loss(r.d));
                advice = format("stop earlier (--epochs %d, or early stopping with --patience) or regularise more "
                        + "(--l2, or dropout in --arch)", r.other + 1);
                break;
            default:
                throw new IllegalArgumentException(kind + " is not a curve finding");
        }
        return new Finding(kind, null, r.epoch, r.value, r.threshold, observation, advice);
    }

    static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    /** A fraction as a percentage, e.g. {@code 12.5 %}. */
    static String percent(double fraction) {
        return format("%.1f %%", 100 * fraction);
    }

    /** A difference of fractions as percentage points, e.g. {@code 28.5 points}. */
    static String points(double fraction) {
        return format("%.1f points", 100 * fraction);
    }

    /** A loss value, four significant digits. */
    static String loss(double value) {
        return format("%.4g", value);
    }
}
