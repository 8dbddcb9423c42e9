// IndexFuzzTest.java — Jazzer fuzz target for the model.safetensors.index.json parser and shard path checks
// (plan stage). In `mvn test` it replays the committed seeds in IndexFuzzTestInputs/index/.
package org.breadcrumbs4j.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

class IndexFuzzTest {
  private static final Path ROOT;

  static {
    try {
      // one real shard, so resolution can also succeed
      ROOT = Files.createTempDirectory("bc-index-fuzz").toRealPath();
      Files.write(ROOT.resolve("model-00001-of-00001.safetensors"), new byte[] {2, 0, 0, 0, 0, 0, 0, 0, '{', '}'});
      ROOT.toFile().deleteOnExit();
      ROOT.resolve("model-00001-of-00001.safetensors").toFile().deleteOnExit();
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Any bytes as an index: parse, then resolve every shard name; only CheckpointException may escape. */
  @FuzzTest(maxDuration = "60s")
  void index(byte[] json) {
    Path file = ROOT.resolve(ShardIndex.FILE_NAME);
    ShardIndex idx;
    try {
      idx = ShardIndex.parse(json, file);
    } catch (CheckpointException e) {
      return;
    }
    for (String shard : idx.weightMap.values()) {
      try {
        Path p = ShardIndex.resolve(ROOT, shard, file);
        if (!p.toRealPath().startsWith(ROOT)) {
          throw new AssertionError("resolved outside the model directory: " + shard);
        }
      } catch (CheckpointException e) {
        // expected for most names
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
  }
}
