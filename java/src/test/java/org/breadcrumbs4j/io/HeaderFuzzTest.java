// HeaderFuzzTest.java — Jazzer fuzz target for the safetensors header reader (plan stage). In `mvn test` it
// replays the committed seeds in HeaderFuzzTestInputs/header/; JAZZER_FUZZ=1 fuzzes for real.
package org.breadcrumbs4j.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Path;

class HeaderFuzzTest {
  private static final Path NAME = Path.of("fuzz.safetensors");

  /**
   * Any bytes, read as a whole .safetensors file: the reader may only accept or throw CheckpointException.
   * Anything else (another exception, an OutOfMemoryError, a hang) fails the run.
   */
  @FuzzTest(maxDuration = "60s")
  void header(byte[] file) throws IOException {
    SafetensorsHeader h;
    try (St.MemChannel ch = new St.MemChannel(file)) {
      h = SafetensorsHeader.read(ch, NAME);
    } catch (CheckpointException e) {
      if (!e.getMessage().startsWith(NAME + ": ")) {
        throw new AssertionError("message does not name the file: " + e.getMessage());
      }
      return;
    }
    // accepted: the layout must really tile the file
    long pos = h.dataStart;
    for (SafetensorsHeader.Entry e : h.entries) {
      if (h.dataStart + e.begin() != pos || e.end() < e.begin()) {
        throw new AssertionError("accepted a broken layout at " + e.name());
      }
      pos = h.dataStart + e.end();
    }
    if (pos != file.length) {
      throw new AssertionError("accepted a header that does not cover the file");
    }
  }
}
