// MergeEngine.java — runs a validated MergePlan: streams tensors from the mapped inputs through the
// TensorMerger into the atomic CheckpointWriter. Flow: plan → reader → kernels → writer.
package org.breadcrumbs4j.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.breadcrumbs4j.config.MergeConfig;
import org.breadcrumbs4j.io.CheckpointWriter;
import org.breadcrumbs4j.io.TensorData;
import org.breadcrumbs4j.kernel.Combine;
import org.breadcrumbs4j.kernel.Kernels;
import org.breadcrumbs4j.kernel.MergeKernels;
import org.breadcrumbs4j.kernel.NonFiniteException;
import org.breadcrumbs4j.method.TensorMerger;
import org.breadcrumbs4j.method.TensorReport;
import org.breadcrumbs4j.method.TensorTask;
import org.breadcrumbs4j.plan.MergePlan;
import org.breadcrumbs4j.plan.TensorPlan;

/**
 * Executes merges. Tensors are processed one at a time, each chunked over the worker threads, so peak
 * memory is bounded by the memory budget whatever the model size and count: inputs are mapped (page
 * cache, not anonymous memory), outputs go through a small pool of chunk buffers, and the exact selection
 * of rank boundaries records at most half the budget of window elements (wider windows use radix selection).
 */
public final class MergeEngine {
  public static final String VERSION = "0.1.0";

  private MergeEngine() {}

  /** Plans (headers only), then runs. */
  public static MergeSummary run(MergeConfig config, Path outDir, MergeOptions options, Progress progress) {
    config.checkModelDirectories();
    try (MergePlan plan = MergePlan.create(config)) {
      return run(plan, outDir, options, progress);
    }
  }

  public static MergeSummary run(MergePlan plan, Path outDir, MergeOptions o, Progress progress) {
    long t0 = System.nanoTime();
    List<CheckpointWriter.PlannedTensor> planned = new ArrayList<>();
    for (TensorPlan p : plan.tensors()) {
      planned.add(new CheckpointWriter.PlannedTensor(p.name(), p.outDtype(), p.shape()));
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "pt");
    metadata.put("merged_by", "breadcrumbs4j " + VERSION);
    metadata.put("merge_method", plan.config().method().yamlName());
    metadata.put("merge_config_sha256", plan.config().sha256());
    List<TensorReport> reports = new ArrayList<>();
    long bytesRead = 0;
    long bytesWritten = 0;
    BufferPool pool = new BufferPool(4 << 20);
    String backend;
    try (MergeKernels kernels = Kernels.open(o.kernels());
        TensorMerger merger = new TensorMerger(kernels, o.threads(), o.memoryBudget() / 2);
        CheckpointWriter writer = CheckpointWriter.create(outDir, planned, metadata,
            new CheckpointWriter.Options(o.shardBytes(), o.force(), o.fsync()), plan.inputs());
        Prefetcher prefetcher = new Prefetcher()) {
      backend = kernels.name();
      progress.start(plan.tensors().size(), plan.inputBytes() + plan.outputBytes());
      int i = 0;
      List<TensorPlan> all = plan.tensors();
      for (TensorPlan p : all) {
        if (i + 1 < all.size()) {
          prefetcher.prefetch(inputsOf(plan, all.get(i + 1)));
        }
        long before = bytesRead + bytesWritten;
        if (!p.merged()) {
          writer.copyFrom(p.name(), plan.reference().data(p.name()));
          reports.add(new TensorReport(p.name(), p.numel(), "copy", new long[0], null, 0, 0, 0, 0));
          bytesRead += p.inBytes();
        } else {
          reports.add(mergeOne(plan, p, merger, writer, pool));
          bytesRead += p.inBytes() * (plan.models().size() + (p.desc().combine() == Combine.LINEAR ? 0 : 1));
        }
        bytesWritten += p.outBytes();
        progress.tensorDone(i++, p.name(), bytesRead + bytesWritten - before);
      }
      writer.writeConfig(plan.auxSource(), plan.outDtype());
      writer.commit();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    MergeSummary summary = new MergeSummary(outDir, backend, reports, bytesRead, bytesWritten, seconds, pool.peakBytes());
    if (o.report() != null) {
      writeReport(o.report(), plan, summary);
    }
    progress.finish();
    return summary;
  }

  private static List<TensorData> inputsOf(MergePlan plan, TensorPlan p) {
    List<TensorData> l = new ArrayList<>();
    if (!p.merged()) {
      l.add(plan.reference().data(p.name()));
      return l;
    }
    if (plan.base() != null && p.desc().combine() != Combine.LINEAR) {
      l.add(plan.base().data(p.name()));
    }
    for (var m : plan.models()) {
      l.add(m.data(p.name()));
    }
    return l;
  }

  private static TensorReport mergeOne(MergePlan plan, TensorPlan p, TensorMerger merger, CheckpointWriter writer,
      BufferPool pool) {
    boolean linear = p.desc().combine() == Combine.LINEAR;
    TensorData base = linear || plan.base() == null ? null : plan.base().data(p.name());
    TensorData[] fts = new TensorData[plan.models().size()];
    for (int t = 0; t < fts.length; t++) {
      fts[t] = plan.models().get(t).data(p.name());
    }
    CheckpointTensorIO io = new CheckpointTensorIO(p.name(), base, fts, p.inDtype().size(), p.outDtype().size(), writer, pool);
    try {
      return merger.merge(new TensorTask(p.name(), p.shape(), p.desc(), p.ranks(), io));
    } catch (NonFiniteException e) {
      String who = e.input() < 0 ? "base model " + plan.base().root() : "model " + plan.models().get(e.input()).root();
      throw new MergeException("tensor " + p.name() + ": " + who + " has a non-finite value (NaN or Inf) at flat index "
          + e.index(), e);
    }
  }

  private static void writeReport(Path file, MergePlan plan, MergeSummary s) {
    ObjectMapper om = new ObjectMapper();
    ObjectNode root = om.createObjectNode();
    root.put("tool", "breadcrumbs4j " + VERSION);
    root.put("merge_method", plan.config().method().yamlName());
    root.put("config_sha256", plan.config().sha256());
    root.put("backend", s.backend());
    root.put("seconds", s.seconds());
    root.put("bytes_read", s.bytesRead());
    root.put("bytes_written", s.bytesWritten());
    ArrayNode models = root.putArray("models");
    plan.models().forEach(m -> models.add(m.root().toString()));
    ArrayNode tensors = root.putArray("tensors");
    for (TensorReport r : s.tensors()) {
      ObjectNode t = tensors.addObject();
      t.put("name", r.name());
      t.put("elements", r.elements());
      t.put("path", r.path());
      ArrayNode kept = t.putArray("kept");
      for (long k : r.kept()) {
        kept.add(k);
      }
      if (r.thresholds() != null) {
        ArrayNode th = t.putArray("thresholds");
        for (float[] lohi : r.thresholds()) {
          ArrayNode pair = th.addArray();
          for (float f : lohi) {
            if (Float.isNaN(f)) {
              pair.addNull();
            } else {
              pair.add(f);
            }
          }
        }
      }
      t.put("sign_conflicts", r.conflicts());
      t.put("consensus_kept", r.consensus());
      t.put("candidates", r.candidates());
      t.put("fallbacks", r.fallbacks());
    }
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      om.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new MergeException("writing report " + file + ": " + e.getMessage(), e);
    }
  }
}
