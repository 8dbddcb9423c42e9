// PlanException.java — a merge that cannot run, found from headers before any weight is read.
package org.breadcrumbs4j.plan;

/** Mismatched or missing tensors, shapes or dtypes, and per-tensor parameter errors. */
public final class PlanException extends RuntimeException {
  public PlanException(String message) {
    super(message);
  }
}
