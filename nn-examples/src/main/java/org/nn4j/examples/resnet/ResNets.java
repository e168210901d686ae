package org.nn4j.examples.resnet;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nn4j.core.Identity;
import org.nn4j.core.Module;
import org.nn4j.core.Residual;
import org.nn4j.core.Sequential;
import org.nn4j.layers.AdaptiveAvgPool2D;
import org.nn4j.layers.BatchNorm2D;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.Flatten;
import org.nn4j.layers.Linear;
import org.nn4j.layers.ReLU;

/**
 * Basic-block ResNets for small images (He et al.'s CIFAR family): a 3×3 convolution of {@code width} channels, then
 * three stages of {@code blocks} basic blocks with {@code width}, {@code 2·width} and {@code 4·width} channels (the
 * first block of stages 2 and 3 halves the resolution), global average pooling and one linear layer. Every convolution
 * is followed by BatchNorm and has no bias. The same network as {@code benchmarks/peers/pytorch_fashion_resnet.py}.
 */
public final class ResNets {

    private ResNets() {
    }

    /**
     * The network.
     *
     * @param inChannels 1 for grey-scale images, 3 for colour
     * @param width      the channels of the first stage
     * @param blocks     basic blocks per stage
     * @param classes    the outputs
     * @return the network, taking {@code [N, inChannels, H, W]}
     */
    public static Sequential basicBlocks(int inChannels, int width, int blocks, int classes) {
        Sequential net = new Sequential(conv(inChannels, width, 3, 1), new BatchNorm2D(width), new ReLU());
        int in = width;
        for (int stage = 0; stage < 3; stage++) {
            int out = width << stage;
            for (int b = 0; b < blocks; b++) {
                net.add(basicBlock(in, out, stage > 0 && b == 0 ? 2 : 1));
                in = out;
            }
        }
        return net.add(new AdaptiveAvgPool2D(1)).add(new Flatten()).add(new Linear(in, classes));
    }

    /**
     * Renames the state of a ResNet written as torchvision writes one ({@code conv1}, {@code bn1},
     * {@code layerS.B.conv1}, {@code .bn1}, {@code .conv2}, {@code .bn2}, {@code .downsample.0/1},
     * {@code fc}) to the names of {@link #basicBlocks} with the same architecture, for
     * {@code Checkpoint.load(file, net, ResNets.torchvisionNames(blocks))}: e.g.
     * {@code layer1.0.conv1.weight} → {@code 3.0.block.0.weight},
     * {@code layer2.0.downsample.1.running_mean} → {@code 4.0.shortcut.1.running_mean},
     * {@code fc.bias} → {@code 8.bias} (one block per stage). Other names are kept as they are (and
     * so reported as not in the model).
     *
     * @param blocks basic blocks per stage, as given to {@link #basicBlocks}
     * @return from a torchvision-style name to the name in {@code basicBlocks(…, blocks, …)}
     */
    public static UnaryOperator<String> torchvisionNames(int blocks) {
        Pattern block = Pattern.compile("layer([123])\\.(\\d+)\\.(conv1|bn1|conv2|bn2|downsample\\.[01])\\.(\\w+)");
        Pattern stem = Pattern.compile("(conv1|bn1|fc)\\.(\\w+)");
        return name -> {
            Matcher m = stem.matcher(name);
            if (m.matches()) {
                String index = switch (m.group(1)) {
                    case "conv1" -> "0";
                    case "bn1" -> "1";
                    default -> String.valueOf(3 + 3 * blocks + 2); // after the blocks, AdaptiveAvgPool2D and Flatten
                };
                return index + "." + m.group(2);
            }
            m = block.matcher(name);
            if (!m.matches() || Integer.parseInt(m.group(2)) >= blocks) {
                return name;
            }
            int index = 3 + (Integer.parseInt(m.group(1)) - 1) * blocks + Integer.parseInt(m.group(2));
            String inner = switch (m.group(3)) {
                case "conv1" -> "block.0";
                case "bn1" -> "block.1";
                case "conv2" -> "block.3";
                case "bn2" -> "block.4";
                default -> "shortcut." + m.group(3).substring("downsample.".length());
            };
            return index + ".0." + inner + "." + m.group(4);
        };
    }

    /**
     * One basic block: {@code ReLU(bn(conv(ReLU(bn(conv(x))))) + shortcut(x))}, the shortcut a strided 1×1
     * convolution and BatchNorm when the shape changes, else the identity.
     */
    static Module basicBlock(int in, int out, int stride) {
        Module body = new Sequential(conv(in, out, 3, stride), new BatchNorm2D(out), new ReLU(),
                conv(out, out, 3, 1), new BatchNorm2D(out));
        Module shortcut = stride == 1 && in == out ? new Identity()
                : new Sequential(new Conv2D(in, out, 1, stride, 0).bias(false), new BatchNorm2D(out));
        return new Sequential(new Residual(body, shortcut), new ReLU());
    }

    private static Conv2D conv(int in, int out, int kernel, int stride) {
        return new Conv2D(in, out, kernel, stride, kernel / 2).bias(false);
    }
}
