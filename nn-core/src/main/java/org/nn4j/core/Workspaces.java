package org.nn4j.core;

import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.MemoryWorkspaceManager;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The memory of training and evaluation steps. A new ND4J array outside a workspace costs
 * milliseconds when it is large (fresh pages from the OS, zero-filled); inside an ND4J workspace
 * it costs microseconds. So {@link Optim#step} and the {@link org.nn4j.core.train.Trainer}'s
 * loops run each step in one workspace per thread: its size is learned on the first step
 * (and grows when a later step needs more), and every step reuses, and overwrites, the memory
 * of the step before. Validation batches use a second workspace, freed after each pass.
 *
 * <p>The rules that follow, for code that runs inside a step:
 * <ul>
 *   <li>state a module keeps from one step to the next (running statistics, counters, moving
 *       averages) is a {@link Buffer}, returned by {@link Module#buffers()}: its array is created
 *       outside every workspace and {@link Buffer#set} copies into it. This is the one way for a
 *       module to keep state (see "Keeping state across steps" in {@link Module});</li>
 *   <li>whatever else must outlive the step (parameters, gradients, optimizer state, scratch
 *       memory reused across steps) is created {@link #outside} the workspace, or before training,
 *       and updated in place;</li>
 *   <li>an array a step hands to its caller is {@code detach()}ed (the loss is a double);</li>
 *   <li>a module may cache arrays of the step (its input, x̂), but checks {@link #isLive} before
 *       reading them in a later call.</li>
 * </ul>
 * A step that breaks the first rule, reading an array an earlier step created, fails with an
 * {@link IllegalStateException} that says so ({@link #explain}, which {@link Optim#step} and
 * {@code Trainer.evaluate} call), and {@code ModuleContract.keepsStateAcrossSteps} in
 * {@code org.nn4j.core.testing} finds it in a module's tests.
 *
 * <p>{@code -Dnn4j.workspaces=false} ({@link RuntimeConfig#workspaces()}) turns the workspace off (every
 * array is then a new one), to compare or debug; {@link #setEnabled} does the same from code.
 */
public final class Workspaces {

    /** The id of the step workspace (one per thread). */
    public static final String STEP = "NN4J_STEP";
    /** The id of the evaluation workspace (one per thread), freed after each pass over the data. */
    public static final String EVALUATION = "NN4J_EVAL";
    private static final WorkspaceConfiguration CONFIGURATION = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .overallocationLimit(0.1)
            .policySpill(SpillPolicy.REALLOCATE) // a larger step (a bigger batch) grows it
            .build();

    private static final Pattern WORKSPACE_NAME = Pattern.compile("workspace \\[([^\\]]+)\\]");

    private static volatile boolean enabled = Nn4jRuntime.config().workspaces();

    private Workspaces() {
    }

    /**
     * Turns the step and evaluation workspaces on or off for the steps that start from now on (to compare or debug).
     *
     * @param on false: every array of a step is a new one, as under {@code -Dnn4j.workspaces=false}
     */
    public static void setEnabled(boolean on) {
        enabled = on;
    }

    /**
     * Whether steps run in workspaces.
     *
     * @return true by default; false under {@code -Dnn4j.workspaces=false} or after {@code setEnabled(false)}
     */
    public static boolean isEnabled() {
        return enabled;
    }

    /**
     * The exception a step should throw for {@code e}. When {@code e} (or one of its causes) is ND4J's
     * report that an op read an array whose step had ended ("outdated" or "leaked workspace pointer"), an
     * {@link IllegalStateException} that names {@code where}, says that an array created in an earlier
     * step was read, and says how to keep state instead, with {@code e} as its cause; otherwise {@code e}
     * itself.
     *
     * <pre>{@code
     * try (MemoryWorkspace ws = Workspaces.step()) {
     *     ...
     * } catch (RuntimeException e) {
     *     throw Workspaces.explain(e, "MyLoop.step (step " + n + ")");
     * }
     * }</pre>
     *
     * @param e     what the step threw
     * @param where the step, for the message: {@code "Optim.step (step 3)"}
     * @return the exception to throw
     */
    public static RuntimeException explain(RuntimeException e, String where) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("outdated workspace pointer") || m.contains("leaked workspace pointer"))) {
                Matcher workspace = WORKSPACE_NAME.matcher(m);
                String name = workspace.find() ? " [" + workspace.group(1) + "]" : "";
                return new IllegalStateException(where + ": an array created in an earlier step was read in this one"
                        + " (every step reuses the memory of the step before, in workspace" + name + "). Keep state that"
                        + " must outlive a step in a Buffer (return it from Module#buffers), or create it with"
                        + " Workspaces.outside(...) and update it in place.", e);
            }
        }
        return e;
    }

    /**
     * Opens one step: arrays created until {@code close()} live in this thread's step workspace.
     * Re-entrant: a step opened inside a step shares it.
     *
     * @return the open workspace, to close (try-with-resources)
     */
    public static MemoryWorkspace step() {
        return open(STEP);
    }

    /**
     * Opens one evaluation batch (forward and loss, no update): as {@link #step()}, in a workspace
     * of its own, so that large validation batches do not grow the step's for good.
     *
     * @return the open workspace, to close (try-with-resources)
     */
    public static MemoryWorkspace evaluation() {
        return open(EVALUATION);
    }

    /** Frees this thread's evaluation workspace, after a pass over the data; the next pass learns it again. */
    public static void releaseEvaluation() {
        MemoryWorkspaceManager manager = Nd4j.getWorkspaceManager();
        if (manager.checkIfWorkspaceExists(EVALUATION) && !manager.checkIfWorkspaceExistsAndActive(EVALUATION)) {
            manager.destroyWorkspace(manager.getWorkspaceForCurrentThread(EVALUATION));
        }
    }

    private static MemoryWorkspace open(String id) {
        if (!enabled) {
            return Nd4j.getWorkspaceManager().scopeOutOfWorkspaces();
        }
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIGURATION, id);
    }

    /**
     * Creates arrays that outlive the current step (memory allocated lazily, on the first step, and
     * reused in place by the steps after). State to save with the model is a {@link Buffer} instead.
     *
     * @param create makes the arrays; runs outside every workspace
     * @param <T>    what {@code create} returns
     * @return what {@code create} returned
     */
    public static <T> T outside(Supplier<T> create) {
        try (MemoryWorkspace none = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return create.get();
        }
    }

    /**
     * Whether {@code a} may still be read: false when it belongs to a step that has ended (its memory may
     * hold another array by now), or is null.
     *
     * @param a an array a module cached, or null
     * @return true for an array outside every workspace or of the step still open
     */
    public static boolean isLive(INDArray a) {
        if (a == null || !a.isAttached()) {
            return a != null;
        }
        MemoryWorkspace ws = a.data().getParentWorkspace();
        return ws.isScopeActive() && ws.getGenerationId() == a.data().getGenerationId();
    }
}
