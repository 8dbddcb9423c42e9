// CheckpointException.java — the one error type of the io package (reader validation and writer failures).
// The message always names the file, the tensor when there is one, and the problem.
package org.breadcrumbs4j.io;

import java.nio.file.Path;

/** A checkpoint could not be read or written; the message says which file, which tensor and what. */
public final class CheckpointException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CheckpointException(String message) {
    super(message);
  }

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }

  /** "file: problem". */
  public static CheckpointException of(Object file, String problem) {
    return new CheckpointException(file + ": " + problem);
  }

  /** "file: tensor 'name': problem". */
  public static CheckpointException of(Object file, String tensor, String problem) {
    return new CheckpointException(file + ": tensor " + StrictJson.show(tensor) + ": " + problem);
  }

  static CheckpointException io(Path file, String what, Exception cause) {
    String m = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new CheckpointException(file + ": " + what + ": " + m, cause);
  }
}
