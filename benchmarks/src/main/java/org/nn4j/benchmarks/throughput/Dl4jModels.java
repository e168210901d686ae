package org.nn4j.benchmarks.throughput;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.config.DL4JSystemProperties;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The workloads in DL4J 1.0.0-M2.1 with its fastest settings on a CPU: a MultiLayerNetwork,
 * float32, workspaces ENABLED for training and inference, NCHW, each activation fused into its
 * layer, softmax + MCXENT (resp. sigmoid + XENT) in the output layer as DL4J users write it.
 * Inputs have the same shapes as nn4j's and PyTorch's (4-D images, not flattened ones), so all three
 * frameworks get the same arrays.
 *
 * <p>DL4J's oneDNN layer helpers (MKLDNNConvHelper, MKLDNNSubsamplingHelper, ...) are on: M2.1 creates none
 * unless the system property {@code org.eclipse.deeplearning4j.helpers.disable} is {@code false} (its default is
 * {@code true}), which this class sets unless the command line already sets it, and none of them passes
 * {@code checkSupported()} without the shim {@link org.nd4j.nativeblas.Nd4jCpu} (see there). Run with
 * {@code -Dorg.eclipse.deeplearning4j.helpers.disable=true} for DL4J's built-in (im2col) implementations.
 */
public final class Dl4jModels {

    static {
        if (System.getProperty(DL4JSystemProperties.DISABLE_HELPER_PROPERTY) == null) {
            System.setProperty(DL4JSystemProperties.DISABLE_HELPER_PROPERTY, "false");
        }
    }

    private Dl4jModels() {
    }

    /** The initialised network; one training iteration is {@code net.fit(x, y)}. */
    public static MultiLayerNetwork network(Workload w) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(0)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(w.adam() ? new Adam(Workload.ADAM_LEARNING_RATE) : new Sgd(Workload.SGD_LEARNING_RATE))
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .list();
        MultiLayerConfiguration conf = switch (w) {
            case A -> list.layer(dense(500, Activation.RELU)).layer(dense(500, Activation.RELU))
                    .layer(softmaxOutput())
                    .setInputType(InputType.feedForward(784)).build();
            case B -> list.layer(dense(128, Activation.TANH)).layer(dense(64, Activation.TANH))
                    .layer(softmaxOutput())
                    .setInputType(InputType.feedForward(256)).build();
            case C -> list.layer(conv(5, 5, 16, ConvolutionMode.Same, Activation.RELU)).layer(maxPool(2, 2))
                    .layer(conv(5, 5, 32, ConvolutionMode.Same, Activation.RELU)).layer(maxPool(2, 2))
                    .layer(softmaxOutput())
                    .setInputType(image(28, 28)).build();
            case D -> list.layer(conv(3, 3, 32, ConvolutionMode.Truncate, Activation.RELU)).layer(maxPool(2, 2))
                    .layer(conv(3, 3, 64, ConvolutionMode.Truncate, Activation.RELU)).layer(maxPool(2, 2))
                    .layer(dense(128, Activation.RELU))
                    .layer(softmaxOutput())
                    .setInputType(image(28, 28)).build();
            // Conv1D as a 1×3 convolution of a 1×256 image: DL4J's Convolution1DLayer feeds a Dense layer
            // through RnnToFeedForwardPreProcessor, i.e. one example per time step, not a Flatten.
            case E -> list.layer(conv(1, 3, 32, ConvolutionMode.Truncate, Activation.IDENTITY)).layer(maxPool(1, 2))
                    .layer(dense(100, Activation.RELU))
                    .layer(softmaxOutput())
                    .setInputType(image(1, 256)).build();
            case F -> list.layer(dense(128, Activation.TANH)).layer(dense(64, Activation.TANH))
                    .layer(dense(128, Activation.TANH))
                    .layer(new OutputLayer.Builder(LossFunction.XENT).nOut(256).activation(Activation.SIGMOID).build())
                    .setInputType(InputType.feedForward(256)).build();
            case G -> list.layer(conv(3, 3, 32, ConvolutionMode.Same, Activation.RELU)).layer(maxPool(2, 2))
                    .layer(conv(3, 3, 32, ConvolutionMode.Same, Activation.RELU)).layer(maxPool(2, 2))
                    .layer(conv(3, 3, 32, ConvolutionMode.Same, Activation.RELU)).layer(new Upsampling2D.Builder(2).build())
                    .layer(conv(3, 3, 32, ConvolutionMode.Same, Activation.RELU)).layer(new Upsampling2D.Builder(2).build())
                    .layer(conv(3, 3, 1, ConvolutionMode.Same, Activation.IDENTITY))
                    .layer(new CnnLossLayer.Builder(LossFunction.XENT).activation(Activation.SIGMOID).build())
                    .setInputType(image(28, 28)).build();
            // the character LSTM: DL4J's recurrent layers take and give [N, C, T] (its NCW format)
            case J -> list.layer(new EmbeddingSequenceLayer.Builder().nIn(Workload.VOCABULARY).nOut(64)
                            .inputLength(64).build())
                    .layer(new LSTM.Builder().nIn(64).nOut(256).activation(Activation.TANH).build())
                    .layer(new LSTM.Builder().nIn(256).nOut(256).activation(Activation.TANH).build())
                    .layer(new RnnOutputLayer.Builder(LossFunction.MCXENT).nIn(256).nOut(Workload.VOCABULARY)
                            .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build())
                    .build();
            case H, I, K -> throw new UnsupportedOperationException("model " + w + " has no DL4J MultiLayerNetwork form");
        };
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Each layer's helper, e.g. {@code ConvolutionLayer=MKLDNNConvHelper, SubsamplingLayer=MKLDNNSubsamplingHelper}. */
    public static String helpers(MultiLayerNetwork net) {
        List<String> parts = new ArrayList<>();
        for (Layer layer : net.getLayers()) {
            LayerHelper helper = layer.getHelper();
            parts.add(layer.getClass().getSimpleName() + "=" + (helper == null ? "none" : helper.getClass().getSimpleName()));
        }
        return String.join(", ", parts);
    }

