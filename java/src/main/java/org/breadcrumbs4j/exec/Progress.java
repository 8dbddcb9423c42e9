// Progress.java — callbacks a running merge reports to (the CLI draws a bar; the API may ignore them).
package org.breadcrumbs4j.exec;

/** Progress of a merge, called from the merging thread. */
public interface Progress {
  Progress NONE = new Progress() {};

  /** Before the first tensor: totals. */
  default void start(int tensors, long bytes) {}

  /** After each tensor: its index (0-based), name and the bytes it read and wrote. */
  default void tensorDone(int index, String name, long bytes) {}

  /** After the atomic rename. */
  default void finish() {}
}
