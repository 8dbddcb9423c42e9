// TensorReport.java — per-tensor statistics of a merge (for --report and tests).
package org.breadcrumbs4j.method;

/**
 * What happened to one tensor.
 *
 * @param name        tensor name
 * @param elements    element count
 * @param path        how it was merged: "rows" (exact in cache), "window" (sampled windows), "exact" (streamed selection), "copy"
 * @param kept        per model: elements whose mask kept them
 * @param thresholds  per model {lo, hi}: |d| at the rank boundaries (NaN when the boundary is empty or per row)
 * @param conflicts   TIES: elements with a sign-election conflict
 * @param consensus   consensus: elements whose TALL mask count reached k
 * @param candidates  elements recorded inside sampled key windows (the exact boundaries come from them)
 * @param fallbacks   boundaries the sampled window missed (resolved by exact streamed selection)
 */
public record TensorReport(
    String name,
    long elements,
    String path,
    long[] kept,
    float[][] thresholds,
    long conflicts,
    long consensus,
    long candidates,
    int fallbacks) {}
