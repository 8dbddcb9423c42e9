// NativeLoadProbe.java — main() run in a child JVM by ErrorPathsTest: reports what the provider does when the
// native library cannot load.
package org.breadcrumbs4j.kernel;

final class NativeLoadProbe {
  private NativeLoadProbe() {}

  public static void main(String[] args) {
    System.out.println("auto=" + Kernels.open("auto").name());
    try {
      Kernels.open("scalar");
      System.out.println("scalar opened");
    } catch (IllegalStateException e) {
      System.out.println("scalar: " + e.getMessage());
    }
  }
}
