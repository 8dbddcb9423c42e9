// TensorTask.java — one tensor to merge: its shape, kernel description, ranking parameters and I/O.
package org.breadcrumbs4j.method;

import java.util.Arrays;
import java.util.List;
import org.breadcrumbs4j.kernel.Mask;
import org.breadcrumbs4j.kernel.MergeDesc;

/**
 * Everything a {@link TensorMerger} needs for one tensor.
 *
 * @param name  tensor name (DARE's generator hashes it)
 * @param shape tensor shape; {} is a 0-D scalar (never ranked: SPEC)
 * @param desc  kernel description; RANK bounds/ranks are filled in by the merger
 * @param ranks per model, the ranking parameters of RANK-masked models (null entries for others)
 * @param io    inputs and output
 */
public record TensorTask(String name, long[] shape, MergeDesc desc, List<RankSpec> ranks, TensorIO io) {

  public TensorTask {
    shape = shape.clone();
    ranks = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(ranks));
    if (ranks.size() != desc.modelCount()) {
      throw new IllegalArgumentException("need one RankSpec entry per model");
    }
    for (int t = 0; t < ranks.size(); t++) {
      if ((desc.models().get(t).mask() == Mask.RANK) != (ranks.get(t) != null)) {
        throw new IllegalArgumentException("model " + t + ": RankSpec given iff the mask is RANK");
      }
    }
  }

  public long elements() {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape);
  }
}
