package org.nn4j.layers;

import org.junit.jupiter.api.Test;

/**
 * Convolution, pooling, upsampling and reshaping modules against PyTorch 1.13 (fixtures from
 * reference_conv.py): output, dL/dinput and every parameter gradient within 1e-5 in float64.
 */
class ConvReferenceTest {

    @Test
    void conv2dMatchesPyTorch() {
        Reference.assertModuleMatches(new Conv2D(3, 4, 3), "conv_2d_3to4_k3_batch2");
        Reference.assertModuleMatches(new Conv2D(2, 3, 3, 2, true, 1).stride(2, 1).padding(1, 0),
                "conv_2d_2to3_k3x2_s2x1_p1x0_batch1");
        Reference.assertModuleMatches(new Conv2D(2, 5, 3, 2, 1), "conv_2d_2to5_k3_s2_p1_batch3");
        Reference.assertModuleMatches(new Conv2D(2, 3, 4, 2, true, 1).padding("same"), "conv_2d_2to3_k4x2_same");
        Reference.assertModuleMatches(new Conv2D(1, 2, 3, 1, "same"), "conv_2d_1to2_k3_same_batch1");
        Reference.assertModuleMatches(new Conv2D(3, 2, 2, 2, false, 1), "conv_2d_3to2_k2_nobias");
        Reference.assertModuleMatches(new Conv2D(1, 2, 3, 3, 0), "conv_2d_1to2_k3_s3_odd");
    }

    @Test
    void conv1dMatchesPyTorch() {
        Reference.assertModuleMatches(new Conv1D(3, 4, 3), "conv_1d_3to4_k3_batch2");
        Reference.assertModuleMatches(new Conv1D(2, 3, 4, 2, 1), "conv_1d_2to3_k4_s2_p1_batch1");
        Reference.assertModuleMatches(new Conv1D(1, 2, 2, 1, 0, false, 1), "conv_1d_1to2_k2_nobias");
    }

    @Test
    void convTranspose2dMatchesPyTorch() {
        Reference.assertModuleMatches(new ConvTranspose2D(3, 2, 3), "convt_3to2_k3_batch2");
        Reference.assertModuleMatches(new ConvTranspose2D(2, 3, 3, 2, 1, 1), "convt_2to3_k3_s2_p1_op1_batch1");
        Reference.assertModuleMatches(new ConvTranspose2D(2, 2, 4, 3, 2, 2), "convt_2to2_k4_s3_p2_op2");
        Reference.assertModuleMatches(new ConvTranspose2D(1, 2, 2, 2, 0, 0, false, 1), "convt_1to2_k2_s2_nobias");
    }

    @Test
    void maxPoolMatchesPyTorch() {
        Reference.assertModuleMatches(new MaxPool2D(2), "pool_2d_k2_batch2");
        Reference.assertModuleMatches(new MaxPool2D(3, 2), "pool_2d_k3_s2_odd_batch1");
        Reference.assertModuleMatches(new MaxPool2D(2, 3, 1, 2), "pool_2d_k2x3_s1x2");
        Reference.assertModuleMatches(new MaxPool1D(2), "pool_1d_k2_batch2");
        Reference.assertModuleMatches(new MaxPool1D(3, 2), "pool_1d_k3_s2_batch1");
    }

    @Test
    void upsampleMatchesPyTorch() {
        Reference.assertModuleMatches(new Upsample2D(2), "upsample_2_batch2");
        Reference.assertModuleMatches(new Upsample2D(3, 2), "upsample_3x2_batch1");
    }

    @Test
    void flattenMatchesPyTorch() {
        Reference.assertModuleMatches(new Flatten(), "flatten_2x3x4x5");
        Reference.assertModuleMatches(new Flatten(), "flatten_1x7");
    }
}
