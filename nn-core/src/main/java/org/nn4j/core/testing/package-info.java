/**
 * The checks a module author runs on a module of their own, from any test framework (a failure is an
 * {@link java.lang.AssertionError}, which JUnit, TestNG and others report as a failed test; nothing here
 * depends on a test framework).
 *
 * <ul>
 *   <li>{@link org.nn4j.core.testing.GradientCheck}: the analytic gradients of a module or a loss against
 *       finite differences, in float64, with a report that says which tensor, and which child of a
 *       {@link org.nn4j.core.Sequential}, is wrong;</li>
 *   <li>{@link org.nn4j.core.testing.ModuleContract}: every property a module must have to work inside
 *       {@link org.nn4j.core.Sequential}, the optimizers and the training loop (shapes, dtypes, gradient
 *       accumulation, determinism, memory layouts, state kept across training steps), on one
 *       {@link org.nn4j.core.testing.ModuleCase}: a seeded factory of the module plus an input shape;</li>
 *   <li>{@link org.nn4j.core.testing.TestArrays}: seeded random arrays that are the same on every backend,
 *       and a closeness check that says how far apart two arrays are.</li>
 * </ul>
 *
 * <p>A JUnit 5 test of a module {@code MyModule} that maps {@code [N, 4]} to {@code [N, 3]}:
 * <pre>{@code
 * import org.junit.jupiter.api.Test;
 * import org.nd4j.linalg.api.buffer.DataType;
 * import org.nn4j.core.testing.GradientCheck;
 * import org.nn4j.core.testing.ModuleCase;
 * import org.nn4j.core.testing.ModuleContract;
 * import org.nn4j.core.testing.TestArrays;
 *
 * class MyModuleTest {
 *     // a factory that builds the same module on every call (fixed seed), input [5, 4], output [5, 3]
 *     private final ModuleCase c = new ModuleCase("MyModule(4, 3)", () -> new MyModule(4, 3, 42),
 *             new long[] {5, 4}, new long[] {5, 3}, 7);
 *
 *     @Test
 *     void keepsTheModuleContract() {
 *         ModuleContract.assertAll(c);
 *     }
 *
 *     @Test
 *     void gradientsMatchFiniteDifferences() {
 *         GradientCheck.assertGradients(new MyModule(4, 3, 42), TestArrays.uniform(1, DataType.DOUBLE, 5, 4));
 *     }
 * }
 * }</pre>
 *
 * <p>A module whose input is integer indices (an embedding) makes its cases with
 * {@link org.nn4j.core.testing.ModuleCase#indices}; {@link org.nn4j.core.testing.ModuleContract} says what changes for
 * them, and {@link org.nn4j.core.testing.GradientCheck} checks only the parameters of a module given an integer input.
 */
package org.nn4j.core.testing;
