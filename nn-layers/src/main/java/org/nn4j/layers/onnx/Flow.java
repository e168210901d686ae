package org.nn4j.layers.onnx;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Table;

/**
 * What flows between modules: one array, or a {@link Table} of them (after a {@code ConcatTable}).
 *
 * @param values the arrays, one unless {@code table}
 * @param table  whether the module gave a table
 */
record Flow(List<Value> values, boolean table) {

    static Flow of(String name, INDArray sample) {
        return new Flow(List.of(new Value(name, sample)), false);
    }

    static Flow tableOf(List<Value> values) {
        return new Flow(List.copyOf(values), true);
    }

    /** The one array; a module that takes one array cannot take a table. */
    Value single() {
        if (table) {
            throw new NotExportable("it takes one array, found a table of " + values.size());
        }
        return values.get(0);
    }

    /** The arrays as a table; a module that takes a table cannot take one array. */
    List<Value> tableValues() {
        if (!table) {
            throw new NotExportable("it takes a table of arrays, found one array");
        }
        return values;
    }

    Table sampleTable() {
        return Table.of(tableValues().stream().map(Value::sample).toList());
    }
}
