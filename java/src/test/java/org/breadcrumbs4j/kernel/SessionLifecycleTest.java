// SessionLifecycleTest.java — sessions own native memory: closing frees all of it (JavaCPP's byte count
// returns to where it was), workspace grows on demand, and a session may move between threads.
package org.breadcrumbs4j.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.breadcrumbs4j.testing.KernelData;
import org.breadcrumbs4j.testing.KernelData.Dist;
import org.breadcrumbs4j.testing.KernelData.Inputs;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

class SessionLifecycleTest {
  static MergeKernels kernels(String name) {
    String why = Kernels.unavailableReason(name);
    assumeTrue(why == null, () -> name + " backend unavailable: " + why);
    return Kernels.open(name);
  }

  @Test
  void closingSessionsFreesTheirNativeMemory() {
    MergeKernels k = kernels("avx2");
    Inputs in = KernelData.inputs(Dist.NORMAL, FloatType.F32, 4097, 3, 4);
    long before = Pointer.totalBytes();
    for (int i = 0; i < 200; i++) {
      try (MergeKernels.Session s = k.openSession()) {
        for (int models = 1; models <= 3; models++) { // grows the model arrays and the workspace
          List<ModelSpec> specs = new java.util.ArrayList<>();
          for (int t = 0; t < models; t++) {
            specs.add(KernelOps.dare(1f, 0.4f, 0.5, true, t));
          }
          MergeDesc d = KernelOps.desc(Combine.TIES, FloatType.F32, FloatType.F32, true, 2, specs);
          ByteBuffer[] fts = java.util.Arrays.copyOf(in.ft(), models);
          ChunkStats st = new ChunkStats(models, 100 * i);
          s.mergeChunk(d, new Chunk(in.n(), 0, in.base(), fts, KernelData.output(FloatType.F32, in.n())), st);
          s.mergeRows(d, new Chunk(in.n(), 0, in.base(), fts, KernelData.output(FloatType.F32, in.n())), 17, st);
        }
      }
    }
    assertEquals(before, Pointer.totalBytes(), "native bytes held after closing every session");
  }

  @Test
  void aSessionMayMoveBetweenThreads() throws Exception {
    // bc_set_simd is thread-local: the session must set its level on whatever thread calls it.
    MergeKernels avx2 = kernels("avx2");
    MergeKernels scalar = kernels("scalar");
    Inputs in = KernelData.inputs(Dist.HEAVY_TAILED, FloatType.BF16, 4097, 3, 6);
    MergeDesc d = (MergeDesc) KernelOps.chunkDescs(in).get(4)[1]; // windows, TIES: candidates and conflicts
    ByteBuffer a = KernelData.output(d.outType(), in.n());
    ByteBuffer b = KernelData.output(d.outType(), in.n());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (MergeKernels.Session sa = avx2.openSession(); MergeKernels.Session sb = scalar.openSession()) {
      for (int round = 0; round < 4; round++) {
        pool.submit(() -> sa.mergeChunk(d, KernelOps.chunk(in, d, 0, a), new ChunkStats(3, 0))).get();
        pool.submit(() -> sb.mergeChunk(d, KernelOps.chunk(in, d, 0, b), new ChunkStats(3, 0))).get();
        assertArrayEquals(KernelData.bytes(b), KernelData.bytes(a));
      }
    } finally {
      pool.shutdown();
    }
  }

  /** A session caches per-desc state; using one desc in the rows kernel must not leak into chunk calls. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"java", "scalar", "avx2"})
  void rowsThenChunkWithTheSameDesc(String backend) {
    MergeKernels k = kernels(backend);
    Inputs in = KernelData.inputs(Dist.NORMAL, FloatType.F32, 4097, 3, 8);
    MergeDesc d = (MergeDesc) KernelOps.chunkDescs(in).get(3)[1]; // exact bounds, TIES
    d = d.withModels(List.of(d.models().get(0).withRanks(10, 20), d.models().get(1), d.models().get(2)));
    ByteBuffer fresh = KernelData.output(FloatType.F32, in.n());
    try (MergeKernels.Session s = k.openSession()) {
      s.mergeChunk(d, KernelOps.chunk(in, d, 0, fresh), null);
    }
    ByteBuffer after = KernelData.output(FloatType.F32, in.n());
    try (MergeKernels.Session s = k.openSession()) {
      s.mergeChunk(d, KernelOps.chunk(in, d, 0, KernelData.output(FloatType.F32, in.n())), null);
      s.mergeRows(d, KernelOps.chunk(in, d, 0, KernelData.output(FloatType.F32, in.n())), 17, null);
      s.mergeChunk(d, KernelOps.chunk(in, d, 0, after), null);
    }
    assertArrayEquals(KernelData.bytes(fresh), KernelData.bytes(after));
  }

  /** Inputs may be read-only (memory-mapped shards are), with any byte order: element 0 is index 0. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"java", "scalar", "avx2"})
  void readOnlyBigEndianViewsReadTheSame(String backend) {
    MergeKernels k = kernels(backend);
    Inputs in = KernelData.inputs(Dist.NORMAL, FloatType.BF16, 1000, 3, 12);
    MergeDesc d = (MergeDesc) KernelOps.chunkDescs(in).get(0)[1];
    ByteBuffer expected = KernelData.output(d.outType(), in.n());
    ByteBuffer actual = KernelData.output(d.outType(), in.n());
    ByteBuffer[] ro = new ByteBuffer[3];
    for (int t = 0; t < 3; t++) {
      ro[t] = in.ft()[t].asReadOnlyBuffer().order(java.nio.ByteOrder.BIG_ENDIAN);
    }
    try (MergeKernels.Session s = k.openSession()) {
      s.mergeChunk(d, KernelOps.chunk(in, d, 0, expected), null);
      s.mergeChunk(d, new Chunk(in.n(), 0, in.base().asReadOnlyBuffer(), ro, actual), null);
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> s.mergeChunk(d, new Chunk(in.n(), 0, in.base(), in.ft(), actual.asReadOnlyBuffer()), null));
      org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("read-only"), e.getMessage());
    }
    assertArrayEquals(KernelData.bytes(expected), KernelData.bytes(actual));
  }
}
