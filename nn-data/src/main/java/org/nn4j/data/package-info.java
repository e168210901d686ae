/**
 * Data sets (MNIST, USPS, synthetic), batching and transforms. {@code DataLoader} implements
 * nn-core's {@link org.nn4j.core.Batches}, the only thing of nn-core this module depends on.
 */
package org.nn4j.data;
