// ExampleCommand.java — `breadcrumbs example DIR`: writes the built-in example family and its config.
package org.breadcrumbs4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.breadcrumbs4j.api.ExampleFamily;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "example", mixinStandardHelpOptions = true,
    description = "Write a small synthetic model family (base + fine-tunes, BF16) and a breadcrumbs config to DIR.")
final class ExampleCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR")
  Path dir;

  @Option(names = "--fine-tunes", defaultValue = "3", description = "number of fine-tunes (default: ${DEFAULT-VALUE})")
  int fineTunes;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Option(names = "--merge", description = "also merge it into DIR/merged (the README's quick start)")
  boolean merge;

  @Option(names = "--verbose", description = "stack traces on errors")
  boolean verbose;

  @Override
  public Integer call() {
    Path cfg = ExampleFamily.write(dir, fineTunes, seed);
    if (!merge) {
      spec.commandLine().getOut().println("wrote " + cfg + "; merge it with: bin/breadcrumbs merge " + cfg + " " + dir.resolve("merged"));
      return 0;
    }
    spec.commandLine().getOut().println("wrote " + cfg);
    return spec.commandLine().getParent().execute("merge", cfg.toString(), dir.resolve("merged").toString(), "--force",
        "--report", dir.resolve("merged-report.json").toString());
  }
}
