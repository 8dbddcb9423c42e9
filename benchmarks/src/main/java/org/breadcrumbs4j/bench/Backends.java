// Backends.java — prints the kernel backends this machine can run (comma-separated, best first), so
// benchmarks/run parameterises over exactly those (cuda appears only where a CUDA build is present).
package org.breadcrumbs4j.bench;

import org.breadcrumbs4j.kernel.Kernels;

public final class Backends {
  private Backends() {}

  public static void main(String[] args) {
    System.out.println(String.join(",", Kernels.available()));
  }
}
