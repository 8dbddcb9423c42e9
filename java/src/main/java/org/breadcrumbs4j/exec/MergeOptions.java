// MergeOptions.java — how a merge runs (not what it computes): device, threads, memory, output handling.
package org.breadcrumbs4j.exec;

import java.nio.file.Path;

/**
 * Execution options; none of them changes a single output bit.
 *
 * @param kernels      backend: auto, java, scalar, avx2 (or cuda)
 * @param threads      worker threads
 * @param shardBytes   maximum bytes per output shard
 * @param memoryBudget bytes of native + heap working memory the merge may use (page cache excluded)
 * @param force        replace an existing non-empty output directory
 * @param fsync        fsync files and directory before the atomic rename
 * @param report       per-tensor statistics JSON, or null
 */
public record MergeOptions(String kernels, int threads, long shardBytes, long memoryBudget, boolean force, boolean fsync,
    Path report) {

  public static final long DEFAULT_SHARD_BYTES = 5_000_000_000L;

  /** Defaults: auto backend, all cores, 5 GB shards, budget min(2 GiB, RAM/8), fsync on. */
  public static MergeOptions defaults() {
    return new MergeOptions("auto", Runtime.getRuntime().availableProcessors(), DEFAULT_SHARD_BYTES, defaultBudget(),
        false, true, null);
  }

  public static long defaultBudget() {
    long ram = physicalMemory();
    return Math.max(256L << 20, Math.min(2L << 30, ram / 8));
  }

  private static long physicalMemory() {
    try {
      java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
        return sun.getTotalMemorySize();
      }
    } catch (RuntimeException | LinkageError ignored) {
      // fall through: a conservative guess
    }
    return 8L << 30;
  }

  public MergeOptions withKernels(String k) {
    return new MergeOptions(k, threads, shardBytes, memoryBudget, force, fsync, report);
  }

  public MergeOptions withThreads(int t) {
    return new MergeOptions(kernels, t, shardBytes, memoryBudget, force, fsync, report);
  }

  public MergeOptions withShardBytes(long s) {
    return new MergeOptions(kernels, threads, s, memoryBudget, force, fsync, report);
  }

  public MergeOptions withMemoryBudget(long b) {
    return new MergeOptions(kernels, threads, shardBytes, b, force, fsync, report);
  }

  public MergeOptions withForce(boolean f) {
    return new MergeOptions(kernels, threads, shardBytes, memoryBudget, f, fsync, report);
  }

  public MergeOptions withFsync(boolean f) {
    return new MergeOptions(kernels, threads, shardBytes, memoryBudget, force, f, report);
  }

  public MergeOptions withReport(Path r) {
    return new MergeOptions(kernels, threads, shardBytes, memoryBudget, force, fsync, r);
  }
}
