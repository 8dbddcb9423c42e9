// InspectCommand.java — `breadcrumbs inspect PATH`: tensors, dtypes, shapes and sizes from headers only.
package org.breadcrumbs4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.breadcrumbs4j.io.Checkpoint;
import org.breadcrumbs4j.io.TensorInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "inspect", mixinStandardHelpOptions = true, description = "List a checkpoint's tensors (reads headers only).")
final class InspectCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PATH", description = "model directory or .safetensors file")
  Path path;

  @Option(names = "--verbose", description = "stack traces on errors")
  boolean verbose;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Checkpoint c = Checkpoint.open(path)) {
      long total = 0;
      for (TensorInfo t : c.tensors()) {
        out.printf("%-60s %-8s %-22s %12s  %s%n", t.name(), t.dtype(), Arrays.toString(t.shape()),
            MergeCommand.human(t.byteSize()), t.file().getFileName());
        total += t.byteSize();
      }
      out.printf("%d tensors, %s%n", c.tensors().size(), MergeCommand.human(total));
    }
    return 0;
  }
}
