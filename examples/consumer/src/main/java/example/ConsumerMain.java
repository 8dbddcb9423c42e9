// ConsumerMain.java — uses breadcrumbs4j as a library dependency: merges model directories and in-memory tensors.
package example;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.breadcrumbs4j.api.ExampleFamily;
import org.breadcrumbs4j.api.Merge;
import org.breadcrumbs4j.exec.MergeSummary;
import org.breadcrumbs4j.io.DType;
import org.breadcrumbs4j.kernel.Kernels;

public final class ConsumerMain {
  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("bc4j-consumer");
    Path cfg = ExampleFamily.write(dir.resolve("family"), 2, 1);
    Path fam = cfg.getParent();
    MergeSummary s = Merge.method("breadcrumbs_ties")
        .base(fam.resolve("base"))
        .model(fam.resolve("ft0"), Map.of("weight", 0.7))
        .model(fam.resolve("ft1"), Map.of("weight", 0.3))
        .parameter("density", 0.8).parameter("gamma", 0.02)
        .threads(2)
        .fsync(false)
        .run(dir.resolve("merged"));
    if (!Files.exists(dir.resolve("merged/model.safetensors")) || s.tensors().isEmpty()) {
      throw new AssertionError("no merged checkpoint");
    }
    // In memory: task arithmetic of two fine-tunes of a 4-element tensor: base + (d0 + d1).
    ByteBuffer base = f32(1, 2, 3, 4);
    ByteBuffer out = Merge.method("task_arithmetic")
        .mergeTensors("w", new long[] {4}, DType.F32, base, List.of(f32(2, 2, 3, 4), f32(1, 2, 5, 4)));
    float[] expect = {2, 2, 5, 4};
    for (int i = 0; i < 4; i++) {
      if (out.getFloat(4 * i) != expect[i]) {
        throw new AssertionError("element " + i + ": " + out.getFloat(4 * i));
      }
    }
    System.out.println("consumer OK: " + s.tensors().size() + " tensors merged with " + s.backend()
        + " kernels (available: " + Kernels.available() + ")");
  }

  private static ByteBuffer f32(float... v) {
    ByteBuffer b = ByteBuffer.allocateDirect(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : v) {
      b.putFloat(x);
    }
    return b.flip();
  }
}
