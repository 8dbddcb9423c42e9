// ExampleFamily.java — writes a small synthetic model family (base + fine-tunes + YAML) for demos and tests.
package org.breadcrumbs4j.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.breadcrumbs4j.io.CheckpointWriter;
import org.breadcrumbs4j.io.DType;

/**
 * A tiny transformer-shaped family: {@code base/} and {@code ft0..ftK/} in BF16 with an I64 buffer,
 * each a Hugging Face directory (config.json, model.safetensors, tokenizer.json), plus
 * {@code breadcrumbs.yml}, a mergekit-style config merging them. Deterministic for a seed.
 */
public final class ExampleFamily {
  private static final int LAYERS = 4;
  private static final int HIDDEN = 64;
  private static final int VOCAB = 1000;

  private ExampleFamily() {}

  /** Writes the family under dir (created) and returns the config file. */
  public static Path write(Path dir, int fineTunes, long seed) {
    try {
      Files.createDirectories(dir);
      List<CheckpointWriter.PlannedTensor> tensors = layout();
      SplittableRandom rnd = new SplittableRandom(seed);
      List<float[]> base = new ArrayList<>();
      for (CheckpointWriter.PlannedTensor t : tensors) {
        base.add(t.dtype() == DType.BF16 ? gaussian(rnd, numel(t.shape()), 0.05f) : null);
      }
      writeModel(dir.resolve("base"), tensors, base, rnd, 0f);
      StringBuilder yml = new StringBuilder("# breadcrumbs4j built-in example: Model Breadcrumbs over "
          + fineTunes + " fine-tunes\nmerge_method: breadcrumbs\nbase_model: base\nmodels:\n");
      for (int k = 0; k < fineTunes; k++) {
        writeModel(dir.resolve("ft" + k), tensors, base, rnd, 0.01f);
        yml.append("  - model: ft").append(k).append("\n    parameters:\n      weight: ").append(1.0 / fineTunes).append('\n');
      }
      yml.append("parameters:\n  density: 0.9\n  gamma: 0.01\n  lambda: 1.0\ndtype: bfloat16\n");
      Path cfg = dir.resolve("breadcrumbs.yml");
      Files.writeString(cfg, yml);
      return cfg;
    } catch (IOException e) {
      throw new UncheckedIOException("writing example family under " + dir, e);
    }
  }

  private static List<CheckpointWriter.PlannedTensor> layout() {
    List<CheckpointWriter.PlannedTensor> t = new ArrayList<>();
    t.add(new CheckpointWriter.PlannedTensor("model.embed_tokens.weight", DType.BF16, new long[] {VOCAB, HIDDEN}));
    for (int l = 0; l < LAYERS; l++) {
      String p = "model.layers." + l + ".";
      for (String m : new String[] {"self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj"}) {
        t.add(new CheckpointWriter.PlannedTensor(p + m + ".weight", DType.BF16, new long[] {HIDDEN, HIDDEN}));
      }
      t.add(new CheckpointWriter.PlannedTensor(p + "mlp.up_proj.weight", DType.BF16, new long[] {4 * HIDDEN, HIDDEN}));
      t.add(new CheckpointWriter.PlannedTensor(p + "mlp.down_proj.weight", DType.BF16, new long[] {HIDDEN, 4 * HIDDEN}));
      t.add(new CheckpointWriter.PlannedTensor(p + "input_layernorm.weight", DType.BF16, new long[] {HIDDEN}));
    }
    t.add(new CheckpointWriter.PlannedTensor("model.norm.weight", DType.BF16, new long[] {HIDDEN}));
    t.add(new CheckpointWriter.PlannedTensor("model.position_ids", DType.I64, new long[] {1, 128}));
    return t;
  }

  private static long numel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  private static float[] gaussian(SplittableRandom rnd, long n, float scale) {
    float[] a = new float[(int) n];
    for (int i = 0; i < a.length; i++) {
      // Box-Muller: deterministic and independent of JDK version.
      double u = 1.0 - rnd.nextDouble();
      double v = rnd.nextDouble();
      a[i] = (float) (scale * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
    }
    return a;
  }

  private static void writeModel(Path dir, List<CheckpointWriter.PlannedTensor> tensors, List<float[]> base,
      SplittableRandom rnd, float delta) throws IOException {
    try (CheckpointWriter w = CheckpointWriter.create(dir, tensors, Map.of("format", "pt"),
        new CheckpointWriter.Options(Long.MAX_VALUE, false, false), List.of())) {
      for (int i = 0; i < tensors.size(); i++) {
        CheckpointWriter.PlannedTensor t = tensors.get(i);
        int n = (int) numel(t.shape());
        ByteBuffer b = ByteBuffer.allocateDirect(n * t.dtype().size()).order(ByteOrder.LITTLE_ENDIAN);
        if (t.dtype() == DType.I64) {
          for (int j = 0; j < n; j++) {
            b.putLong(j);
          }
        } else {
          float[] d = delta == 0 ? null : gaussian(rnd, n, delta);
          for (int j = 0; j < n; j++) {
            float x = base.get(i)[j] + (d == null ? 0f : d[j]);
            b.putShort((short) (Float.floatToRawIntBits(x) >>> 16)); // truncation is fine for synthetic data
          }
        }
        b.flip();
        w.write(t.name(), 0, b);
      }
      w.commit();
    }
    Files.writeString(dir.resolve("config.json"), "{\n  \"architectures\": [\"LlamaForCausalLM\"],\n  \"model_type\": \"llama\",\n"
        + "  \"hidden_size\": " + HIDDEN + ",\n  \"num_hidden_layers\": " + LAYERS + ",\n  \"vocab_size\": " + VOCAB
        + ",\n  \"torch_dtype\": \"bfloat16\"\n}\n");
    Files.writeString(dir.resolve("tokenizer.json"), "{\"version\": \"1.0\", \"model\": {\"type\": \"WordLevel\", \"vocab\": {}}}\n");
  }
}
