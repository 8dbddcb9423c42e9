// TensorParams.java — every parameter of one tensor, resolved and range-checked by ParamResolver;
// the engine turns it into a kernel MergeDesc.
package org.breadcrumbs4j.config;

/**
 * Resolved parameters of one tensor. Per-model arrays are indexed by {@link ModelEntry#position()}.
 * Values a method does not read hold neutral defaults (density 1, gamma 0; see
 * {@link MergeMethod#uses(Param)}).
 */
public record TensorParams(
    double[] weight,
    double[] density,
    double[] gamma,
    double[] tallLambda,
    Scope[] scope,
    double lambda,
    boolean normalize,
    boolean rescale,
    int k,
    long seed) {

  public int modelCount() {
    return weight.length;
  }
}
