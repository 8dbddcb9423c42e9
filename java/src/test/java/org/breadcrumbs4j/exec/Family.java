// Family.java — test helper: writes a base + fine-tunes model family (safetensors, HF layout) with known values.
package org.breadcrumbs4j.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.breadcrumbs4j.io.CheckpointWriter;
import org.breadcrumbs4j.io.DType;
import org.breadcrumbs4j.testing.SpecOracle;

/** A family whose float values are known to the test (decoded exactly as the kernels see them). */
final class Family {
  record Spec(String name, DType dtype, long[] shape) {}

  final Path root;
  final List<Spec> tensors;
  /** values.get(model)[tensor]: binary32 values; model 0 is the base. */
  final List<float[][]> values = new ArrayList<>();
  final List<Path> dirs = new ArrayList<>();

  Family(Path root, List<Spec> tensors, int fineTunes, long seed, long shardBytes) {
    this.root = root;
    this.tensors = tensors;
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int m = 0; m <= fineTunes; m++) {
      Path dir = root.resolve(m == 0 ? "base" : "ft" + (m - 1));
      dirs.add(dir);
      float[][] vals = new float[tensors.size()][];
      List<CheckpointWriter.PlannedTensor> planned = new ArrayList<>();
      for (Spec s : tensors) {
        planned.add(new CheckpointWriter.PlannedTensor(s.name(), s.dtype(), s.shape()));
      }
      try (CheckpointWriter w = CheckpointWriter.create(dir, planned, Map.of("format", "pt"),
          new CheckpointWriter.Options(shardBytes, false, false), List.of())) {
        for (int i = 0; i < tensors.size(); i++) {
          Spec s = tensors.get(i);
          int n = (int) numel(s.shape());
          ByteBuffer buf;
          if (s.dtype().floatType() == null) {
            buf = ByteBuffer.allocate(n * s.dtype().size());
            for (int j = 0; j < buf.capacity(); j++) {
              buf.put(j, (byte) (j * 7 + i));
            }
          } else {
            float[] v = new float[n];
            for (int j = 0; j < n; j++) {
              double x = m == 0 ? rnd.nextGaussian() * 0.05 : values.get(0)[i][j] + rnd.nextGaussian() * 0.01;
              if (j % 97 == 5) {
                x = m == 0 ? 0.25 : values.get(0)[i][j] + 0.0078125 * (j % 3); // ties
              }
              v[j] = (float) x;
            }
            buf = SpecOracle.encode(s.dtype().floatType(), v);
            vals[i] = SpecOracle.decode(s.dtype().floatType(), buf);
          }
          w.write(s.name(), 0, buf);
        }
        w.commit();
      }
      values.add(vals);
      try {
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"llama\", \"num_hidden_layers\": 4, \"torch_dtype\": \"float32\"}");
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": " + m + "}");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static long numel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  static List<Spec> standardTensors(DType dt) {
    List<Spec> t = new ArrayList<>();
    t.add(new Spec("model.embed_tokens.weight", dt, new long[] {300, 1001}));
    for (int l = 0; l < 4; l++) {
      t.add(new Spec("model.layers." + l + ".self_attn.q_proj.weight", dt, new long[] {33, 65}));
      t.add(new Spec("model.layers." + l + ".input_layernorm.weight", dt, new long[] {65}));
    }
    t.add(new Spec("model.norm.scale", dt, new long[] {}));
    t.add(new Spec("model.position_ids", DType.I64, new long[] {1, 17}));
    t.add(new Spec("model.mask", DType.BOOL, new long[] {9}));
    return t;
  }

  Map<String, Integer> index() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < tensors.size(); i++) {
      m.put(tensors.get(i).name(), i);
    }
    return m;
  }
}
