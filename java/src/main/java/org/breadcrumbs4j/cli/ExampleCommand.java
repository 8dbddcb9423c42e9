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

  @Option(names = "--verbose", description = "stack traces on errors")
  boolean verbose;

  @Override
  public Integer call() {
    Path cfg = ExampleFamily.write(dir, fineTunes, seed);
    spec.commandLine().getOut().println("wrote " + cfg + " — now run: bin/breadcrumbs merge " + cfg + " " + dir.resolve("merged"));
    return 0;
  }
}
