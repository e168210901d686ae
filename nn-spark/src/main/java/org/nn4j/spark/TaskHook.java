package org.nn4j.spark;

import java.io.Serializable;

/** Called inside a task after it trained and before it returns its result (tests fail tasks there). */
@FunctionalInterface
interface TaskHook extends Serializable {

    /**
     * @param round     the round, from 0
     * @param partition the partition the task trained on
     * @param attempt   Spark's attempt number of the task, 0 for the first
     */
    void afterTraining(int round, int partition, int attempt);
}
