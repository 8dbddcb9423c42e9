// MethodDescs.java — builds the kernels' MergeDesc for a SPEC merge method from SpecOracle parameters, the
// way the engine does: lets tests run whole methods through mergeRows/mergeChunk and compare with the oracle.
package org.breadcrumbs4j.testing;

import java.util.ArrayList;
import java.util.List;
import org.breadcrumbs4j.kernel.Bound;
import org.breadcrumbs4j.kernel.Combine;
import org.breadcrumbs4j.kernel.FloatType;
import org.breadcrumbs4j.kernel.Mask;
import org.breadcrumbs4j.kernel.MergeDesc;
import org.breadcrumbs4j.kernel.ModelSpec;
import org.breadcrumbs4j.kernel.Splitmix;
import org.breadcrumbs4j.testing.SpecOracle.Method;
import org.breadcrumbs4j.testing.SpecOracle.OracleParams;

/** MergeDesc for one tensor; ranks for the rows kernel over units of unitLen elements. */
public final class MethodDescs {
  private MethodDescs() {}

  public static Combine combine(Method m) {
    return switch (m) {
      case TASK_ARITHMETIC, BREADCRUMBS, DARE_LINEAR -> Combine.SUM;
      case TIES, BREADCRUMBS_TIES, DARE_TIES -> Combine.TIES;
      case CONSENSUS_TA -> Combine.CONSENSUS_SUM;
      case CONSENSUS_TIES -> Combine.CONSENSUS_TIES;
      case LINEAR -> Combine.LINEAR;
    };
  }

  public static MergeDesc desc(Method m, OracleParams p, String tensorName, long[] shape, long unitLen,
      FloatType in, FloatType out) {
    int models = p.weight.length;
    boolean scalar = shape.length == 0;
    boolean breadcrumbs = m == Method.BREADCRUMBS || m == Method.BREADCRUMBS_TIES;
    boolean ranked = breadcrumbs || m == Method.TIES || m == Method.CONSENSUS_TIES;
    boolean dare = m == Method.DARE_LINEAR || m == Method.DARE_TIES;
    List<ModelSpec> specs = new ArrayList<>();
    float weightSum = 0f;
    for (int t = 0; t < models; t++) {
      float w = (float) p.weight[t];
      weightSum += w;
      ModelSpec s = ModelSpec.all(w, (float) p.tallLambda[t]);
      double rho = p.density[t];
      if (!scalar && ranked) {
        long[] kt = SpecOracle.keepAndTop(rho, breadcrumbs ? p.gamma[t] : 0, unitLen);
        s = new ModelSpec(Mask.RANK, w, (float) p.tallLambda[t], 1f, false, 0, 0, Bound.NONE_BEFORE,
            Bound.ALL_BEFORE, kt[1], kt[1] + kt[0]);
      } else if (!scalar && dare) {
        s = new ModelSpec(Mask.DARE, w, (float) p.tallLambda[t], (float) rho, p.rescale,
            Splitmix.dareThreshold(rho), Splitmix.dareHash(p.seed, t, tensorName), Bound.NONE_BEFORE,
            Bound.ALL_BEFORE, 0, Long.MAX_VALUE);
      }
      specs.add(s);
    }
    boolean normalize = p.normalize != null ? p.normalize
        : (m == Method.TIES || m == Method.CONSENSUS_TIES || m == Method.LINEAR);
    return new MergeDesc(combine(m), in, out, (float) p.lambda, normalize, weightSum, p.k, specs);
  }

  /** The exact bound at rank r of a whole-tensor unit, from a full sort of the task vector (test only). */
  public static Bound exactBound(float[] d, int[] order, long r) {
    if (r <= 0) {
      return Bound.NONE_BEFORE;
    }
    if (r >= d.length) {
      return Bound.ALL_BEFORE;
    }
    int at = order[(int) r];
    return Bound.exact(Float.floatToRawIntBits(d[at]) & 0x7FFFFFFF, at);
  }

  /** The desc with every RANK model's rank range turned into exact whole-tensor bounds (chunk kernels). */
  public static MergeDesc withExactBounds(MergeDesc desc, float[] base, float[][] ft) {
    List<ModelSpec> specs = new ArrayList<>();
    for (int t = 0; t < desc.modelCount(); t++) {
      ModelSpec s = desc.models().get(t);
      if (s.mask() == Mask.RANK) {
        float[] d = new float[base.length];
        for (int i = 0; i < d.length; i++) {
          d[i] = ft[t][i] - base[i];
        }
        int[] order = SpecOracle.rankOrder(d, 0, d.length);
        s = s.withBounds(exactBound(d, order, s.rankLo()), exactBound(d, order, s.rankHi()));
      }
      specs.add(s);
    }
    return desc.withModels(specs);
  }
}
