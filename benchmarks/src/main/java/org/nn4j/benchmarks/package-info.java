/** JMH kernel benchmarks and end-to-end training throughput against peers. */
package org.nn4j.benchmarks;
