// MergePlan.java — config + checkpoint headers → validated per-tensor plans (reads no weights).
// Flow: config → plan (this) → reader → kernels → writer.
package org.breadcrumbs4j.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.breadcrumbs4j.config.MergeConfig;
import org.breadcrumbs4j.config.ModelEntry;
import org.breadcrumbs4j.config.ParamResolver;
import org.breadcrumbs4j.io.Checkpoint;
import org.breadcrumbs4j.io.DType;
import org.breadcrumbs4j.io.TensorInfo;

/**
 * A merge ready to run: the opened checkpoints (headers validated) and one {@link TensorPlan} per output
 * tensor, in the reference checkpoint's order. Every configuration, tensor, shape and dtype problem is
 * reported here, before any weight is read.
 */
public final class MergePlan implements AutoCloseable {
  private final MergeConfig config;
  private final Checkpoint base;
  private final List<Checkpoint> models;
  private final List<TensorPlan> tensors;
  private final DType outDtype;

  private MergePlan(MergeConfig config, Checkpoint base, List<Checkpoint> models, List<TensorPlan> tensors, DType outDtype) {
    this.config = config;
    this.base = base;
    this.models = models;
    this.tensors = tensors;
    this.outDtype = outDtype;
  }

  /** Opens every checkpoint (headers only) and validates the whole merge. */
  public static MergePlan create(MergeConfig config) {
    List<Checkpoint> opened = new ArrayList<>();
    try {
      Checkpoint base = null;
      if (config.baseModel().isPresent()) {
        base = Checkpoint.open(config.baseModel().get());
        opened.add(base);
      }
      List<Checkpoint> models = new ArrayList<>();
      for (ModelEntry m : config.models()) {
        Checkpoint c = Checkpoint.open(m.path());
        opened.add(c);
        models.add(c);
      }
      Checkpoint reference = base != null ? base : models.get(0);
      String refLabel = base != null ? "base model " + reference.root() : "model " + reference.root();
      DType forced = config.resultDtype().map(MergePlan::floatDtype).orElse(null);
      List<TensorInfo> refTensors = reference.tensors();
      checkSameTensorSet(reference, refLabel, models, config);
      List<String> names = new ArrayList<>();
      for (TensorInfo ti : refTensors) {
        names.add(ti.name());
      }
      Optional<JsonNode> refConfig = reference.config();
      ParamResolver resolver = new ParamResolver(config, ParamResolver.layerCountFromConfigJson(refConfig, names));
      List<TensorPlan> plans = new ArrayList<>();
      for (TensorInfo ti : refTensors) {
        for (int t = 0; t < models.size(); t++) {
          TensorInfo mi = models.get(t).tensor(ti.name()).orElseThrow();
          if (!java.util.Arrays.equals(mi.shape(), ti.shape())) {
            throw new PlanException("tensor " + ti.name() + ": shape " + java.util.Arrays.toString(mi.shape()) + " in model "
                + models.get(t).root() + " differs from " + java.util.Arrays.toString(ti.shape()) + " in " + refLabel);
          }
          if (mi.dtype() != ti.dtype()) {
            throw new PlanException("tensor " + ti.name() + ": dtype " + mi.dtype() + " in model " + models.get(t).root()
                + " differs from " + ti.dtype() + " in " + refLabel);
          }
        }
        plans.add(DescBuilder.plan(config, resolver, ti, forced));
      }
      return new MergePlan(config, base, models, plans, forced);
    } catch (RuntimeException e) {
      for (Checkpoint c : opened) {
        c.close();
      }
      throw e;
    }
  }

  private static DType floatDtype(String name) {
    DType d;
    try {
      d = DType.fromConfigName(name);
    } catch (RuntimeException e) {
      throw new PlanException("dtype " + name + ": " + e.getMessage());
    }
    if (d.floatType() == null) {
      throw new PlanException("dtype " + name + ": the output dtype must be float32, float16, bfloat16 or float64");
    }
    return d;
  }

  private static void checkSameTensorSet(Checkpoint reference, String refLabel, List<Checkpoint> models, MergeConfig config) {
    Set<String> refNames = new LinkedHashSet<>();
    for (TensorInfo ti : reference.tensors()) {
      refNames.add(ti.name());
    }
    for (Checkpoint m : models) {
      Set<String> names = new HashSet<>();
      for (TensorInfo ti : m.tensors()) {
        names.add(ti.name());
        if (!refNames.contains(ti.name())) {
          throw new PlanException("tensor " + ti.name() + " of model " + m.root() + " is not in the " + refLabel);
        }
      }
      for (String n : refNames) {
        if (!names.contains(n)) {
          throw new PlanException("tensor " + n + " of the " + refLabel + " is missing from model " + m.root());
        }
      }
    }
  }

  public MergeConfig config() {
    return config;
  }

  /** The base checkpoint, or null (linear without a base). */
  public Checkpoint base() {
    return base;
  }

  public List<Checkpoint> models() {
    return models;
  }

  /** Base if present, else the first model: source of copied tensors and of config.json. */
  public Checkpoint reference() {
    return base != null ? base : models.get(0);
  }

  public List<TensorPlan> tensors() {
    return tensors;
  }

  /** The configured output dtype, or null when each tensor keeps the base's dtype. */
  public DType outDtype() {
    return outDtype;
  }

  /** Directory holding the tokenizer and config files copied to the output. */
  public Path auxSource() {
    return config.tokenizerSource().orElse(reference().root());
  }

  /** Every input directory (the output may be none of them). */
  public List<Path> inputs() {
    List<Path> out = new ArrayList<>();
    if (base != null) {
      out.add(base.root());
    }
    for (Checkpoint m : models) {
      out.add(m.root());
    }
    return out;
  }

  /** Bytes read from the inputs by a merge (merged tensors: base + every model; copies: once). */
  public long inputBytes() {
    long sum = 0;
    for (TensorPlan p : tensors) {
      sum += p.merged() ? p.inBytes() * (models.size() + (base != null ? 1 : 0)) : p.inBytes();
    }
    return sum;
  }

  public long outputBytes() {
    long sum = 0;
    for (TensorPlan p : tensors) {
      sum += p.outBytes();
    }
    return sum;
  }

  @Override
  public void close() {
    if (base != null) {
      base.close();
    }
    for (Checkpoint m : models) {
      m.close();
    }
  }
}
