/** Parameter initialisation, seeded, as PyTorch's {@code torch.nn.init} defaults. */
package org.nn4j.layers.init;
