package org.nn4j.layers.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.CAddTable;
import org.nn4j.core.Concat;
import org.nn4j.core.ConcatTable;
import org.nn4j.core.Identity;
import org.nn4j.core.JoinTable;
import org.nn4j.core.Module;
import org.nn4j.core.ParallelTable;
import org.nn4j.core.Residual;
import org.nn4j.core.Sequential;

/**
 * The containers: their children exported in turn (named by their place, as in {@code namedParameters}), joined with
 * {@code Add}, {@code Sum} or {@code Concat}.
 */
final class ContainerConverters {

    private ContainerConverters() {
    }

    static void register(Map<Class<? extends Module>, Converter> converters) {
        converters.put(Sequential.class, (module, input, e, path) -> {
            Flow flow = input;
            List<Module> modules = ((Sequential) module).modules();
            for (int i = 0; i < modules.size(); i++) {
                flow = e.convertChild(modules.get(i), flow, path, i);
            }
            return flow;
        });
        converters.put(Residual.class, (module, input, e, path) -> {
            Residual r = (Residual) module;
            Value x = input.single();
            Value block = e.convertChild(r.block(), input, path, "block").single();
            Value skip = r.shortcut().getClass() == Identity.class ? x
                    : e.convertChild(r.shortcut(), input, path, "shortcut").single();
            return Flow.of(e.graph().node(path, "Add", List.of(block.name(), skip.name())), block.sample().add(skip.sample()));
        });
        converters.put(Concat.class, (module, input, e, path) -> {
            Concat c = (Concat) module;
            List<Value> branches = branches(c.branches(), input, e, path);
            return join(c.dim(), branches, e.graph(), path);
        });
        converters.put(ConcatTable.class, (module, input, e, path) ->
                Flow.tableOf(branches(((ConcatTable) module).branches(), input, e, path)));
        converters.put(ParallelTable.class, (module, input, e, path) -> {
            List<Module> branches = ((ParallelTable) module).branches();
            List<Value> in = input.tableValues();
            if (in.size() != branches.size()) {
                throw new NotExportable("it has " + branches.size() + " branches for a table of " + in.size() + " arrays");
            }
            List<Value> out = new ArrayList<>();
            for (int i = 0; i < branches.size(); i++) {
                Value v = in.get(i);
                out.add(e.convertChild(branches.get(i), Flow.of(v.name(), v.sample()), path, i).single());
            }
            return Flow.tableOf(out);
        });
        converters.put(CAddTable.class, (module, input, e, path) -> {
            INDArray sum = ((CAddTable) module).forward(input.sampleTable()).get(0);
            List<String> names = input.tableValues().stream().map(Value::name).toList();
            return Flow.of(e.graph().node(path, "Sum", names), sum);
        });
        converters.put(JoinTable.class, (module, input, e, path) -> {
            ((JoinTable) module).forward(input.sampleTable()); // nn4j's own checks of the shapes
            return join(((JoinTable) module).dim(), input.tableValues(), e.graph(), path);
        });
    }

    private static List<Value> branches(List<Module> branches, Flow input, Exporter e, String path) {
        List<Value> out = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
            out.add(e.convertChild(branches.get(i), input, path, i).single());
        }
        return out;
    }

    private static Flow join(int dim, List<Value> values, OnnxGraph g, String path) {
        int axis = dim < 0 ? dim + values.get(0).sample().rank() : dim;
        INDArray[] samples = values.stream().map(Value::sample).toArray(INDArray[]::new);
        return Flow.of(g.node(path, "Concat", values.stream().map(Value::name).toList(), Attr.i("axis", axis)),
                Nd4j.concat(axis, samples));
    }
}
