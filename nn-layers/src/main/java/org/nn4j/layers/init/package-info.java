/**
 * Parameter initialisation, seeded, as PyTorch's {@code torch.nn.init}.
 *
 * <p>{@link org.nn4j.layers.init.Init} holds PyTorch's functions under their Java names
 * ({@code kaiming_uniform_} is {@code kaimingUniform}, {@code calculate_gain} is {@code calculateGain}), with
 * PyTorch's fans, gains and bounds; {@link org.nn4j.layers.init.Mode} and
 * {@link org.nn4j.layers.init.Nonlinearity} stand for its strings ({@code mode='fan_out'} is
 * {@code Mode.FAN_OUT}, {@code nonlinearity='leaky_relu'} is {@code Nonlinearity.LEAKY_RELU}). Every random
 * function takes a seed and draws from it alone. Modules keep PyTorch's default initialisation
 * ({@link org.nn4j.layers.init.Initialisers#pytorchDefault}); these functions re-initialise them:
 * <pre>{@code
 * Sequential net = new Sequential(new Conv2D(3, 16, 3), new ReLU(), new Flatten(), new Linear(16 * 30 * 30, 10));
 *
 * // PyTorch: for m in net.modules(): if isinstance(m, nn.Conv2d):
 * //              nn.init.kaiming_normal_(m.weight, mode='fan_out', nonlinearity='relu')
 * List<String> filled = Init.kaimingNormal(Mode.FAN_OUT, Nonlinearity.RELU).seed(7).apply(net, "0.weight");
 * Init.xavierUniform().seed(8).apply(net, "3.weight");
 * Init.zeros().apply(net, "*.bias");                    // ["0.bias", "3.bias"]
 *
 * // one array or parameter, in place, as nn.init.orthogonal_(w, gain=calculate_gain('tanh'))
 * INDArray w = Nd4j.zeros(DataType.DOUBLE, 4, 6);
 * Init.orthogonal(w, Init.calculateGain(Nonlinearity.TANH), 42);
 * }</pre>
 * Applied by name, each parameter draws from a seed of the initialiser's seed and its path
 * ({@link org.nn4j.layers.init.Init#seedFor}), so its values do not depend on what else is initialised; a
 * pattern that matches nothing is an error listing the network's parameter paths.
 */
package org.nn4j.layers.init;
