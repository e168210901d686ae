package org.nn4j.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A residual connection, the building block of ResNets: {@code output = block(input) + shortcut(input)}.
 * The shortcut is the {@link Identity} by default; where the block changes the shape (more channels, a
 * stride), it is a projection to the block's output shape, e.g. a 1×1 {@code Conv2D} with the block's stride
 * followed by a {@code BatchNorm2D}. Both take the same input, and their outputs must have the same shape.
 *
 * <p>In PyTorch this is a module with two attributes, {@code block} and {@code shortcut}, whose
 * {@code forward} returns {@code self.block(x) + self.shortcut(x)} (torchvision's ResNet blocks call them
 * the residual branch and {@code downsample}). Parameters and buffers are named by that path:
 * {@code block.0.weight}, {@code shortcut.1.running_mean}, so such a module's {@code state_dict} loads
 * directly.
 *
 * <p>Backward: dL/dinput = dL/dinput of the block + dL/dinput of the shortcut, each given the same delta;
 * the parameter gradients of both accumulate. {@link #train()}, {@link #eval()}, {@link #to},
 * {@link #freeze()} and {@link #unfreeze()} apply to both. Like {@link Sequential}, it is a {@link Module}
 * and nests: in a {@code Sequential}, in another {@code Residual}, in a {@link Concat}.
 *
 * <pre>{@code
 * // a ResNet block that halves the resolution and doubles the channels, then a U-Net-like skip
 * Sequential net = new Sequential(new Conv2D(1, 8, 3, 1, 1), new ReLU(),
 *         new Residual(new Sequential(new Conv2D(8, 16, 3, 2, 1), new BatchNorm2D(16), new ReLU(),
 *                         new Conv2D(16, 16, 3, 1, 1), new BatchNorm2D(16)),
 *                 new Sequential(new Conv2D(8, 16, 1, 2, 0), new BatchNorm2D(16))),   // projection shortcut
 *         new ReLU(),
 *         new Concat(1, new Identity(), new Conv2D(16, 8, 3, 1, 1)));                // [N, 16 + 8, H, W]
 * }</pre>
 */
public class Residual extends Module {

    private final Module block;
    private final Module shortcut;
    /**
     * The input and output shapes of the last forward, {input, output}: the backward pass checks delta against
     * them. Each forward publishes a new pair whole (as {@link Sequential} publishes its inputs), so that eval-mode
     * forwards from several threads never write to one array; they are plain longs, not arrays of a step.
     */
    private volatile long[][] lastShapes;

    /**
     * {@code output = block(input) + input}.
     *
     * @param block the residual branch, kept (not copied); its output must have the input's shape
     * @throws NullPointerException when {@code block} is null
     */
    public Residual(Module block) {
        this(block, new Identity());
    }

    /**
     * {@code output = block(input) + shortcut(input)}.
     *
     * @param block    the residual branch, kept (not copied)
     * @param shortcut the shortcut, kept (not copied): an {@link Identity}, or a projection to the block's
     *                 output shape
     * @throws NullPointerException     when one of them is null
     * @throws IllegalArgumentException when both are the same module (its parameters would be counted twice)
     */
    public Residual(Module block, Module shortcut) {
        this.block = Objects.requireNonNull(block, "block");
        this.shortcut = Objects.requireNonNull(shortcut, "shortcut");
        if (block == shortcut) {
            throw new IllegalArgumentException("Residual: the block and the shortcut are the same module " + block
                    + "; give each a module of its own");
        }
    }

    /** {@return the residual branch} */
    public Module block() {
        return block;
    }

    /** {@return the shortcut ({@link Identity} by default)} */
    public Module shortcut() {
        return shortcut;
    }

    /**
     * @param input what the block and the shortcut take; not modified
     * @return {@code block(input) + shortcut(input)}, a new array
     * @throws IllegalArgumentException when the input's dtype is not the parameters', or the block's and the
     *         shortcut's outputs differ in shape (naming both)
     */
    @Override
    public INDArray forward(INDArray input) {
        checkInput(input);
        INDArray out = block.forward(input);
        // the identity shortcut adds the input itself, without a copy
        INDArray skip = isIdentity() ? input : shortcut.forward(input);
        if (!Arrays.equals(out.shape(), skip.shape())) {
            throw new IllegalArgumentException("Residual: the block's output " + Checks.shape(out) + " and the shortcut's "
                    + Checks.shape(skip) + " differ in shape for input " + Checks.shape(input) + "; give the shortcut a"
                    + " projection to the block's output shape (a 1×1 convolution with the block's stride, say)");
        }
        INDArray y = sum(out, skip, input, null);
        lastShapes = new long[][] {input.shape(), y.shape()};
        return y;
    }

    /**
     * dL/dinput = dL/dinput of the block + dL/dinput of the shortcut.
     *
     * @param input the input given to forward; not modified
     * @param delta shaped like the output; not modified
     * @return a new array shaped like {@code input}
     * @throws IllegalArgumentException when {@code delta}'s shape or dtype does not fit, naming both
     */
    @Override
    public INDArray backwardDelta(INDArray input, INDArray delta) {
        checkDelta(input, delta);
        INDArray fromBlock = block.backwardDelta(input, delta);
        return sum(fromBlock, isIdentity() ? delta : shortcut.backwardDelta(input, delta), input, delta);
    }

    /**
     * Adds the block's and the shortcut's parameter gradients.
     *
     * @param input the input given to forward; not modified
     * @param delta shaped like the output; not modified
     * @throws IllegalArgumentException when {@code delta}'s shape or dtype does not fit, naming both
     */
    @Override
    public void backwardUpdateGradient(INDArray input, INDArray delta) {
        checkDelta(input, delta);
        block.backwardUpdateGradient(input, delta);
        shortcut.backwardUpdateGradient(input, delta);
    }

    /** Both backward passes, each in one call; dL/dinput of neither when not asked for. */
    @Override
    public INDArray backward(INDArray input, INDArray delta, boolean needInputDelta) {
        checkDelta(input, delta);
        INDArray fromBlock = block.backward(input, delta, needInputDelta);
        INDArray fromShortcut = isIdentity() ? delta : shortcut.backward(input, delta, needInputDelta);
        return needInputDelta ? sum(fromBlock, fromShortcut, input, delta) : null;
    }

    /** a + b, in place in a when a is an array of the callee's own (not the caller's input or delta). */
    private static INDArray sum(INDArray a, INDArray b, INDArray input, INDArray delta) {
        if (a.isEmpty()) { // an empty batch: ND4J does no arithmetic on empty arrays
            return a == input || a == delta ? a.dup() : a;
        }
        return a == input || a == delta ? a.add(b) : a.addi(b);
    }

    private boolean isIdentity() {
        return shortcut.getClass() == Identity.class;
    }

    private void checkInput(INDArray input) {
        List<Parameter> p = parameters();
        if (p.isEmpty()) {
            Checks.requireFloatingPoint("Residual", input);
        } else {
            Checks.requireDataType("Residual", input, p.get(0).value().dataType());
        }
    }

    /** Checks delta against the output shape of the last forward (running forward for another input shape). */
    private void checkDelta(INDArray input, INDArray delta) {
        long[][] s = lastShapes;
        if (s == null || !Arrays.equals(s[0], input.shape())) {
            forward(input);
            s = lastShapes;
        }
        Checks.requireDelta("Residual", s[1], input, delta);
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(block.parameters());
        all.addAll(shortcut.parameters());
        return all;
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        block.namedParameters().forEach((k, v) -> named.put("block." + k, v));
        shortcut.namedParameters().forEach((k, v) -> named.put("shortcut." + k, v));
        return named;
    }

    @Override
    public List<Buffer> buffers() {
        List<Buffer> all = new ArrayList<>(block.buffers());
        all.addAll(shortcut.buffers());
        return all;
    }

    @Override
    public Map<String, Buffer> namedBuffers() {
        Map<String, Buffer> named = new LinkedHashMap<>();
        block.namedBuffers().forEach((k, v) -> named.put("block." + k, v));
        shortcut.namedBuffers().forEach((k, v) -> named.put("shortcut." + k, v));
        return named;
    }

    @Override
    public Module to(DataType dataType) {
        block.to(dataType);
        shortcut.to(dataType);
        return this;
    }

    @Override
    public Module train() {
        block.train();
        shortcut.train();
        return super.train();
    }

    @Override
    public Module eval() {
        block.eval();
        shortcut.eval();
        return super.eval();
    }

    @Override
    public String toString() {
        return "Residual(\n  (block): " + block.toString().replace("\n", "\n  ")
                + "\n  (shortcut): " + shortcut.toString().replace("\n", "\n  ") + "\n)";
    }
}
