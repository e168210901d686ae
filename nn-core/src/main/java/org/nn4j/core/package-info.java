/**
 * The core of nn4j, in the style of Lua Torch's nn: a {@link org.nn4j.core.Module} maps a batch-first
 * input ({@code [N, features]}, {@code [N, C, H, W]}, ...) to an output with {@code forward}, and computes
 * dL/dinput with {@code backwardDelta} and accumulates dL/dparameters with {@code backwardUpdateGradient};
 * {@link org.nn4j.core.Sequential} chains modules and is a module itself, as are {@link org.nn4j.core.Residual}
 * ({@code block(x) + shortcut(x)}), {@link org.nn4j.core.Concat} (branches joined along an axis) and
 * {@link org.nn4j.core.Identity}, so that networks nest.
 *
 * <p><b>Several inputs or outputs.</b> A module with several input or output arrays is a
 * {@link org.nn4j.core.TableModule}: it maps a {@link org.nn4j.core.Table} (an ordered list of arrays, Lua Torch's
 * table) to a table, and its backward pass takes one delta per output array and returns one dL/dinput per input
 * array. {@link org.nn4j.core.ConcatTable} gives one input to every branch and outputs the table of their outputs;
 * {@link org.nn4j.core.ParallelTable} applies its i-th branch to the i-th array; {@link org.nn4j.core.CAddTable}
 * sums the arrays and {@link org.nn4j.core.JoinTable} joins them along an axis, making one array of a table again.
 * An array is a table of one array, and {@code Sequential} passes tables between its modules, so a network of them
 * is one ordinary module:
 * <pre>{@code
 * // y = Linear(x) + x, and two heads joined: [N, 4] → [N, 3 + 2]
 * Sequential net = new Sequential(new ConcatTable(new Linear(4, 4), new Identity()), new CAddTable(),
 *         new ConcatTable(new Linear(4, 3), new Linear(4, 2)), new JoinTable(1));
 * }</pre>
 *
 * <p>Trained values are
 * {@link org.nn4j.core.Parameter}s (value and accumulated gradient), state kept across steps without
 * training is a {@link org.nn4j.core.Buffer}. A {@link org.nn4j.core.Loss} gives a batch's scalar and its
 * gradient; {@link org.nn4j.core.Batch}es come from a {@link org.nn4j.core.Batches} source.
 *
 * <p>Also here: the global seed source ({@link org.nn4j.core.Seeds}), a model summary
 * ({@link org.nn4j.core.Summary}), the runtime settings ({@link org.nn4j.core.Nn4jRuntime},
 * {@link org.nn4j.core.RuntimeConfig}) and the shape checks whose messages name both shapes
 * ({@link org.nn4j.core.Checks}). The layers themselves are in nn-layers ({@code org.nn4j.layers}),
 * training loops in {@link org.nn4j.core.train}, optimizers in {@link org.nn4j.core.optim}, saving and
 * loading in {@link org.nn4j.core.io}, metrics in {@link org.nn4j.core.metrics}.
 */
package org.nn4j.core;
