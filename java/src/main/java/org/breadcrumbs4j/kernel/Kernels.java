// Kernels.java — the kernel backend provider: picks java | scalar | avx2 (| cuda) at runtime, like Lucene's
// vectorization provider. The engine calls Kernels.open once and passes the MergeKernels down the flow.
package org.breadcrumbs4j.kernel;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Backend selection. An explicit choice wins and fails loudly (IllegalStateException saying why) when
 * it cannot run here; {@code auto} takes the best available: avx2 → scalar → java, logging one INFO
 * line with the choice and one WARNING per rejected option with its reason. When the argument is null
 * or {@code auto}, the system property {@value #PROPERTY}, then the environment variable
 * {@value #ENV}, may name the backend instead (an explicit argument always wins).
 */
public final class Kernels {
  public static final String PROPERTY = "breadcrumbs4j.kernels";
  public static final String ENV = "BC_KERNELS";
  /** Every name {@link #open} understands. */
  public static final List<String> CHOICES = List.of("auto", "java", "scalar", "avx2", "cuda");

  private static final Logger LOG = System.getLogger(Kernels.class.getName());

  private Kernels() {}

  /** Opens the named backend ({@code auto|java|scalar|avx2|cuda}); null means auto. */
  public static MergeKernels open(String choice) {
    String name = choice == null ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
    if (name.equals("auto")) {
      String configured = configured();
      if (configured != null && !configured.equals("auto")) {
        name = configured;
      }
    }
    return switch (name) {
      case "auto" -> auto();
      case "java" -> JavaKernels.INSTANCE;
      case "scalar", "avx2" -> NativeKernels.open(name);
      case "cuda" -> throw new IllegalStateException(
          "kernel backend 'cuda' is unavailable: this build of breadcrumbs4j has no CUDA library");
      default -> throw new IllegalArgumentException(
          "unknown kernel backend '" + choice + "'; expected one of " + CHOICES);
    };
  }

  /**
   * Advises the OS that a mapped buffer (a slice of a file mapping) is read soon: readahead of pages not yet
   * cached and page-table population in one call (bc_prefetch), instead of a fault per page later. Returns
   * false where the native library is unavailable (the caller may touch the pages itself).
   */
  public static boolean prefetch(ByteBuffer mapped) {
    if (!NativeLibrary.USABLE || !mapped.isDirect()) {
      return false;
    }
    return BcNative.bc_prefetch(BcNative.address(mapped), mapped.capacity(), 1) == 0;
  }

  private static final class NativeLibrary { // initialised on first use: loading is not free
    static final boolean USABLE = BcNative.unavailableReason() == null;
  }

  /** Names of the backends that {@link #open} would return here, best first. */
  public static List<String> available() {
    List<String> names = new ArrayList<>();
    if (NativeKernels.unavailableReason(BcNative.BC_SIMD_AVX2) == null) {
      names.add("avx2");
    }
    if (NativeKernels.unavailableReason(BcNative.BC_SIMD_SCALAR) == null) {
      names.add("scalar");
    }
    names.add("java");
    return List.copyOf(names);
  }

  /** Why the named backend cannot run here, or null when it can. */
  public static String unavailableReason(String name) {
    return switch (name) {
      case "java", "auto" -> null;
      case "scalar" -> NativeKernels.unavailableReason(BcNative.BC_SIMD_SCALAR);
      case "avx2" -> NativeKernels.unavailableReason(BcNative.BC_SIMD_AVX2);
      case "cuda" -> "this build of breadcrumbs4j has no CUDA library";
      default -> "unknown kernel backend '" + name + "'";
    };
  }

  private static String configured() {
    String p = System.getProperty(PROPERTY);
    if (p != null && !p.isBlank()) {
      return p.trim().toLowerCase(Locale.ROOT);
    }
    String e = System.getenv(ENV);
    return e != null && !e.isBlank() ? e.trim().toLowerCase(Locale.ROOT) : null;
  }

  private static MergeKernels auto() {
    // cuda is never built in this version: say so once, like every other rejected option.
    // Not a failure of this machine but of this build: say it once at INFO, not as a warning on every run.
    LOG.log(Level.INFO, "kernel backend cuda skipped: this build of breadcrumbs4j has no CUDA library");
    for (String name : List.of("avx2", "scalar")) {
      String why = unavailableReason(name);
      if (why == null) {
        LOG.log(Level.INFO, "kernel backend: " + name + " (auto)");
        return NativeKernels.open(name);
      }
      LOG.log(Level.WARNING, "kernel backend " + name + " rejected: " + why);
    }
    LOG.log(Level.INFO, "kernel backend: java (auto)");
    return JavaKernels.INSTANCE;
  }
}
