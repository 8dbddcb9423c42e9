// WiringTest.java — smoke test of the build wiring: cmake archive + JavaCPP glue load and answer bc_version.
package org.breadcrumbs4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WiringTest {
  @Test
  void nativeLibraryLoads() {
    String why = BcNative.unavailableReason();
    org.junit.jupiter.api.Assumptions.assumeTrue(why == null, () -> "native library unavailable: " + why);
    assertEquals("0.1.0", BcNative.bc_version());
  }
}
