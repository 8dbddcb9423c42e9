// CoverageTest.java — the writer's interval accounting: out-of-order, overlapping and adjacent writes.
package org.breadcrumbs4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CoverageTest {
  @Test
  void mergesAndFindsHoles() {
    Coverage c = new Coverage(100);
    assertEquals("[0, 100)", c.firstHole());
    c.add(10, 20);
    c.add(30, 40);
    assertEquals("[0, 10)", c.firstHole());
    c.add(0, 10);
    assertEquals("[20, 30)", c.firstHole());
    c.add(15, 35); // bridges two ranges
    assertEquals(40, c.covered());
    c.add(40, 100);
    assertTrue(c.complete());
    assertNull(c.firstHole());
    c.add(5, 6); // rewriting does not break it
    assertTrue(c.complete());
    assertTrue(new Coverage(0).complete());
  }

  @Test
  void randomChunksMatchABitmap() {
    Random r = new Random(7);
    for (int round = 0; round < 200; round++) {
      int n = 1 + r.nextInt(300);
      Coverage c = new Coverage(n);
      boolean[] bits = new boolean[n];
      for (int k = 0; k < 20; k++) {
        int a = r.nextInt(n);
        int b = a + r.nextInt(n - a + 1);
        c.add(a, b);
        for (int i = a; i < b; i++) {
          bits[i] = true;
        }
        int count = 0;
        for (boolean x : bits) {
          count += x ? 1 : 0;
        }
        assertEquals(count, c.covered());
        assertEquals(count == n, c.complete());
      }
    }
    assertFalse(new Coverage(1).complete());
  }
}
