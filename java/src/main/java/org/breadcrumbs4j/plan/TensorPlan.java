// TensorPlan.java — the validated plan of one output tensor: merged by kernels, or copied from its source.
package org.breadcrumbs4j.plan;

import java.util.List;
import org.breadcrumbs4j.io.DType;
import org.breadcrumbs4j.kernel.MergeDesc;
import org.breadcrumbs4j.method.RankSpec;

/**
 * One output tensor.
 *
 * @param name     tensor name
 * @param shape    shape (same in every input)
 * @param inDtype  dtype shared by the inputs
 * @param outDtype dtype written
 * @param merged   true: merged by the kernels; false: copied unchanged from the base (non-float tensors)
 * @param desc     kernel description (merged only)
 * @param ranks    per-model ranking parameters (merged only; null entries for unranked models)
 */
public record TensorPlan(String name, long[] shape, DType inDtype, DType outDtype, boolean merged, MergeDesc desc,
    List<RankSpec> ranks) {

  public long numel() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  public long outBytes() {
    return numel() * outDtype.size();
  }

  public long inBytes() {
    return numel() * inDtype.size();
  }
}
