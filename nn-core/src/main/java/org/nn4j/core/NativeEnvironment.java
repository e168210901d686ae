package org.nn4j.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.systems.global.linux;

/**
 * What the native libraries read once, when they load: the OpenMP environment and the choice of
 * ND4J's native build. Prepared once, before ND4J's native library loads, by whichever comes
 * first: ND4J looking for its backend ({@link Nd4jLoadHook}, so a program that makes an array
 * before its first module is covered) or {@link Nn4jRuntime#configure()}.
 *
 * <p>Never touches ND4J itself (it runs inside ND4J's static initialiser), and holds no lock
 * but its own class initialisation, so a thread loading ND4J and one configuring nn4j cannot
 * deadlock.
 */
final class NativeEnvironment {

    private static final String EXTENSION = "org.bytedeco.javacpp.platform.extension";

    private NativeEnvironment() {
    }

    /** How the environment was set up; the first call prepares it. */
    static String prepared() {
        return Prepared.DESCRIPTION;
    }

    /** The variable as native code sees it (Java's {@code System.getenv} is a copy taken at start-up). */
    static String get(String name) {
        try {
            BytePointer value = linux.getenv(new BytePointer(name));
            return value == null || value.isNull() ? null : value.getString();
        } catch (Throwable e) { // no libc binding for this platform
            return System.getenv(name);
        }
    }

    /** Class initialisation runs this exactly once, whichever thread asks first. */
    private static final class Prepared {
        static final String DESCRIPTION = prepare(Runtime.getRuntime().availableProcessors());
    }

    private static String prepare(int cores) {
        if (System.getProperty(EXTENSION) == null && !cpuHasAvx512()) {
            System.setProperty(EXTENSION, "-onednn");
        }
        if (openMpLoaded()) {
            return "too late to set: OpenMP or ND4J's native library was loaded before nn4j (set "
                    + "OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE SD_MAX_THREADS=" + cores + " yourself)";
        }
        try {
            StringBuilder set = new StringBuilder();
            setIfUnset("OMP_NUM_THREADS", "1", set);
            setIfUnset("OMP_WAIT_POLICY", "PASSIVE", set);
            setIfUnset("SD_MAX_THREADS", Integer.toString(cores), set);
            return set.length() == 0 ? "as given by the process (every variable was already set)"
                    : "set by nn4j before ND4J loaded:" + set;
        } catch (Throwable e) { // no libc binding for this platform: the process's environment as it is
            return "left as it is (" + e + ")";
        }
    }

    private static void setIfUnset(String name, String value, StringBuilder set) {
        if (get(name) == null) {
            if (linux.setenv(name, value, 0) != 0) {
                throw new IllegalStateException("setenv " + name + " failed");
            }
            set.append(' ').append(name).append('=').append(value);
        }
    }

    /**
     * Whether an OpenMP runtime or ND4J is already in the process: loaded through JavaCPP, or by
     * anything else (the process's memory map, where there is one).
     */
    private static boolean openMpLoaded() {
        for (String library : Loader.getLoadedLibraries().keySet()) {
            String l = library.toLowerCase(Locale.ROOT);
            if (l.contains("nd4j") || l.contains("gomp") || l.contains("dnnl")) {
                return true;
            }
        }
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return false;
        }
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.anyMatch(l -> l.contains("libgomp") || l.contains("libnd4j"));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** True unless /proc/cpuinfo exists and lacks avx512f (other systems keep JavaCPP's choice). */
    private static boolean cpuHasAvx512() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return true;
        }
        try {
            return Files.readString(cpuinfo).toLowerCase(Locale.ROOT).contains("avx512f");
        } catch (IOException e) {
            return true;
        }
    }
}
