package org.nn4j.core.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * NumPy's {@code .npy} format (version 1.0/2.0), for exchanging arrays with NumPy and PyTorch.
 * Reads little-endian float32/float64, int8/16/32/64, uint8 and bool, c- or Fortran-ordered;
 * writes float32, float64, int32, int64 and uint8 in c order.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /**
     * Parses one {@code .npy} file's bytes.
     *
     * @param source names the file in error messages
     * @param bytes  the file's contents; not modified
     * @return a new array with the file's dtype and shape
     * @throws IOException when the bytes are not a supported {@code .npy} array
     */
    public static INDArray read(byte[] bytes, String source) throws IOException {
        try {
            return parse(bytes, source);
        } catch (RuntimeException e) {
            // a backstop: whatever the bytes hold, the caller gets an IOException naming the source
            throw new IOException(source + ": unreadable .npy array (" + e + ")", e);
        }
    }

    private static INDArray parse(byte[] bytes, String source) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new IOException(source + ": not a .npy array (expected the magic \\x93NUMPY)");
        }
        int major = bytes[6];
        if (major < 1 || major > 3) {
            throw new IOException(source + ": unsupported .npy version " + major + "." + bytes[7]
                    + " (supported: 1.0, 2.0, 3.0)");
        }
        in.position(8);
        if (major > 1 && bytes.length < 12) {
            throw new IOException(source + ": truncated .npy header");
        }
        long headerLength = major == 1 ? Short.toUnsignedInt(in.getShort()) : Integer.toUnsignedLong(in.getInt());
        long dataStart = in.position() + headerLength;
        if (dataStart > bytes.length) {
            throw new IOException(source + ": truncated .npy header: expected " + headerLength + " bytes, found "
                    + (bytes.length - in.position()));
        }
        String header = new String(bytes, in.position(), (int) headerLength, StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, source, "descr");
        boolean fortran = "True".equals(group(FORTRAN, header, source, "fortran_order"));
        String shapeText = group(SHAPE, header, source, "shape");
        long[] shape = parseShape(shapeText, source);
        long count = 1;
        for (long s : shape) {
            if (s < 0) {
                throw new IOException(source + ": negative dimension " + s + " in the .npy header (shape (" + shapeText
                        + "))");
            }
            count = s == 0 || count == 0 ? 0 : count > Integer.MAX_VALUE / s ? Long.MAX_VALUE : count * s;
        }
        int itemSize = itemSize(descr, source);
        if (count > Integer.MAX_VALUE) {
            throw new IOException(source + ": the .npy header's shape (" + shapeText + ") holds more than 2^31 - 1"
                    + " elements, more than a Java array can hold");
        }
        if (bytes.length - dataStart < count * itemSize) {
            throw new IOException(source + ": truncated .npy data: expected " + count * itemSize + " bytes for shape "
                    + Arrays.toString(shape) + " of " + descr + ", found " + (bytes.length - dataStart));
        }
        in.position((int) dataStart);
        INDArray flat = readValues(in, descr, (int) count);
        if (shape.length == 0) {
            return flat.reshape();
        }
        return fortran ? flat.reshape('f', shape).dup('c') : flat.reshape('c', shape);
    }

    /**
     * The {@code .npy} bytes of {@code array} (c order).
     *
     * @param array not modified
     * @return the file's contents: header, then the values
     */
    public static byte[] write(INDArray array) {
        String descr = switch (array.dataType()) {
            case FLOAT -> "<f4";
            case DOUBLE -> "<f8";
            case INT -> "<i4";
            case LONG -> "<i8";
            case UBYTE -> "|u1";
            default -> throw new IllegalArgumentException("Npy: cannot write dtype " + array.dataType());
        };
        StringBuilder shape = new StringBuilder();
        for (long s : array.shape()) {
            shape.append(s).append(", ");
        }
        if (array.rank() > 1) {
            shape.setLength(shape.length() - 2);
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shape + "), }";
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        INDArray c = array.dup('c');
        int itemSize = size(descr);
        ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(c.length() * itemSize)).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < c.length(); i++) {
            switch (array.dataType()) {
                case FLOAT -> data.putFloat(c.getFloat(i));
                case DOUBLE -> data.putDouble(c.getDouble(i));
                case INT -> data.putInt(c.getInt(Math.toIntExact(i)));
                case LONG -> data.putLong(c.getLong(i));
                default -> data.put((byte) c.getInt(Math.toIntExact(i)));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xff);
        out.write(header.length() >> 8);
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data.array());
        return out.toByteArray();
    }

    private static INDArray readValues(ByteBuffer in, String descr, int count) {
        switch (descr.replace("=", "<")) {
            case "<f4": {
                float[] v = new float[count];
                in.asFloatBuffer().get(v);
                return Nd4j.createFromArray(v);
            }
            case "<f8": {
                double[] v = new double[count];
                in.asDoubleBuffer().get(v);
                return Nd4j.createFromArray(v);
            }
            case "<i4": {
                int[] v = new int[count];
                in.asIntBuffer().get(v);
                return Nd4j.createFromArray(v);
            }
            case "<i8": {
                long[] v = new long[count];
                in.asLongBuffer().get(v);
                return Nd4j.createFromArray(v);
            }
            case "<i2": {
                int[] v = new int[count];
                for (int i = 0; i < count; i++) {
                    v[i] = in.getShort();
                }
                return Nd4j.createFromArray(v);
            }
            case "|i1", "|u1", "|b1": {
                int[] v = new int[count];
                for (int i = 0; i < count; i++) {
                    byte b = in.get();
                    v[i] = descr.equals("|i1") ? b : Byte.toUnsignedInt(b);
                }
                INDArray a = Nd4j.createFromArray(v);
                return descr.equals("|b1") ? a.castTo(DataType.BOOL) : descr.equals("|u1") ? a.castTo(DataType.UBYTE) : a;
            }
            default:
                throw new IllegalStateException("unreachable: " + descr);
        }
    }

    private static int itemSize(String descr, String source) throws IOException {
        int size = size(descr);
        if (size < 0) {
            throw new IOException(source + ": unsupported .npy dtype '" + descr
                    + "' (supported: little-endian float32/64, int8/16/32/64, uint8, bool)");
        }
        return size;
    }

    /** The bytes of one element of {@code descr}, or -1 when it is not supported. */
    private static int size(String descr) {
        switch (descr.replace("=", "<")) {
            case "<f4", "<i4": return 4;
            case "<f8", "<i8": return 8;
            case "<i2": return 2;
            case "|i1", "|u1", "|b1": return 1;
            default: return -1;
        }
    }

    private static String group(Pattern p, String header, String source, String key) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException(source + ": .npy header has no '" + key + "': " + header.trim());
        }
        return m.group(1);
    }

    private static long[] parseShape(String s, String source) throws IOException {
        try {
            return Arrays.stream(s.split(",")).map(String::trim).filter(t -> !t.isEmpty())
                    .mapToLong(t -> Long.parseLong(t.toUpperCase(Locale.ROOT).replace("L", ""))).toArray();
        } catch (NumberFormatException e) {
            throw new IOException(source + ": unreadable shape (" + s + ") in the .npy header: expected integers");
        }
    }
}
