// Slowdown.java — the guard's self-test knob: BC_BENCH_SLOWDOWN=<backend>:<k> makes that backend's fused merge
// and statistics kernels do their work k times per call, deliberately slowed kernels without touching library code.
package org.breadcrumbs4j.bench.support;

import java.nio.ByteBuffer;
import org.breadcrumbs4j.kernel.Chunk;
import org.breadcrumbs4j.kernel.ChunkStats;
import org.breadcrumbs4j.kernel.FloatType;
import org.breadcrumbs4j.kernel.Kernels;
import org.breadcrumbs4j.kernel.MergeDesc;
import org.breadcrumbs4j.kernel.MergeKernels;

/**
 * Opens kernel backends for the benchmarks. Unset (the normal case) it returns the library's backend itself.
 * With {@value #ENV}=avx2:2 (read from the environment, which JMH forks inherit) the avx2 backend is wrapped
 * and each {@code mergeChunk} and {@code scanBounds} runs twice (the extra run writes the same output and counts
 * into scratch stats, so results and self-checks are unchanged; only time grows). Used to show that
 * {@code run --compare} fails.
 */
public final class Slowdown {
  public static final String ENV = "BC_BENCH_SLOWDOWN";

  private Slowdown() {}

  public static MergeKernels open(String backend) {
    MergeKernels k = Kernels.open(backend);
    String spec = System.getenv(ENV);
    if (spec == null || spec.isBlank()) {
      return k;
    }
    String[] p = spec.trim().split(":");
    int times = p.length > 1 ? Integer.parseInt(p[1]) : 2;
    if (!p[0].equals(k.name()) || times <= 1) {
      return k;
    }
    System.err.println("# " + ENV + ": " + k.name() + " mergeChunk and scanBounds run " + times + "x (deliberate slowdown)");
    return new Slowed(k, times);
  }

  private record Slowed(MergeKernels k, int times) implements MergeKernels {
    @Override
    public String name() {
      return k.name();
    }

    @Override
    public void close() {
      k.close();
    }

    @Override
    public Session openSession() {
      Session s = k.openSession();
      return new Session() {
        @Override
        public void mergeChunk(MergeDesc desc, Chunk chunk, ChunkStats stats) {
          for (int r = 1; r < times; r++) {
            s.mergeChunk(desc, chunk, new ChunkStats(desc.modelCount(), stats.candIndex.length));
          }
          s.mergeChunk(desc, chunk, stats);
        }

        @Override
        public void scanBounds(MergeDesc desc, Chunk chunk, int[] tieKeys, ChunkStats stats) {
          for (int r = 1; r < times; r++) {
            s.scanBounds(desc, chunk, tieKeys, new ChunkStats(desc.modelCount(), 0, stats.winCapacity));
          }
          s.scanBounds(desc, chunk, tieKeys, stats);
        }

        @Override
        public void convert(FloatType st, ByteBuffer src, FloatType dt, ByteBuffer dst, long n) {
          s.convert(st, src, dt, dst, n);
        }

        @Override
        public long findNonFinite(FloatType type, ByteBuffer src, long n) {
          return s.findNonFinite(type, src, n);
        }

        @Override
        public void keyHistogram(FloatType type, ByteBuffer base, ByteBuffer ft, long n, int prefixShift, int prefix,
            int binShift, int binMask, long[] hist) {
          s.keyHistogram(type, base, ft, n, prefixShift, prefix, binShift, binMask, hist);
        }

        @Override
        public void keyCount(FloatType type, ByteBuffer base, ByteBuffer ft, long n, int key, long[] counts) {
          s.keyCount(type, base, ft, n, key, counts);
        }

        @Override
        public long keyFind(FloatType type, ByteBuffer base, ByteBuffer ft, long n, int key, long c) {
          return s.keyFind(type, base, ft, n, key, c);
        }

        @Override
        public void keysAt(FloatType type, ByteBuffer base, ByteBuffer ft, long[] pos, int m, int[] keys) {
          s.keysAt(type, base, ft, pos, m, keys);
        }

        @Override
        public void mergePoints(MergeDesc desc, Chunk chunk, long[] pos, int m, boolean write, ChunkStats stats) {
          s.mergePoints(desc, chunk, pos, m, write, stats);
        }

        @Override
        public void mergeRows(MergeDesc desc, Chunk chunk, long rowLen, ChunkStats stats) {
          s.mergeRows(desc, chunk, rowLen, stats);
        }

        @Override
        public void close() {
          s.close();
        }
      };
    }
  }
}
