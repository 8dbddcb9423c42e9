// MergeCommand.java — `breadcrumbs merge CONFIG.yml OUT_DIR`: validate from headers, then merge atomically.
package org.breadcrumbs4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.breadcrumbs4j.config.MergeConfig;
import org.breadcrumbs4j.exec.MergeEngine;
import org.breadcrumbs4j.exec.MergeOptions;
import org.breadcrumbs4j.exec.MergeSummary;
import org.breadcrumbs4j.io.CheckpointWriter;
import org.breadcrumbs4j.plan.MergePlan;
import org.breadcrumbs4j.plan.TensorPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "merge", mixinStandardHelpOptions = true, description = "Merge the models a mergekit YAML config names.")
final class MergeCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CONFIG.yml", description = "mergekit-compatible merge config")
  Path config;

  @Parameters(index = "1", paramLabel = "OUT_DIR", description = "output model directory (created atomically)")
  Path out;

  @Option(names = "--device", defaultValue = "auto", description = "cpu, cuda or auto (default: ${DEFAULT-VALUE})")
  String device;

  @Option(names = "--kernels", defaultValue = "auto", description = "CPU backend: auto, avx2, scalar, java (default: ${DEFAULT-VALUE})")
  String kernels;

  @Option(names = "--threads", description = "worker threads (default: all cores)")
  Integer threads;

  @Option(names = "--out-shard-size", defaultValue = "5G", description = "max bytes per output shard, e.g. 500M, 5G (default: ${DEFAULT-VALUE})")
  String shardSize;

  @Option(names = "--memory-budget", description = "working memory, e.g. 1G (default: min(2G, RAM/8))")
  String memoryBudget;

  @Option(names = "--dry-run", description = "validate from headers and print the plan; read no weights")
  boolean dryRun;

  @Option(names = "--force", description = "replace a non-empty OUT_DIR")
  boolean force;

  @Option(names = "--no-fsync", description = "skip fsync before the atomic rename")
  boolean noFsync;

  @Option(names = "--quiet", description = "print nothing on success")
  boolean quiet;

  @Option(names = "--report", paramLabel = "FILE.json", description = "write per-tensor statistics")
  Path report;

  @Option(names = "--verbose", description = "stack traces on errors")
  boolean verbose;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (quiet) {
      java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    }
    String backend = switch (device) {
      case "cpu", "auto" -> kernels;
      case "cuda" -> "cuda";
      default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--device must be cpu, cuda or auto, got " + device);
    };
    MergeOptions o = MergeOptions.defaults().withKernels(backend).withForce(force).withFsync(!noFsync).withReport(report)
        .withShardBytes(CheckpointWriter.parseSize(shardSize));
    if (threads != null) {
      if (threads < 1) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--threads must be >= 1");
      }
      o = o.withThreads(threads);
    }
    if (memoryBudget != null) {
      o = o.withMemoryBudget(CheckpointWriter.parseSize(memoryBudget));
    }
    MergeConfig cfg = MergeConfig.load(config);
    cfg.checkModelDirectories();
    try (MergePlan plan = MergePlan.create(cfg)) {
      if (dryRun) {
        printPlan(out, plan, o);
        return 0;
      }
      MergeSummary s = MergeEngine.run(plan, this.out, o, quiet ? org.breadcrumbs4j.exec.Progress.NONE : new ProgressBar(err));
      if (!quiet) {
        out.printf("merged %d tensors into %s with %s kernels in %.2f s (%.2f GB/s read+written)%n", s.tensors().size(),
            s.output(), s.backend(), s.seconds(), s.throughput() / 1e9);
      }
    }
    return 0;
  }

  private static void printPlan(PrintWriter out, MergePlan plan, MergeOptions o) {
    long merged = plan.tensors().stream().filter(TensorPlan::merged).count();
    // Window records of the largest ranked tensor (about 1% of its elements, 12 bytes each, capped at half
    // the budget), two output chunk buffers per thread, and the JVM's own working set.
    long largest = plan.tensors().stream().filter(TensorPlan::merged).mapToLong(TensorPlan::numel).max().orElse(0);
    long records = Math.min(largest / 100 * 12, o.memoryBudget() / 2);
    long peak = records + (long) o.threads() * 2 * (4L << 20) + (64L << 20);
    out.printf("method      %s%n", plan.config().method().yamlName());
    out.printf("base        %s%n", plan.base() == null ? "(none)" : plan.base().root());
    for (int t = 0; t < plan.models().size(); t++) {
      out.printf("model %-5d %s%n", t, plan.models().get(t).root());
    }
    out.printf("tensors     %d (%d merged, %d copied)%n", plan.tensors().size(), merged, plan.tensors().size() - merged);
    out.printf("read        %s%n", human(plan.inputBytes()));
    out.printf("write       %s%n", human(plan.outputBytes()));
    out.printf("peak memory ~%s (budget %s; mapped inputs use page cache)%n", human(peak), human(o.memoryBudget()));
    for (TensorPlan p : plan.tensors()) {
      out.printf("  %-60s %-5s -> %-5s %-18s %s%n", p.name(), p.inDtype(), p.outDtype(),
          java.util.Arrays.toString(p.shape()), p.merged() ? "merge" : "copy");
    }
  }

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format("%.1f %s", v, units[u]);
  }
}
