// LargeTensorTest.java — tensors over 2 GiB on Java 17: the reader's window mapping (slices near the end, across
// the 2 GiB and window boundaries) and a writer round trip. Sparse files keep it cheap on disk.
package org.breadcrumbs4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.breadcrumbs4j.io.CheckpointWriter.Options;
import org.breadcrumbs4j.io.CheckpointWriter.PlannedTensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LargeTensorTest {
  private static final long BIG = (2L << 30) + 8192 + 5; // bytes of the U8 tensor "big": just over 2 GiB
  /** Offsets within "big" that get a marker: both int boundaries, window edges, the very end. */
  private static final long[] MARKS = {0, (1L << 30) - 3, (1L << 30) + 64, (1L << 31) - 2, (2L << 30) + 100, BIG - 16};

  @TempDir
  Path dir;

  private static byte[] mark(long at) {
    return ("@" + at + "#").getBytes(StandardCharsets.US_ASCII);
  }

  /** A sparse model.safetensors: "big" (U8, 2 GiB + 8197) then "tail" (F32 [2]). */
  private Path sparseCheckpoint() throws IOException {
    String header = St.header(St.entry("big", "U8", "[" + BIG + "]", 0, BIG),
        St.entry("tail", "F32", "[2]", BIG, BIG + 8));
    byte[] head = St.file(header, new byte[0]);
    long dataStart = head.length;
    Path f = dir.resolve("in/model.safetensors");
    f.getParent().toFile().mkdirs();
    try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
      r.write(head);
      r.setLength(dataStart + BIG + 8);
      for (long m : MARKS) {
        r.seek(dataStart + m);
        r.write(mark(m), 0, (int) Math.min(mark(m).length, BIG - m));
      }
      r.seek(dataStart + BIG);
      r.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    }
    return f;
  }

  private static void checkMarks(Checkpoint c) {
    TensorData big = c.data("big");
    assertEquals(BIG, big.byteSize());
    for (long m : MARKS) {
      byte[] want = mark(m);
      int len = (int) Math.min(want.length, BIG - m);
      assertArrayEquals(java.util.Arrays.copyOf(want, len), St.bytes(big.slice(m, len)), "mark at " + m);
    }
    // a full-size slice ending exactly at the end, and one straddling the 2 GiB boundary
    ByteBuffer end = big.slice(BIG - TensorData.MAX_SLICE, TensorData.MAX_SLICE);
    assertEquals('@', end.get(TensorData.MAX_SLICE - 16));
    ByteBuffer across = big.slice((1L << 31) - 100, 4096);
    assertEquals('@', across.get(98));
    assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, St.bytes(c.data("tail").slice(0, 8)));
  }

  @Test
  void readsSlicesOfATensorOver2GiB() throws IOException {
    try (Checkpoint c = Checkpoint.open(sparseCheckpoint())) {
      TensorInfo t = c.tensor("tail").orElseThrow();
      assertEquals(BIG, t.dataStart() - c.tensor("big").orElseThrow().dataStart());
      checkMarks(c);
    }
  }

  @Test
  void openReadsHeadersOnly() throws IOException {
    // 4 sparse shards of 32 GiB each: opening and listing must not touch the 128 GiB of weights
    long each = 32L << 30;
    StringBuilder map = new StringBuilder("{");
    for (int i = 1; i <= 4; i++) {
      String shard = String.format("model-%05d-of-00004.safetensors", i);
      byte[] head = St.file(St.header(St.entry("w" + i, "BF16", "[" + (each / 2) + "]", 0, each)), new byte[0]);
      try (RandomAccessFile r = new RandomAccessFile(dir.resolve(shard).toFile(), "rw")) {
        r.write(head);
        r.setLength(head.length + each);
      }
      map.append(i > 1 ? "," : "").append("\"w").append(i).append("\":\"").append(shard).append('"');
    }
    java.nio.file.Files.writeString(dir.resolve(ShardIndex.FILE_NAME), "{\"weight_map\":" + map + "}}");
    long t0 = System.nanoTime();
    try (Checkpoint c = Checkpoint.open(dir)) {
      assertEquals(4, c.tensors().size());
      assertEquals(each, c.tensor("w4").orElseThrow().byteSize());
      assertEquals(0, c.data("w3").slice(each - 8, 8).getLong());
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    org.junit.jupiter.api.Assertions.assertTrue(ms < 2000, "open took " + ms + " ms");
  }

  @Test
  @Tag("slow")
  void writerRoundTripOfATensorOver2GiB() throws IOException {
    Path in = sparseCheckpoint();
    Path out = dir.resolve("out");
    try (Checkpoint c = Checkpoint.open(in);
        CheckpointWriter w = CheckpointWriter.create(out, List.of(new PlannedTensor("tail", DType.F32, new long[] {2}),
            new PlannedTensor("big", DType.U8, new long[] {BIG})), Map.of(), new Options(1L << 30, false, false),
            List.of(in))) {
      // 1 GiB shards: "big" exceeds the limit and gets its own shard
      assertEquals(List.of("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"), w.shardFiles());
      w.copyFrom("tail", c.data("tail"));
      w.copyFrom("big", c.data("big"));
      w.commit();
    }
    try (Checkpoint c = Checkpoint.open(out)) {
      checkMarks(c);
    }
  }
}
