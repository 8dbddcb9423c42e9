// package-info.java — design notes of the kernel layer: the stage between the shard reader and the writer
// that turns chunks of base/fine-tune elements into merged elements.
/**
 * Merge kernels: one interface ({@link org.breadcrumbs4j.kernel.MergeKernels}), several backends.
 *
 * <h2>Backends and selection</h2>
 * <ul>
 *   <li>{@code avx2} and {@code scalar}: the native library (native/, C ABI {@code bc.h}) through the
 *       package-private JavaCPP mirror {@code BcNative}; {@code NativeKernels} sets the calling thread's SIMD
 *       level ({@code bc_set_simd} is thread-local) on every call, so both levels can run side by side.</li>
 *   <li>{@code java}: {@link org.breadcrumbs4j.kernel.JavaKernels}, pure Java, for platforms without a
 *       native build (macOS, aarch64) and as a second, independent implementation.</li>
 *   <li>{@code cuda}: not built in this version; asking for it fails with that reason.</li>
 * </ul>
 * {@link org.breadcrumbs4j.kernel.Kernels#open} picks one, like Lucene's vectorization provider: an
 * explicit choice wins and throws (with the reason) when it cannot run; {@code auto} (or null, unless
 * {@code -Dbreadcrumbs4j.kernels} / {@code BC_KERNELS} name one) takes avx2 → scalar → java, logging one
 * INFO line for the choice and one WARNING per rejected option. No global state beyond the loaded
 * library: the engine passes the chosen {@code MergeKernels} down.
 *
 * <h2>Native loading</h2>
 * {@code -Dbreadcrumbs4j.native.library=/path/libjniBcNative.so} loads that file; otherwise JavaCPP's
 * Loader extracts the library bundled in the jar (built by {@code mvn install}: cmake builds the static
 * {@code bc_kernels} archive, the javacpp plugin links the JNI glue against it). Failure never throws
 * from class initialisation: the native backends report "unavailable" with the cause and how to build.
 * The JNI library is linked without {@code -z defs}, so before first use every {@code bc_*} symbol is
 * looked up ({@code bc_jni.h}); a partial native build makes the backends unavailable instead of killing
 * the JVM at the first call of a missing function.
 *
 * <h2>Bit-exactness policy</h2>
 * Every backend is bit-identical to the scalar reference (SPEC.md): binary32 arithmetic with one
 * rounding per written operation, in SPEC's order, no FMA or contraction (Java never contracts; we
 * never call {@code Math.fma}), RNE conversions ({@code (float) double} is RNE; F16/BF16 are converted by
 * {@code HalfFloats}, since Java 17 has no {@code Float.float16ToFloat}), NaN made quiet as F16C does.
 * Statistics and candidate lists are exact too. Tests compare every backend with the scalar reference
 * byte for byte over a shared case list, and the Java backend with an independent oracle
 * ({@code org.breadcrumbs4j.testing.SpecOracle}); there is no tolerance anywhere.
 *
 * <h2>Costs</h2>
 * Calls are per chunk (~1M elements). Native sessions keep their structs, workspace (grown from the
 * size queries, freed on close) and the native copy of the last MergeDesc (rebuilt only when a different
 * instance arrives), so a call costs a few JNI field writes (about half a microsecond). The Java backend
 * decodes blocks of 1024 elements per input into float arrays and runs model-major loops over them, with
 * selects through int masks where data-dependent branches would mispredict (C2 turns float selects into
 * branches); it runs at or above the native scalar level. The rows kernel ranks with an O(n) selection
 * ({@code RankSelect}: quickselect on packed (key, offset) up to 2048 elements, radix select above),
 * never a sort.
 */
package org.breadcrumbs4j.kernel;
