// KernelsTest.java — the backend provider: explicit choices fail loudly with the reason, "java" always
// works, auto takes the best available (avx2 on an AVX2 machine with the native library loaded).
package org.breadcrumbs4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KernelsTest {
  @Test
  void javaAlwaysWorks() {
    MergeKernels k = Kernels.open("java");
    assertEquals("java", k.name());
    assertTrue(Kernels.available().contains("java"));
    assertEquals("java", Kernels.open(" JAVA ").name());
  }

  @Test
  void cudaIsRejectedLoudly() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Kernels.open("cuda"));
    assertTrue(e.getMessage().contains("cuda") && e.getMessage().contains("no CUDA library"), e.getMessage());
    assertTrue(!Kernels.available().contains("cuda"));
  }

  @Test
  void unknownNameListsTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernels.open("neon"));
    assertTrue(e.getMessage().contains("neon") && e.getMessage().contains("avx2"), e.getMessage());
  }

  @Test
  void unavailableNativeChoiceSaysWhy() {
    for (String name : List.of("scalar", "avx2")) {
      String why = Kernels.unavailableReason(name);
      if (why != null) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Kernels.open(name));
        assertTrue(e.getMessage().contains(name) && e.getMessage().contains(why), e.getMessage());
      } else {
        assertEquals(name, Kernels.open(name).name());
      }
    }
  }

  @Test
  void autoPicksAvx2WhenTheNativeLibraryLoadsOnAnAvx2Cpu() {
    assumeTrue(System.getProperty(Kernels.PROPERTY) == null && System.getenv(Kernels.ENV) == null,
        "a backend is configured through " + Kernels.PROPERTY + " / " + Kernels.ENV);
    String why = BcNative.unavailableReason();
    assumeTrue(why == null, () -> "native library unavailable: " + why);
    assumeTrue(BcNative.bc_cpu_has_avx2() != 0, "this CPU lacks AVX2");
    assertEquals("avx2", Kernels.open("auto").name());
    assertEquals("avx2", Kernels.open(null).name());
    assertEquals(List.of("avx2", "scalar", "java"), Kernels.available());
  }

  @Test
  void autoFallsBackInOrder() {
    MergeKernels k = Kernels.open("auto");
    assertEquals(Kernels.available().get(0), k.name());
  }

  @Test
  void explicitArgumentBeatsTheProperty() {
    String old = System.getProperty(Kernels.PROPERTY);
    try {
      System.setProperty(Kernels.PROPERTY, "java");
      assertEquals("java", Kernels.open("auto").name());
      assumeTrue(Kernels.unavailableReason("scalar") == null, "scalar backend unavailable");
      assertEquals("scalar", Kernels.open("scalar").name());
    } finally {
      if (old == null) {
        System.clearProperty(Kernels.PROPERTY);
      } else {
        System.setProperty(Kernels.PROPERTY, old);
      }
    }
  }

  @Test
  void nativeBackendsAreNativeKernels() {
    assumeTrue(Kernels.unavailableReason("scalar") == null, "scalar backend unavailable");
    assertInstanceOf(NativeKernels.class, Kernels.open("scalar"));
    assertTrue(BcNative.missingSymbols().isEmpty());
    assertEquals("0.1.0", BcNative.bc_version());
  }

  /** Prefetching a file mapping is advice only: true with the native library, the bytes unchanged. */
  @Test
  void prefetchAdvisesMappedBuffersOnly() throws Exception {
    java.nio.file.Path f = java.nio.file.Files.createTempFile("bc-prefetch", ".bin");
    try {
      byte[] data = new byte[3 * 4096 + 17];
      for (int i = 0; i < data.length; i++) {
        data[i] = (byte) i;
      }
      java.nio.file.Files.write(f, data);
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f)) {
        java.nio.ByteBuffer m = ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, data.length);
        java.nio.ByteBuffer slice = m.slice(100, 9000);
        assertEquals(Kernels.unavailableReason("scalar") == null, Kernels.prefetch(slice));
        for (int i = 0; i < 9000; i++) {
          assertEquals(data[100 + i], slice.get(i));
        }
      }
      assertEquals(false, Kernels.prefetch(java.nio.ByteBuffer.allocate(64)), "heap buffers are not mappings");
    } finally {
      java.nio.file.Files.delete(f);
    }
  }
}
