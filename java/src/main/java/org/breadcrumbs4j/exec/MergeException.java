// MergeException.java — a merge that failed while running (bad weights, I/O); the output is left untouched.
package org.breadcrumbs4j.exec;

/** Runtime failure of a merge; the message names the file, tensor and problem. */
public final class MergeException extends RuntimeException {
  public MergeException(String message, Throwable cause) {
    super(message, cause);
  }
}