    /**
     * The input batch in DL4J's shape: nn4j's own, except workload E's (Conv1D) [N, 1, L] becomes the image
     * [N, 1, 1, L], and the character indices of the sequence workloads become float32 (DL4J's embedding takes them so).
     */
    public static INDArray input(Workload w, INDArray x) {
        if (w.sequence()) {
            return x.castTo(DataType.FLOAT);
        }
        return w == Workload.E ? x.reshape(x.size(0), 1, 1, x.size(2)) : x;
    }

    /**
     * The targets in DL4J's form: nn4j's one-hot rows as they are; for the sequence workloads, nn4j's [N, T] indices
     * as one-hot [N, V, T] (the labels of an RnnOutputLayer).
     */
    public static INDArray target(Workload w, INDArray y) {
        if (!w.sequence()) {
            return y;
        }
        long n = y.size(0);
        long t = y.size(1);
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, n, Workload.VOCABULARY, t);
        for (long i = 0; i < n; i++) {
            for (long j = 0; j < t; j++) {
                oneHot.putScalar(new long[] {i, y.getInt((int) i, (int) j), j}, 1f);
            }
        }
        return oneHot;
    }

    private static InputType image(int height, int width) {
        return InputType.convolutional(height, width, 1, CNN2DFormat.NCHW);
    }

    private static DenseLayer dense(int out, Activation activation) {
        return new DenseLayer.Builder().nOut(out).activation(activation).build();
    }

    private static OutputLayer softmaxOutput() {
        return new OutputLayer.Builder(LossFunction.MCXENT).nOut(Workload.CLASSES).activation(Activation.SOFTMAX).build();
    }

    private static ConvolutionLayer conv(int kH, int kW, int out, ConvolutionMode mode, Activation activation) {
        return new ConvolutionLayer.Builder(kH, kW).stride(1, 1).nOut(out).convolutionMode(mode)
                .dataFormat(CNN2DFormat.NCHW).activation(activation).build();
    }

    /** Max pooling with stride = kernel: 2×2 for images, 1×2 for the 1-D model. */
    private static SubsamplingLayer maxPool(int kH, int kW) {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(kH, kW).stride(kH, kW)
                .dataFormat(CNN2DFormat.NCHW).build();
    }
}
