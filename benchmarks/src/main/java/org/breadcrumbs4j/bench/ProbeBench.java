// ProbeBench.java — the memory-bandwidth probe every figure is quoted against: a copy (bytes read + written per
// second) and a read-only sum of longs, on buffers far larger than the caches, with 1 and 2 threads.
package org.breadcrumbs4j.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bytes per op: copy = 2 x bytes (each byte read once, written once), read = bytes. The denominator of every
 * "% of probe" is the best copy rate (1 or 2 threads; benchmarks/run probes at the start and the end of a
 * profile), i.e. the machine's copy bandwidth as a stream of bytes read + written. Copy uses ByteBuffer.put between direct
 * buffers (Unsafe.copyMemory, i.e. memcpy); read sums longs (what a streaming kernel's loads cost, no stores).
 * Fork/warm-up: these loops are JIT-trivial and reach steady state in the first iteration; one short warm-up also
 * faults in the pages. Forks are separate JVMs so each measurement starts with a clean heap and a fresh JIT.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx4g", "-XX:MaxDirectMemorySize=16g", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ProbeBench {
  /** 256 MiB: well past any last-level cache here, and a multiple of 8 x threads. */
  @Param({"268435456"})
  public int bytes;

  @Param({"1", "2"})
  public int threads;

  private ByteBuffer src;
  private ByteBuffer dst;
  private ExecutorService pool;

  @Setup(Level.Trial)
  public void setup() {
    src = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
    dst = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < bytes; i += 8) {
      src.putLong(i, i * 0x9E3779B97F4A7C15L);
      dst.putLong(i, 0); // touch every page so the first timed copy does not pay for page faults
    }
    pool = Executors.newFixedThreadPool(threads);
    copy();
    if (dst.mismatch(src) != -1) {
      throw new IllegalStateException("copy probe: destination differs from source");
    }
    long expect = 0;
    for (int i = 0; i < bytes; i += 8) {
      expect += src.getLong(i);
    }
    if (read() != expect) {
      throw new IllegalStateException("read probe: wrong sum");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pool.shutdownNow();
  }

  @Benchmark
  public void copy() {
    int per = bytes / threads;
    if (threads == 1) {
      dst.duplicate().clear().put(src.duplicate().clear());
      return;
    }
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int off = t * per;
      fs.add(pool.submit(() -> dst.slice(off, per).put(src.slice(off, per))));
    }
    join(fs);
  }

  @Benchmark
  public long read() {
    int per = bytes / threads;
    if (threads == 1) {
      return sum(src, 0, bytes);
    }
    List<Future<Long>> fs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int off = t * per;
      fs.add(pool.submit(() -> sum(src, off, per)));
    }
    long s = 0;
    try {
      for (Future<Long> f : fs) {
        s += f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return s;
  }

  private static long sum(ByteBuffer b, int off, int len) {
    // Four accumulators: one add chain would bound this by add latency, not by memory.
    long s0 = 0;
    long s1 = 0;
    long s2 = 0;
    long s3 = 0;
    int end = off + len;
    int i = off;
    for (; i + 32 <= end; i += 32) {
      s0 += b.getLong(i);
      s1 += b.getLong(i + 8);
      s2 += b.getLong(i + 16);
      s3 += b.getLong(i + 24);
    }
    for (; i < end; i += 8) {
      s0 += b.getLong(i);
    }
    return s0 + s1 + s2 + s3;
  }

  private static void join(List<Future<?>> fs) {
    try {
      for (Future<?> f : fs) {
        f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
