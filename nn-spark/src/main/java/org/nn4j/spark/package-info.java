/**
 * Data-parallel training of nn4j networks on Apache Spark: {@link org.nn4j.spark.SparkTrainer}
 * averages the partitions' networks every k local steps, through a broadcast and
 * {@code treeAggregate} only, with results that do not depend on task retries or their order, and
 * checkpoints a restarted driver resumes from. Training data is an RDD of
 * {@link org.nn4j.spark.Example}s; the network, loss and optimizer come from serialisable
 * {@link org.nn4j.spark.Factory factories}. Spark itself is the cluster's ({@code provided} scope).
 */
package org.nn4j.spark;
