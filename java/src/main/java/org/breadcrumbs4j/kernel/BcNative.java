// BcNative.java — package-private JavaCPP mirror of native/include/bc.h (wiring probe; extended by the kernels work).
package org.breadcrumbs4j.kernel;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Platform;

@Platform(include = "bc.h", link = "bc_kernels")
final class BcNative {
  static { Loader.load(); }

  private BcNative() {}

  static native String bc_version();
}
