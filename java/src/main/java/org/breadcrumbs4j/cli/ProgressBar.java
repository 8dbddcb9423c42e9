// ProgressBar.java — merge progress on stderr: a redrawn bar on a terminal, plain lines otherwise.
package org.breadcrumbs4j.cli;

import java.io.PrintWriter;
import org.breadcrumbs4j.exec.Progress;

/** Tensors, bytes, throughput and ETA; redraws at most 10 times a second. */
final class ProgressBar implements Progress {
  private final PrintWriter err;
  private final boolean tty;
  private long t0;
  private int tensors;
  private long total;
  private long done;
  private long lastDraw;
  private int lastPercent = -1;

  ProgressBar(PrintWriter err) {
    this.err = err;
    this.tty = System.console() != null && !"dumb".equals(System.getenv("TERM"));
  }

  @Override
  public void start(int tensors, long bytes) {
    this.t0 = System.nanoTime();
    this.tensors = tensors;
    this.total = Math.max(1, bytes);
  }

  @Override
  public void tensorDone(int index, String name, long bytes) {
    done += bytes;
    long now = System.nanoTime();
    int percent = (int) (100 * done / total);
    double secs = (now - t0) / 1e9;
    double rate = secs > 0 ? done / secs : 0;
    double eta = rate > 0 ? (total - done) / rate : 0;
    String line = String.format("[%-30s] %3d%%  %d/%d tensors  %s/%s  %.2f GB/s  ETA %ds",
        "=".repeat(Math.min(30, percent * 30 / 100)), percent, index + 1, tensors, MergeCommand.human(done),
        MergeCommand.human(total), rate / 1e9, Math.round(eta));
    if (tty) {
      if (now - lastDraw > 100_000_000L || index + 1 == tensors) {
        err.print("\r" + line);
        err.flush();
        lastDraw = now;
      }
    } else if (percent / 10 != lastPercent / 10 || index + 1 == tensors) {
      err.println(line);
      lastPercent = percent;
    }
  }

  @Override
  public void finish() {
    if (tty) {
      err.println();
    }
  }
}
