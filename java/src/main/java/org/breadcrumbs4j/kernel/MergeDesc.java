// MergeDesc.java — everything a merge kernel needs to know about one tensor (mirrors bc_merge_desc).
package org.breadcrumbs4j.kernel;

import java.util.List;

/**
 * The per-tensor description handed to every merge kernel call.
 *
 * @param combine    combination rule
 * @param inType     dtype of base and of every fine-tune
 * @param outType    dtype of the output
 * @param lambda     f32(lambda): out = base + lambda*acc (ignored by LINEAR)
 * @param normalize  divide as SPEC says for the combine mode
 * @param weightSum  W = sum of w_t in config order, binary32
 * @param consensusK consensus: keep T where at least k masks are set
 * @param models     one spec per merged model, config order
 */
public record MergeDesc(
    Combine combine,
    FloatType inType,
    FloatType outType,
    float lambda,
    boolean normalize,
    float weightSum,
    int consensusK,
    List<ModelSpec> models) {

  public MergeDesc {
    models = List.copyOf(models);
    if (models.isEmpty()) {
      throw new IllegalArgumentException("a merge needs at least one model");
    }
  }

  public int modelCount() {
    return models.size();
  }

  public MergeDesc withModels(List<ModelSpec> newModels) {
    return new MergeDesc(combine, inType, outType, lambda, normalize, weightSum, consensusK, newModels);
  }
}
