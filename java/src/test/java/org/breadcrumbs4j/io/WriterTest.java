// WriterTest.java — the writer: size parsing, shard planning and naming, round trips for every dtype (single
// and sharded), config and tokenizer copying, atomicity (force, inputs, holes, disk full), concurrency.
package org.breadcrumbs4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.breadcrumbs4j.io.CheckpointWriter.Options;
import org.breadcrumbs4j.io.CheckpointWriter.PlannedTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriterTest {
  @TempDir
  Path dir;

  private static final Options NO_SYNC = new Options(Options.DEFAULT_SHARD_BYTES, false, false);

  private static void has(String message, String... parts) {
    for (String p : parts) {
      assertTrue(message.contains(p), "expected '" + p + "' in: " + message);
    }
  }

  private static byte[] random(long n, long seed) {
    byte[] b = new byte[(int) n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static long bytes(PlannedTensor t) {
    return TensorInfo.numel(t.shape()) * t.dtype().size();
  }

  /** Files in dir other than the given output, e.g. leftover temporary directories. */
  private List<String> siblings(Path out) throws IOException {
    try (Stream<Path> s = Files.list(out.getParent())) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(out.getFileName().toString())).toList();
    }
  }

  @Test
  void parseSize() {
    assertEquals(123, CheckpointWriter.parseSize("123"));
    assertEquals(500_000_000L, CheckpointWriter.parseSize("500M"));
    assertEquals(5_000_000_000L, CheckpointWriter.parseSize("5G"));
    assertEquals(5_000_000_000L, CheckpointWriter.parseSize("5gb"));
    assertEquals(1_500_000_000L, CheckpointWriter.parseSize("1.5GB"));
    assertEquals(2L << 30, CheckpointWriter.parseSize("2GiB"));
    assertEquals(3L << 20, CheckpointWriter.parseSize(" 3 Mi "));
    assertEquals(1000, CheckpointWriter.parseSize("1K"));
    assertEquals(2_000_000_000_000L, CheckpointWriter.parseSize("2T"));
    for (String bad : new String[] {"", "G", "5X", "-5G", "5 G B", "1e9", "0", "0.0001K", "99999999999T"}) {
      assertThrows(IllegalArgumentException.class, () -> CheckpointWriter.parseSize(bad), bad);
    }
    has(assertThrows(IllegalArgumentException.class, () -> CheckpointWriter.parseSize("5B")).getMessage(), "ambiguous");
    has(assertThrows(IllegalArgumentException.class, () -> CheckpointWriter.parseSize("5Q")).getMessage(),
        "invalid size '5Q'");
  }

  /** Writes tensors of every dtype with random bytes, in chunks, and reads them back. */
  private void roundTrip(long maxShard, int expectShards) throws IOException {
    List<PlannedTensor> plan = new ArrayList<>();
    int i = 0;
    for (DType d : DType.values()) {
      plan.add(new PlannedTensor("layer." + i++ + "." + d, d, new long[] {3, 5}));
    }
    plan.add(new PlannedTensor("scalar", DType.F32, new long[] {}));
    plan.add(new PlannedTensor("empty", DType.BF16, new long[] {0, 7}));
    Path out = dir.resolve("out");
    Map<String, String> prov = CheckpointWriter.provenance("breadcrumbs4j 0.1.0", "merge: x".getBytes(StandardCharsets.UTF_8));
    try (CheckpointWriter w = CheckpointWriter.create(out, plan, prov, new Options(maxShard, false, true), List.of())) {
      assertEquals(expectShards, w.shardFiles().size());
      // reverse order, two chunks each, heap and direct buffers
      for (int k = plan.size() - 1; k >= 0; k--) {
        PlannedTensor t = plan.get(k);
        byte[] b = random(bytes(t), k);
        int half = b.length / 2;
        ByteBuffer direct = ByteBuffer.allocateDirect(b.length - half).put(b, half, b.length - half).flip();
        w.write(t.name(), half, direct);
        assertEquals(0, direct.position()); // caller's buffer untouched
        w.write(t.name(), 0, ByteBuffer.wrap(b, 0, half));
      }
      assertFalse(Files.exists(out));
      w.commit();
    }
    assertEquals(List.of(), siblings(out));
    try (Checkpoint c = Checkpoint.open(out)) {
      assertEquals(plan.size(), c.tensors().size());
      for (int k = 0; k < plan.size(); k++) {
        PlannedTensor t = plan.get(k);
        TensorInfo info = c.tensor(t.name()).orElseThrow();
        assertEquals(t.dtype(), info.dtype());
        assertArrayEquals(t.shape(), info.shape());
        assertArrayEquals(random(bytes(t), k), St.bytes(c.data(t.name()).slice(0, (int) info.byteSize())), t.name());
      }
      assertEquals("pt", c.metadata().get("format"));
      assertEquals("breadcrumbs4j 0.1.0", c.metadata().get("merged_by"));
      assertEquals(64, c.metadata().get("merge_config_sha256").length());
      // planned order is kept across shards
      assertEquals(plan.stream().map(PlannedTensor::name).toList(),
          c.tensors().stream().map(TensorInfo::name).toList());
      for (TensorInfo t : c.tensors()) {
        long headerLen = t.dataStart() - 8;
        assertTrue(t.file().getFileName().toString().startsWith("model"));
        if (t.name().equals(c.tensors().get(0).name())) {
          assertEquals(0, (headerLen + 8) % 8, "header padded to 8 bytes");
        }
      }
    }
  }

  @Test
  void roundTripSingleFileAllDtypes() throws IOException {
    roundTrip(Options.DEFAULT_SHARD_BYTES, 1);
    assertTrue(Files.exists(dir.resolve("out/model.safetensors")));
    assertFalse(Files.exists(dir.resolve("out/" + ShardIndex.FILE_NAME)));
  }

  @Test
  void roundTripShardedAllDtypes() throws IOException {
    // 3x5 elements: F64 120 bytes | F32 60, F16 30, BF16 30 | I64 120 | I32 60, I16 30, I8 15, U8 15 |
    // BOOL, F8 x2, scalar, empty: 128-byte shards give five
    roundTrip(128, 5);
    Path out = dir.resolve("out");
    JsonNode index = new ObjectMapper().readTree(out.resolve(ShardIndex.FILE_NAME).toFile());
    long total = 0;
    for (DType d : DType.values()) {
      total += 15L * d.size();
    }
    assertEquals(total + 4, index.get("metadata").get("total_size").asLong());
    assertEquals("model-00001-of-00005.safetensors", index.get("weight_map").get("layer.0.F64").asText());
    assertEquals("model-00005-of-00005.safetensors", index.get("weight_map").get("empty").asText());
    List<String> keys = new ArrayList<>();
    index.get("weight_map").fieldNames().forEachRemaining(keys::add);
    assertEquals(keys.stream().sorted().toList(), keys);
    for (int s = 1; s <= 5; s++) {
      assertTrue(Files.exists(out.resolve(String.format("model-%05d-of-00005.safetensors", s))));
    }
  }

  @Test
  void shardPacking() {
    List<PlannedTensor> plan = List.of(new PlannedTensor("a", DType.U8, new long[] {60}),
        new PlannedTensor("b", DType.U8, new long[] {40}), new PlannedTensor("c", DType.U8, new long[] {1}),
        new PlannedTensor("huge", DType.U8, new long[] {500}), new PlannedTensor("d", DType.U8, new long[] {10}));
    ShardPlan p = ShardPlan.plan(dir, plan, Map.of(), 100);
    assertEquals(List.of(List.of("a", "b"), List.of("c"), List.of("huge"), List.of("d")),
        p.shards.stream().map(s -> s.slots().stream().map(ShardPlan.Slot::name).toList()).toList());
    for (ShardPlan.Shard s : p.shards) {
      assertEquals(0, s.header().length % 8);
      assertEquals(' ', s.header()[s.header().length - 1] == '}' ? ' ' : s.header()[s.header().length - 1]);
    }
    has(assertThrows(CheckpointException.class, () -> ShardPlan.plan(dir,
        List.of(new PlannedTensor("a", DType.U8, new long[] {1}), new PlannedTensor("a", DType.U8, new long[] {1})),
        Map.of(), 100)).getMessage(), "tensor 'a': planned twice");
    has(assertThrows(CheckpointException.class, () -> ShardPlan.plan(dir,
        List.of(new PlannedTensor("n", DType.U8, new long[] {-1})), Map.of(), 100)).getMessage(), "tensor 'n': negative");
  }

  @Test
  void writeConfigSetsDtypeAndCopiesTokenizerFiles() throws IOException {
    Path base = dir.resolve("base");
    Files.createDirectories(base.resolve("original"));
    Files.writeString(base.resolve("config.json"),
        "{\"architectures\":[\"X\"],\"torch_dtype\":\"float32\",\"text_config\":{\"torch_dtype\":\"float32\"}}");
    for (String f : new String[] {"tokenizer.json", "tokenizer_config.json", "generation_config.json",
        "special_tokens_map.json", "vocab.json", "merges.txt", "tokenizer.model", "model.safetensors",
        "model.safetensors.index.json", "pytorch_model.bin", ".gitattributes", "README.md"}) {
      Files.writeString(base.resolve(f), "content of " + f);
    }
    Path out = dir.resolve("out");
    try (CheckpointWriter w = CheckpointWriter.create(out, List.of(), Map.of(), NO_SYNC, List.of(base))) {
      w.writeConfig(base, DType.BF16);
      w.commit();
    }
    JsonNode cfg = new ObjectMapper().readTree(out.resolve("config.json").toFile());
    assertEquals("bfloat16", cfg.get("torch_dtype").asText());
    assertEquals("bfloat16", cfg.get("text_config").get("torch_dtype").asText());
    assertEquals("X", cfg.get("architectures").get(0).asText());
    try (Stream<Path> s = Files.list(out)) {
      assertEquals(List.of("config.json", "generation_config.json", "merges.txt", "model.safetensors",
          "special_tokens_map.json", "tokenizer.json", "tokenizer.model", "tokenizer_config.json", "vocab.json"),
          s.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertEquals("content of merges.txt", Files.readString(out.resolve("merges.txt")));
    try (Checkpoint c = Checkpoint.open(out)) {
      assertEquals(0, c.tensors().size());
      assertEquals("pt", c.metadata().get("format"));
    }
  }

  @Test
  void writeConfigKeepsDtypeWhenNull() throws IOException {
    Path base = dir.resolve("base");
    Files.createDirectories(base);
    Files.writeString(base.resolve("config.json"), "{\"torch_dtype\":\"float16\"}");
    Path out = dir.resolve("out");
    try (CheckpointWriter w = CheckpointWriter.create(out, List.of(), Map.of(), NO_SYNC, List.of())) {
      w.writeConfig(base, null);
      w.commit();
    }
    assertEquals("float16", new ObjectMapper().readTree(out.resolve("config.json").toFile()).get("torch_dtype").asText());
  }

  @Test
  void existingOutputNeedsForce() throws IOException {
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("old.txt"), "old");
    List<PlannedTensor> plan = List.of(new PlannedTensor("a", DType.I8, new long[] {2}));
    has(assertThrows(CheckpointException.class, () -> CheckpointWriter.create(out, plan, Map.of(), NO_SYNC, List.of()))
        .getMessage(), out.toString(), "exists and is not empty (use --force");
    assertEquals("old", Files.readString(out.resolve("old.txt")));
    assertEquals(List.of(), siblings(out));
    try (CheckpointWriter w = CheckpointWriter.create(out, plan, Map.of(), new Options(100, true, true), List.of())) {
      w.write("a", 0, ByteBuffer.wrap(new byte[] {7, 8}));
      assertEquals("old", Files.readString(out.resolve("old.txt"))); // untouched until commit
      w.commit();
    }
    assertFalse(Files.exists(out.resolve("old.txt")));
    assertEquals(List.of(), siblings(out));
    try (Checkpoint c = Checkpoint.open(out)) {
      assertArrayEquals(new byte[] {7, 8}, St.bytes(c.data("a").slice(0, 2)));
    }
  }

  @Test
  void emptyExistingOutputIsFine() throws IOException {
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    try (CheckpointWriter w = CheckpointWriter.create(out, List.of(), Map.of(), NO_SYNC, List.of())) {
      w.commit();
    }
    assertTrue(Files.exists(out.resolve("model.safetensors")));
  }

  @Test
  void outputFileNotDirectory() throws IOException {
    Path out = Files.writeString(dir.resolve("out"), "x");
    has(assertThrows(CheckpointException.class, () -> CheckpointWriter.create(out, List.of(), Map.of(),
        new Options(1, true, false), List.of())).getMessage(), "output exists and is not a directory");
  }

  @Test
  void outputMayNotBeAnInput() throws IOException {
    Path in = dir.resolve("in");
    St.write(in.resolve("model.safetensors"), "{}", 0);
    Options force = new Options(100, true, false);
    has(assertThrows(CheckpointException.class, () -> CheckpointWriter.create(in, List.of(), Map.of(), force,
        List.of(in))).getMessage(), "output directory is (or contains) the input");
    has(assertThrows(CheckpointException.class, () -> CheckpointWriter.create(in, List.of(), Map.of(), force,
        List.of(in.resolve("model.safetensors")))).getMessage(), "is (or contains) the input");
    has(assertThrows(CheckpointException.class, () -> CheckpointWriter.create(dir, List.of(), Map.of(), force,
        List.of(in))).getMessage(), "is (or contains) the input");
    Path link = Files.createSymbolicLink(dir.resolve("link"), in);
    has(assertThrows(CheckpointException.class, () -> CheckpointWriter.create(in.resolve("x/.."), List.of(), Map.of(),
        force, List.of(link))).getMessage(), "is (or contains) the input");
    assertTrue(Files.exists(in.resolve("model.safetensors")));
  }

  @Test
  void holesAreRefusedAndNothingIsLeft() throws IOException {
    Path out = dir.resolve("out");
    CheckpointWriter w = CheckpointWriter.create(out,
        List.of(new PlannedTensor("a", DType.F32, new long[] {4}), new PlannedTensor("b", DType.F32, new long[] {4})),
        Map.of(), NO_SYNC, List.of());
    Path tmp = w.tempDir();
    assertTrue(tmp.getFileName().toString().startsWith("out.tmp-"));
    w.write("a", 0, ByteBuffer.allocate(16));
    w.write("b", 0, ByteBuffer.allocate(4));
    w.write("b", 8, ByteBuffer.allocate(8));
    has(assertThrows(CheckpointException.class, w::commit).getMessage(), "tensor 'b': not completely written: bytes [4, 8)");
    w.close();
    assertFalse(Files.exists(out));
    assertFalse(Files.exists(tmp));
    assertEquals(List.of(), siblings(out));
  }

  @Test
  void writeErrors() throws IOException {
    Path out = dir.resolve("out");
    try (CheckpointWriter w = CheckpointWriter.create(out, List.of(new PlannedTensor("a", DType.F16, new long[] {4})),
        Map.of(), NO_SYNC, List.of())) {
      has(assertThrows(CheckpointException.class, () -> w.write("a", 4, ByteBuffer.allocate(8))).getMessage(),
          "tensor 'a': write of 8 bytes at offset 4 is outside its 8 bytes");
      has(assertThrows(CheckpointException.class, () -> w.write("a", -1, ByteBuffer.allocate(1))).getMessage(),
          "outside");
      has(assertThrows(CheckpointException.class, () -> w.write("zz", 0, ByteBuffer.allocate(1))).getMessage(),
          "tensor 'zz': was not planned");
      has(assertThrows(CheckpointException.class, () -> w.copyFrom("a", new TensorData() {
        public long byteSize() {
          return 3;
        }

        public ByteBuffer slice(long o, int l) {
          return ByteBuffer.allocate(l);
        }
      })).getMessage(), "tensor 'a': source has 3 bytes but the output expects 8");
    }
    assertFalse(Files.exists(out));
    assertEquals(List.of(), siblings(out));
  }

  @Test
  void diskFullRemovesEverything() throws IOException {
    Path out = dir.resolve("out");
    List<PlannedTensor> plan = List.of(new PlannedTensor("a", DType.F32, new long[] {1024}),
        new PlannedTensor("b", DType.F32, new long[] {1024}));
    // header + the size-setting byte fit; the 2nd tensor write hits "No space left on device"
    CheckpointWriter.ChannelOpener full = f -> new FullDiskChannel(FileChannel_open(f), 5000);
    CheckpointWriter w = CheckpointWriter.create(out, plan, Map.of(), NO_SYNC, List.of(), full);
    w.write("a", 0, ByteBuffer.allocate(4096));
    CheckpointException e = assertThrows(CheckpointException.class, () -> w.write("b", 0, ByteBuffer.allocate(4096)));
    has(e.getMessage(), "model.safetensors", "tensor 'b': write failed (disk full?): No space left on device");
    has(assertThrows(CheckpointException.class, w::commit).getMessage(), "an earlier write failed");
    w.close();
    assertFalse(Files.exists(out));
    assertEquals(List.of(), siblings(out));
    // failing while creating the shards also leaves nothing
    CheckpointWriter.ChannelOpener none = f -> new FullDiskChannel(FileChannel_open(f), 0);
    has(assertThrows(CheckpointException.class, () -> CheckpointWriter.create(out, plan, Map.of(), NO_SYNC, List.of(),
        none)).getMessage(), "No space left on device");
    assertEquals(List.of(), siblings(out));
  }

  private static java.nio.channels.FileChannel FileChannel_open(Path f) throws IOException {
    return java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW,
        java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.READ);
  }

  @Test
  void concurrentWritesAndPassThroughCopy() throws Exception {
    Path in = dir.resolve("in");
    byte[] ids = random(8 * 1000, 42);
    St.write(in.resolve("model.safetensors"), St.header(St.entry("ids", "I64", "[1000]", 0, 8000)), ids);
    int n = 1 << 20;
    Path out = dir.resolve("out");
    try (Checkpoint c = Checkpoint.open(in);
        CheckpointWriter w = CheckpointWriter.create(out, List.of(new PlannedTensor("w", DType.F32, new long[] {n}),
            new PlannedTensor("ids", DType.I64, new long[] {1000})), Map.of(), Options.defaults(), List.of(in))) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> fs = new ArrayList<>();
      int chunk = 4096;
      for (int t = 0; t < 4; t++) {
        int tid = t;
        fs.add(pool.submit(() -> {
          ByteBuffer b = ByteBuffer.allocateDirect(chunk * 4).order(ByteOrder.LITTLE_ENDIAN);
          for (int k = tid; k < n / chunk; k += 4) {
            b.clear();
            for (int j = 0; j < chunk; j++) {
              b.putFloat(k * chunk + j);
            }
            b.flip();
            w.write("w", (long) k * chunk * 4, b);
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
      pool.shutdown();
      w.copyFrom("ids", c.data("ids"));
      w.commit();
    }
    try (Checkpoint c = Checkpoint.open(out)) {
      ByteBuffer s = c.data("w").slice(0, n * 4);
      for (int i = 0; i < n; i++) {
        if (s.getFloat(i * 4) != i) {
          throw new AssertionError("element " + i);
        }
      }
      assertArrayEquals(ids, St.bytes(c.data("ids").slice(0, 8000)));
    }
  }

  @Test
  void closeWithoutCommitRemovesTempDir() throws IOException {
    Path out = dir.resolve("out");
    CheckpointWriter w = CheckpointWriter.create(out, List.of(new PlannedTensor("a", DType.U8, new long[] {3})),
        Map.of(), Options.defaults(), List.of());
    w.write("a", 0, ByteBuffer.wrap(new byte[] {1, 2, 3}));
    assertTrue(Files.isDirectory(w.tempDir()));
    w.close();
    w.close();
    assertFalse(Files.exists(out));
    assertEquals(List.of(), siblings(out));
    assertThrows(IllegalStateException.class, () -> w.write("a", 0, ByteBuffer.allocate(1)));
  }

  @Test
  void dtypeNames() {
    assertEquals(DType.BF16, DType.fromConfigName("bf16"));
    assertEquals(DType.BF16, DType.fromConfigName("torch.bfloat16"));
    assertEquals(DType.F16, DType.fromConfigName("half"));
    assertEquals(DType.F16, DType.fromConfigName("FP16"));
    assertEquals(DType.F32, DType.fromConfigName("float"));
    assertEquals(DType.F64, DType.fromConfigName("float64"));
    for (DType d : DType.values()) {
      assertEquals(d, DType.fromConfigName(d.torchName()));
      assertEquals(d, DType.fromSafetensors(d.safetensorsName()));
      assertEquals(d.floatType() == null ? -1 : d.size(), d.floatType() == null ? -1 : d.floatType().size());
    }
    assertEquals(null, DType.F8_E4M3.floatType());
    has(assertThrows(IllegalArgumentException.class, () -> DType.fromConfigName("float128")).getMessage(), "'float128'");
    has(assertThrows(IllegalArgumentException.class, () -> DType.fromSafetensors("U16")).getMessage(), "'U16'");
  }
}
