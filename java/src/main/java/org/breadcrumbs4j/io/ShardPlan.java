// ShardPlan.java — packs planned output tensors into shards and lays out each shard's header and offsets
// up front (writer stage), from shapes and dtypes alone, before any weight is produced.
package org.breadcrumbs4j.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The output layout: shard files, their headers, and each tensor's absolute position. */
final class ShardPlan {
  private static final JsonFactory JSON = new JsonFactory();

  /** One output tensor: shard index, absolute offset in the shard file, byte size. */
  record Slot(String name, DType dtype, long[] shape, int shard, long fileOffset, long byteSize) {}

  /** One output file: name, header bytes (padded), total file size. */
  record Shard(String fileName, byte[] header, long fileSize, List<Slot> slots) {}

  final List<Shard> shards;
  final Map<String, Slot> byName;
  final long totalSize;

  private ShardPlan(List<Shard> shards, Map<String, Slot> byName, long totalSize) {
    this.shards = shards;
    this.byName = byName;
    this.totalSize = totalSize;
  }

  /**
   * Planned order is kept; a new shard starts when the next tensor would push the current one past
   * {@code maxShardBytes} of tensor data (a tensor larger than that gets a shard of its own).
   */
  static ShardPlan plan(Path out, List<CheckpointWriter.PlannedTensor> tensors, Map<String, String> metadata,
      long maxShardBytes) {
    if (maxShardBytes <= 0) {
      throw CheckpointException.of(out, "maximum shard size must be positive, got " + maxShardBytes);
    }
    Map<String, long[]> sizes = new HashMap<>();
    List<List<CheckpointWriter.PlannedTensor>> groups = new ArrayList<>();
    List<CheckpointWriter.PlannedTensor> cur = new ArrayList<>();
    long curBytes = 0;
    long total = 0;
    for (CheckpointWriter.PlannedTensor t : tensors) {
      long bytes = byteSize(out, t);
      if (sizes.put(t.name(), new long[] {bytes}) != null) {
        throw CheckpointException.of(out, t.name(), "planned twice");
      }
      if (!cur.isEmpty() && (curBytes + bytes > maxShardBytes || curBytes + bytes < 0)) {
        groups.add(cur);
        cur = new ArrayList<>();
        curBytes = 0;
      }
      cur.add(t);
      curBytes += bytes;
      try {
        total = Math.addExact(total, bytes);
      } catch (ArithmeticException e) {
        throw CheckpointException.of(out, t.name(), "total output size overflows 64 bits");
      }
    }
    groups.add(cur); // zero tensors still make one (empty) model.safetensors
    List<Shard> shards = new ArrayList<>();
    Map<String, Slot> byName = new HashMap<>();
    int k = groups.size();
    for (int i = 0; i < k; i++) {
      String name = k == 1 ? Checkpoint.SINGLE_FILE : String.format("model-%05d-of-%05d.safetensors", i + 1, k);
      byte[] header = header(groups.get(i), sizes, metadata);
      long dataStart = 8L + header.length;
      long pos = dataStart;
      List<Slot> slots = new ArrayList<>();
      for (CheckpointWriter.PlannedTensor t : groups.get(i)) {
        long bytes = sizes.get(t.name())[0];
        Slot s = new Slot(t.name(), t.dtype(), t.shape().clone(), i, pos, bytes);
        slots.add(s);
        byName.put(t.name(), s);
        pos += bytes;
      }
      shards.add(new Shard(name, header, pos, Collections.unmodifiableList(slots)));
    }
    return new ShardPlan(Collections.unmodifiableList(shards), byName, total);
  }

  private static long byteSize(Path out, CheckpointWriter.PlannedTensor t) {
    if (t.name() == null || t.name().isEmpty() || t.name().equals("__metadata__")) {
      throw CheckpointException.of(out, "invalid tensor name " + (t.name() == null ? "null" : StrictJson.show(t.name())));
    }
    if (t.dtype() == null || t.shape() == null) {
      throw CheckpointException.of(out, t.name(), "dtype and shape are required");
    }
    for (long d : t.shape()) {
      if (d < 0) {
        throw CheckpointException.of(out, t.name(), "negative dimension in shape " + Arrays.toString(t.shape()));
      }
    }
    try {
      return Math.multiplyExact(TensorInfo.numel(t.shape()), t.dtype().size());
    } catch (ArithmeticException e) {
      throw CheckpointException.of(out, t.name(), "shape " + Arrays.toString(t.shape()) + " is too large");
    }
  }

  /** The header JSON, space-padded so the data section starts 8-byte aligned (as the Rust crate does). */
  private static byte[] header(List<CheckpointWriter.PlannedTensor> group, Map<String, long[]> sizes,
      Map<String, String> metadata) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(buf)) {
      g.writeStartObject();
      if (!metadata.isEmpty()) {
        g.writeObjectFieldStart("__metadata__");
        for (Map.Entry<String, String> e : metadata.entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
      }
      long pos = 0;
      for (CheckpointWriter.PlannedTensor t : group) {
        long bytes = sizes.get(t.name())[0];
        g.writeObjectFieldStart(t.name());
        g.writeStringField("dtype", t.dtype().safetensorsName());
        g.writeArrayFieldStart("shape");
        for (long d : t.shape()) {
          g.writeNumber(d);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("data_offsets");
        g.writeNumber(pos);
        g.writeNumber(pos + bytes);
        g.writeEndArray();
        g.writeEndObject();
        pos += bytes;
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int pad = (8 - buf.size() % 8) % 8;
    for (int i = 0; i < pad; i++) {
      buf.write(' ');
    }
    return buf.toByteArray();
  }
}
