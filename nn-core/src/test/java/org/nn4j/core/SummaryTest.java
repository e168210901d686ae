package org.nn4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nn4j.core.testing.Scale;

class SummaryTest {

    @Test
    void listsEveryModuleWithOutputShapeAndParameterCountsIndentingNestedSequentials() {
        Sequential net = new Sequential(new Scale(3, 1), new Sequential(new Scale(3, 2), new Scale(3, 3)));
        net.get(0).freeze();
        String expected = String.join("\n",
                "-".repeat(76),
                String.format("%-44s %-18s %12s", "Layer (type)", "Output shape", "Param #"),
                "=".repeat(76),
                String.format("%-44s %-18s %12s", "0  Scale()", "[2, 3]", "6"),
                String.format("%-44s %-18s %12s", "1  Sequential", "[2, 3]", "12"),
                String.format("%-44s %-18s %12s", "  1.0  Scale()", "[2, 3]", "6"),
                String.format("%-44s %-18s %12s", "  1.1  Scale()", "[2, 3]", "6"),
                "=".repeat(76),
                "Input shape: [2, 3] (FLOAT)",
                "Total params: 18",
                "Trainable params: 12",
                "Non-trainable params: 6",
                "-".repeat(76), "");
        assertEquals(expected, Summary.of(net, 2, 3).replace("\r\n", "\n"));
    }

    @Test
    void listsTheBlockAndShortcutOfAResidualAndTheBranchesOfAConcatUnderTheirPaths() {
        Sequential net = new Sequential(new Residual(new Sequential(new Scale(3, 1))),
                new Concat(1, new Scale(3, 2), new Residual(new Scale(3, 3), new Scale(3, 4))));
        String expected = String.join("\n",
                "-".repeat(76),
                String.format("%-44s %-18s %12s", "Layer (type)", "Output shape", "Param #"),
                "=".repeat(76),
                String.format("%-44s %-18s %12s", "0  Residual", "[2, 3]", "6"),
                String.format("%-44s %-18s %12s", "  0.block  Sequential", "[2, 3]", "6"),
                String.format("%-44s %-18s %12s", "    0.block.0  Scale()", "[2, 3]", "6"),
                String.format("%-44s %-18s %12s", "  0.shortcut  Identity()", "[2, 3]", "0"),
                String.format("%-44s %-18s %12s", "1  Concat(dim=1)", "[2, 6]", "18"),
                String.format("%-44s %-18s %12s", "  1.0  Scale()", "[2, 3]", "6"),
                String.format("%-44s %-18s %12s", "  1.1  Residual", "[2, 3]", "12"),
                String.format("%-44s %-18s %12s", "    1.1.block  Scale()", "[2, 3]", "6"),
                String.format("%-44s %-18s %12s", "    1.1.shortcut  Scale()", "[2, 3]", "6"),
                "=".repeat(76),
                "Input shape: [2, 3] (FLOAT)",
                "Total params: 24",
                "Trainable params: 24",
                "Non-trainable params: 0",
                "-".repeat(76), "");
        assertEquals(expected, Summary.of(net, 2, 3).replace("\r\n", "\n"));
    }

    @Test
    void listsTheBranchesOfTableModulesAndTheShapesOfTheirTables() {
        Sequential net = new Sequential(new ConcatTable(new Scale(3, 1), new Identity()),
                new ParallelTable(new Scale(3, 2), new Scale(3, 3)), new JoinTable(1));
        String expected = String.join("\n",
                "-".repeat(76),
                String.format("%-44s %-18s %12s", "Layer (type)", "Output shape", "Param #"),
                "=".repeat(76),
                String.format("%-44s %-18s %12s", "0  ConcatTable", "Table([2, 3], [2, 3])", "6"),
                String.format("%-44s %-18s %12s", "  0.0  Scale()", "[2, 3]", "6"),
                String.format("%-44s %-18s %12s", "  0.1  Identity()", "[2, 3]", "0"),
                String.format("%-44s %-18s %12s", "1  ParallelTable", "Table([2, 3], [2, 3])", "12"),
                String.format("%-44s %-18s %12s", "  1.0  Scale()", "[2, 3]", "6"),
                String.format("%-44s %-18s %12s", "  1.1  Scale()", "[2, 3]", "6"),
                String.format("%-44s %-18s %12s", "2  JoinTable(dim=1)", "[2, 6]", "0"),
                "=".repeat(76),
                "Input shape: [2, 3] (FLOAT)",
                "Total params: 18",
                "Trainable params: 18",
                "Non-trainable params: 0",
                "-".repeat(76), "");
        assertEquals(expected, Summary.of(net, 2, 3).replace("\r\n", "\n"));
    }

    @Test
    void restoresTheTrainingModeAfterItsForwardInEvalMode() {
        Sequential net = new Sequential(new Scale(3, 1));
        Summary.of(net, 1, 3);
        assertTrue(net.isTraining());
        net.eval();
        Summary.of(net, 1, 3);
        assertFalse(net.isTraining());
    }

    @Test
    void namesTheModuleThatRejectsTheInput() {
        Sequential net = new Sequential(new Scale(3, 1), new Scale(4, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Summary.of(net, 1, 3));
        assertTrue(e.getMessage().startsWith("Summary: module 1 Scale() does not accept input [1, 3]: "), e.getMessage());
    }
}
