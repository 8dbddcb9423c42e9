// DescBuilder.java — per-tensor resolved parameters → the kernel's MergeDesc and ranking specs (SPEC semantics).
package org.breadcrumbs4j.plan;

import java.util.ArrayList;
import java.util.List;
import org.breadcrumbs4j.config.MergeConfig;
import org.breadcrumbs4j.config.MergeMethod;
import org.breadcrumbs4j.config.ParamResolver;
import org.breadcrumbs4j.config.Scope;
import org.breadcrumbs4j.config.TensorParams;
import org.breadcrumbs4j.io.DType;
import org.breadcrumbs4j.io.TensorInfo;
import org.breadcrumbs4j.kernel.Bound;
import org.breadcrumbs4j.kernel.MergeDesc;
import org.breadcrumbs4j.kernel.Mask;
import org.breadcrumbs4j.kernel.ModelSpec;
import org.breadcrumbs4j.method.RankSpec;
import org.breadcrumbs4j.kernel.Splitmix;

/** Turns resolved parameters into kernel descriptions; the only place that maps SPEC's parameters to kernels. */
public final class DescBuilder {
  private DescBuilder() {}

  static TensorPlan plan(MergeConfig config, ParamResolver resolver, TensorInfo ti, DType forcedOut) {
    if (ti.dtype().floatType() == null) {
      return new TensorPlan(ti.name(), ti.shape(), ti.dtype(), ti.dtype(), false, null, null);
    }
    DType out = forcedOut != null ? forcedOut : ti.dtype();
    TensorParams p = resolver.resolve(ti.name());
    List<RankSpec> ranks = new ArrayList<>();
    MergeDesc desc = desc(config.method(), p, ti.name(), ti.dtype(), out, ranks);
    if (ranks.stream().filter(java.util.Objects::nonNull).map(RankSpec::rowScope).distinct().count() > 1) {
      throw new PlanException("tensor " + ti.name() + ": models mix scope row and scope tensor; one tensor is ranked one way"
          + " (a filter list can set scope per tensor)");
    }
    return new TensorPlan(ti.name(), ti.shape(), ti.dtype(), out, true, desc, ranks);
  }

  /**
   * The kernel description of one tensor.
   *
   * @param ranks receives one entry per model (null for unranked models)
   */
  public static MergeDesc desc(MergeMethod method, TensorParams p, String tensorName, DType in, DType out, List<RankSpec> ranks) {
    int n = p.weight().length;
    List<ModelSpec> models = new ArrayList<>();
    float weightSum = 0f;
    for (int t = 0; t < n; t++) {
      float w = (float) p.weight()[t];
      weightSum = weightSum + w; // binary32, in config order (SPEC)
      float tall = (float) p.tallLambda()[t];
      double rho = p.density()[t];
      boolean row = p.scope()[t] == Scope.ROW;
      switch (method.sparsify()) {
        case NONE -> {
          models.add(ModelSpec.all(w, tall));
          ranks.add(null);
        }
        case TOP_K -> {
          models.add(rank(w, tall));
          ranks.add(new RankSpec(rho, 0.0, row));
        }
        case BREADCRUMBS -> {
          models.add(rank(w, tall));
          ranks.add(new RankSpec(rho, p.gamma()[t], row));
        }
        case DARE -> {
          models.add(new ModelSpec(Mask.DARE, w, tall, (float) rho, p.rescale(), Splitmix.dareThreshold(rho),
              Splitmix.dareHash(p.seed(), t, tensorName), Bound.NONE_BEFORE, Bound.ALL_BEFORE, 0, Long.MAX_VALUE));
          ranks.add(null);
        }
      }
    }
    return new MergeDesc(method.combine(), in.floatType(), out.floatType(), (float) p.lambda(), p.normalize(), weightSum,
        p.k(), models);
  }

  private static ModelSpec rank(float w, float tall) {
    return new ModelSpec(Mask.RANK, w, tall, 1f, false, 0, 0, Bound.NONE_BEFORE, Bound.ALL_BEFORE, 0, Long.MAX_VALUE);
  }
}
