/**
 * The modules and losses: one file each, in Lua Torch's order — constructor, {@code reset}, {@code forward},
 * {@code backwardDelta}, {@code backwardUpdateGradient}, {@code parameters}, {@code toString} — with the
 * maths written out, or the one {@link org.nn4j.kernels kernel} call that does it. Nothing here chooses a
 * backend or sets threads.
 */
package org.nn4j.layers;
