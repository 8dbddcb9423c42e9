// MergeSummary.java — what a finished merge did: sizes, timings, per-tensor reports.
package org.breadcrumbs4j.exec;

import java.nio.file.Path;
import java.util.List;
import org.breadcrumbs4j.method.TensorReport;

/**
 * @param output      the output directory
 * @param backend     kernel backend used
 * @param tensors     per-tensor reports (copied tensors have path "copy")
 * @param bytesRead   input bytes read
 * @param bytesWritten output bytes written
 * @param seconds     wall time of the merge
 * @param peakBufferBytes peak bytes of output chunk buffers held at once
 */
public record MergeSummary(Path output, String backend, List<TensorReport> tensors, long bytesRead, long bytesWritten,
    double seconds, long peakBufferBytes) {

  /** (bytes read + written) / second. */
  public double throughput() {
    return seconds > 0 ? (bytesRead + bytesWritten) / seconds : 0;
  }
}
