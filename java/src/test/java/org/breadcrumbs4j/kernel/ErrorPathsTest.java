// ErrorPathsTest.java — every error a backend reports names the problem: non-finite inputs (which input,
// which flat index, base first), mismatched arguments, closed sessions, and a native library that fails to load.
package org.breadcrumbs4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.breadcrumbs4j.testing.KernelData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorPathsTest {
  static MergeKernels kernels(String name) {
    String why = Kernels.unavailableReason(name);
    assumeTrue(why == null, () -> name + " backend unavailable: " + why);
    return Kernels.open(name);
  }

  static MergeDesc sum(int models) {
    List<ModelSpec> specs = new java.util.ArrayList<>();
    for (int t = 0; t < models; t++) {
      specs.add(ModelSpec.all(1f, 0.4f));
    }
    return new MergeDesc(Combine.SUM, FloatType.F32, FloatType.F32, 1f, false, models, 2, specs);
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "scalar", "avx2"})
  void nonFiniteNamesInputAndIndexBaseFirst(String backend) {
    MergeKernels k = kernels(backend);
    float[] base = new float[3000];
    float[] ft0 = new float[3000];
    float[] ft1 = new float[3000];
    ft1[1500] = Float.NaN;
    base[2100] = Float.POSITIVE_INFINITY;
    ft0[1500] = Float.NEGATIVE_INFINITY; // model 0 before model 1 at the same index
    try (MergeKernels.Session s = k.openSession()) {
      Chunk c = new Chunk(3000, 1000, SpecCasesTest.f32(base), new ByteBuffer[] {SpecCasesTest.f32(ft0),
          SpecCasesTest.f32(ft1)}, KernelData.output(FloatType.F32, 3000));
      NonFiniteException e = assertThrows(NonFiniteException.class, () -> s.mergeChunk(sum(2), c, new ChunkStats(2, 0)));
      assertEquals(0, e.input());
      assertEquals(2500, e.index());
      assertTrue(e.getMessage().contains("model 0") && e.getMessage().contains("2500"), e.getMessage());
      base[1500] = Float.NaN; // now the base comes first at that index
      Chunk c2 = new Chunk(3000, 0, SpecCasesTest.f32(base), c.ft(), c.out());
      NonFiniteException e2 = assertThrows(NonFiniteException.class, () -> s.mergeRows(sum(2), c2, 3000, null));
      assertEquals(-1, e2.input());
      assertEquals(1500, e2.index());
      assertTrue(e2.getMessage().contains("base"), e2.getMessage());
      assertEquals(1500, s.findNonFinite(FloatType.F32, c2.base(), 3000));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "scalar", "avx2"})
  void badArgumentsAreNamed(String backend) {
    MergeKernels k = kernels(backend);
    ByteBuffer one = SpecCasesTest.f32(1f, 2f, 3f, 4f);
    try (MergeKernels.Session s = k.openSession()) {
      Chunk c = new Chunk(4, 0, one, new ByteBuffer[] {one}, KernelData.output(FloatType.F32, 4));
      IllegalArgumentException models = assertThrows(IllegalArgumentException.class,
          () -> s.mergeChunk(sum(2), c, null));
      assertTrue(models.getMessage().contains("models"), models.getMessage());
      IllegalArgumentException rows = assertThrows(IllegalArgumentException.class, () -> s.mergeRows(sum(1), c, 3, null));
      assertTrue(rows.getMessage().contains("row"), rows.getMessage());
      IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
          () -> s.convert(FloatType.F32, one, FloatType.F64, KernelData.output(FloatType.F32, 4), 4));
      assertTrue(small.getMessage().contains("destination"), small.getMessage());
      IllegalArgumentException point = assertThrows(IllegalArgumentException.class,
          () -> s.mergePoints(sum(1), c, new long[] {7}, 1, true, null));
      assertTrue(point.getMessage().contains("7"), point.getMessage());
      IllegalArgumentException find = assertThrows(IllegalArgumentException.class,
          () -> s.keyFind(FloatType.F32, one, one, 4, 0, -1));
      assertTrue(find.getMessage().contains("c must be >= 0"), find.getMessage());
      IllegalArgumentException hist = assertThrows(IllegalArgumentException.class,
          () -> s.keyHistogram(FloatType.F32, one, one, 4, 32, 0, 0, 0xFF, new long[16]));
      assertTrue(hist.getMessage().contains("too small"), hist.getMessage());
      Chunk noBase = new Chunk(4, 0, null, new ByteBuffer[] {one}, KernelData.output(FloatType.F32, 4));
      IllegalArgumentException base = assertThrows(IllegalArgumentException.class, () -> s.mergeChunk(sum(1), noBase, null));
      assertTrue(base.getMessage().contains("base"), base.getMessage());
    }
    MergeKernels.Session closed = k.openSession();
    closed.close();
    closed.close(); // idempotent
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> closed.findNonFinite(FloatType.F32, one, 4));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  @Test
  void nativeBackendsNeedDirectBuffers() {
    MergeKernels k = kernels("scalar");
    try (MergeKernels.Session s = k.openSession()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> s.findNonFinite(FloatType.F32, ByteBuffer.allocate(16), 4));
      assertTrue(e.getMessage().contains("direct"), e.getMessage());
    }
  }

  /** Runs NativeLoadProbe in a child JVM with the explicit library property; returns its output. */
  static String probe(String library) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED",
        "-D" + BcNative.LIBRARY_PROPERTY + "=" + library, "-cp", System.getProperty("java.class.path"),
        NativeLoadProbe.class.getName());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    p.getInputStream().transferTo(buf);
    assertEquals(0, p.waitFor(), buf.toString());
    return buf.toString();
  }

  /** The explicit path property loads that file (here: the library the test JVM itself loaded). */
  @Test
  void explicitLibraryPathIsUsed() throws IOException, InterruptedException {
    String why = BcNative.unavailableReason();
    assumeTrue(why == null, () -> "native library unavailable: " + why);
    String text = probe(BcNative.libraryPath());
    assertTrue(text.contains("scalar opened"), text);
    assertTrue(text.contains("auto=" + Kernels.available().get(0)), text);
  }

  /** In a fresh JVM whose explicit library path is wrong: auto falls back to java, scalar explains. */
  @Test
  void brokenNativeLibraryFallsBackAndSaysHowToBuild() throws IOException, InterruptedException {
    String text = probe("/nonexistent/libjniBcNative.so");
    assertTrue(text.contains("auto=java"), text);
    assertTrue(text.contains("/nonexistent/libjniBcNative.so") && text.contains("mvn install")
        && text.contains("cmake"), text);
    assertTrue(text.contains("WARNING: kernel backend avx2 rejected"), text); // one WARNING per rejected option
    assertTrue(text.contains("WARNING: kernel backend scalar rejected"), text);
    assertTrue(text.contains("INFO: kernel backend: java (auto)"), text); // one INFO line for the choice
  }
}
