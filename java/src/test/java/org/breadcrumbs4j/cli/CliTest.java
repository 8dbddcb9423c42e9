// CliTest.java — the `breadcrumbs` command line: exit codes, one-line errors, dry run, inspect, report, example.
package org.breadcrumbs4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  @TempDir
  static Path dir;
  static Path config;

  record Run(int code, String out, String err) {}

  static Run cli(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.run(args, new PrintWriter(o, true), new PrintWriter(e, true));
    return new Run(code, o.toString(), e.toString());
  }

  @BeforeAll
  static void example() {
    Run r = cli("example", dir.resolve("ex").toString(), "--fine-tunes", "3");
    assertEquals(0, r.code(), r.err());
    config = dir.resolve("ex/breadcrumbs.yml");
    assertTrue(Files.exists(config));
  }

  @Test
  void mergeTheBuiltInExample() throws Exception {
    Path out = dir.resolve("merged");
    Path report = dir.resolve("report.json");
    Run r = cli("merge", config.toString(), out.toString(), "--no-fsync", "--threads", "2", "--report", report.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("merged 31 tensors"), r.out());
    assertTrue(Files.exists(out.resolve("model.safetensors")));
    assertTrue(Files.exists(out.resolve("tokenizer.json")));
    JsonNode rep = new ObjectMapper().readTree(report.toFile());
    assertEquals("breadcrumbs", rep.get("merge_method").asText());
    JsonNode embed = rep.get("tensors").get(0);
    assertEquals("model.embed_tokens.weight", embed.get("name").asText());
    long n = embed.get("elements").asLong();
    // density 0.9 of 64000 elements kept per model: floor(0.9*64000) = 57600.
    assertEquals(57600, embed.get("kept").get(0).asLong());
    assertEquals(64000, n);
    Run inspect = cli("inspect", out.toString());
    assertEquals(0, inspect.code());
    assertTrue(inspect.out().contains("model.layers.3.mlp.down_proj.weight") && inspect.out().contains("BF16"), inspect.out());
    assertTrue(inspect.out().contains("31 tensors"), inspect.out());
  }

  @Test
  void dryRunReadsNoWeightsAndWritesNothing() {
    Path out = dir.resolve("dry");
    Run r = cli("merge", config.toString(), out.toString(), "--dry-run");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("tensors     31 (30 merged, 1 copied)"), r.out());
    assertTrue(r.out().contains("peak memory"), r.out());
    assertFalse(Files.exists(out));
  }

  @Test
  void errorsAreOneLineWithExitOne() throws Exception {
    Path bad = dir.resolve("bad.yml");
    Files.writeString(bad, "merge_method: breadcrumbs\nbase_model: ex/base\nmodels:\n  - model: ex/ft0\nparameters:\n  density: 1.5\n");
    Run r = cli("merge", bad.toString(), dir.resolve("o1").toString());
    assertEquals(1, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("breadcrumbs: error: ") && r.err().contains("density"), r.err());
    Run missing = cli("merge", dir.resolve("nope.yml").toString(), dir.resolve("o2").toString());
    assertEquals(1, missing.code());
    assertTrue(missing.err().contains("nope.yml"), missing.err());
    Path noModel = dir.resolve("nomodel.yml");
    Files.writeString(noModel, "merge_method: ties\nbase_model: ex/base\nmodels:\n  - model: ex/missing\n");
    Run absent = cli("merge", noModel.toString(), dir.resolve("o6").toString());
    assertEquals(1, absent.code());
    assertTrue(absent.err().contains("models[0].model") && absent.err().contains("not a local directory"), absent.err());
    Run verbose = cli("merge", bad.toString(), dir.resolve("o3").toString(), "--verbose");
    assertEquals(1, verbose.code());
    assertTrue(verbose.err().contains("\tat "), "stack trace with --verbose");
  }

  @Test
  void usageErrorsExitTwo() {
    assertEquals(2, cli("merge").code());
    assertEquals(2, cli("merge", "a.yml", "out", "--threads", "x").code());
    assertEquals(2, cli("frobnicate").code());
    Run dev = cli("merge", config.toString(), dir.resolve("o4").toString(), "--device", "tpu");
    assertEquals(2, dev.code(), dev.err());
  }

  @Test
  void cudaRequestFailsClearlyWhenUnavailable() {
    Run r = cli("merge", config.toString(), dir.resolve("o5").toString(), "--device", "cuda");
    assertEquals(1, r.code());
    assertTrue(r.err().toLowerCase().contains("cuda"), r.err());
    assertFalse(Files.exists(dir.resolve("o5")));
  }

  @Test
  void existingOutputNeedsForce() throws Exception {
    Path out = dir.resolve("taken");
    Files.createDirectories(out);
    Files.writeString(out.resolve("x"), "x");
    Run r = cli("merge", config.toString(), out.toString(), "--quiet");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("--force"), r.err());
    Run ok = cli("merge", config.toString(), out.toString(), "--quiet", "--force", "--no-fsync");
    assertEquals(0, ok.code(), ok.err());
    assertEquals("", ok.out());
    assertFalse(Files.exists(out.resolve("x")));
  }
}
