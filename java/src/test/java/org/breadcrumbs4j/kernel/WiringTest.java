package org.breadcrumbs4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WiringTest {
  @Test
  void nativeLibraryLoads() {
    assertEquals("0.1.0", BcNative.bc_version());
  }
}
