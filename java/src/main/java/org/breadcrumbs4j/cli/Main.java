// Main.java — the `breadcrumbs` command line: merge, inspect, example. Errors are one line, exit 1;
// usage errors exit 2; --verbose adds stack traces.
package org.breadcrumbs4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of bin/breadcrumbs. */
@Command(name = "breadcrumbs", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Merge fine-tuned checkpoints (Model Breadcrumbs, TIES, DARE, task arithmetic, consensus, linear) "
        + "from mergekit-compatible YAML, at memory-bandwidth speed.",
    subcommands = {MergeCommand.class, InspectCommand.class, ExampleCommand.class, BenchCommand.class})
public final class Main {
  public static void main(String[] args) {
    // One-line log records ("breadcrumbs: INFO: kernel backend: avx2 (auto)") instead of JUL's two-line default.
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "breadcrumbs: %4$s: %5$s%6$s%n");
    }
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI with the given streams and returns the exit code (tests call this). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((ex, line, parse) -> {
      boolean verbose = line.getParseResult() != null && hasVerbose(parse);
      String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
      err.println("breadcrumbs: error: " + msg.lines().findFirst().orElse(msg));
      if (verbose) {
        ex.printStackTrace(err);
      }
      err.flush();
      return 1;
    });
    return cl.execute(args);
  }

  private static boolean hasVerbose(CommandLine.ParseResult parse) {
    CommandLine.ParseResult p = parse;
    while (p != null) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
      p = p.subcommand();
    }
    return false;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"breadcrumbs4j " + org.breadcrumbs4j.exec.MergeEngine.VERSION};
    }
  }
}
