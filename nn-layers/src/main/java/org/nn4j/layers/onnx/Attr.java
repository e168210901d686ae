package org.nn4j.layers.onnx;

/**
 * One attribute of an ONNX node ({@code AttributeProto}): a float, an int, a string or a list of ints.
 *
 * @param name   the attribute's name in the operator's specification, e.g. {@code "kernel_shape"}
 * @param type   {@code AttributeProto.AttributeType}: 1 float, 2 int, 3 string, 7 ints
 * @param f      the float, when {@code type} is 1
 * @param ints   the int (one element) or the ints, when {@code type} is 2 or 7
 * @param string the string, when {@code type} is 3
 */
record Attr(String name, int type, float f, long[] ints, String string) {

    static Attr f(String name, double value) {
        return new Attr(name, 1, (float) value, null, null);
    }

    static Attr i(String name, long value) {
        return new Attr(name, 2, 0, new long[] {value}, null);
    }

    static Attr s(String name, String value) {
        return new Attr(name, 3, 0, null, value);
    }

    static Attr ints(String name, long... values) {
        return new Attr(name, 7, 0, values.clone(), null);
    }

    static Attr ints(String name, int... values) {
        long[] v = new long[values.length];
        for (int k = 0; k < v.length; k++) {
            v[k] = values[k];
        }
        return new Attr(name, 7, 0, v, null);
    }

    /** {@code AttributeProto}: name 1, f 2, i 3, s 4, ints 8, type 20. */
    ProtoWriter proto() {
        ProtoWriter a = new ProtoWriter().string(1, name).varint(20, type);
        switch (type) {
            case 1 -> a.float32(2, f);
            case 2 -> a.varint(3, ints[0]);
            case 3 -> a.string(4, string);
            default -> a.packedVarints(8, ints);
        }
        return a;
    }
}
