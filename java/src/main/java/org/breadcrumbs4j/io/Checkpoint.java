// Checkpoint.java — the reader's entry point: opens a Hugging Face model directory (or one .safetensors file),
// validates every header and the index up front (plan stage), then maps tensor bytes lazily for the kernels.
package org.breadcrumbs4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An opened checkpoint. {@link #open} reads headers only; {@link #data} maps files on first use.
 * Thread-safe. {@link #close()} unmaps everything, so no {@link TensorData} slice may be used after it.
 */
public final class Checkpoint implements AutoCloseable {
  static final String SINGLE_FILE = "model.safetensors";
  private static final ByteBuffer EMPTY =
      ByteBuffer.allocateDirect(0).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);

  private final Path root;
  private final List<TensorInfo> tensors;
  private final Map<String, TensorInfo> byName;
  private final Map<String, String> metadata;
  private final Map<Path, Long> fileSizes;
  private final Map<Path, MappedFile> mapped = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private volatile Optional<JsonNode> config;

  private Checkpoint(Path root, List<SafetensorsHeader> headers) {
    this.root = root;
    List<TensorInfo> list = new ArrayList<>();
    Map<String, TensorInfo> names = new LinkedHashMap<>();
    Map<String, String> meta = new LinkedHashMap<>();
    Map<Path, Long> sizes = new LinkedHashMap<>();
    for (SafetensorsHeader h : headers) {
      sizes.put(h.file, h.fileSize);
      h.metadata.forEach(meta::putIfAbsent);
      for (SafetensorsHeader.Entry e : h.entries) {
        TensorInfo t = new TensorInfo(e.name(), e.dtype(), e.shape(), h.file, h.dataStart + e.begin(),
            e.end() - e.begin());
        TensorInfo other = names.put(t.name(), t);
        if (other != null) {
          throw CheckpointException.of(h.file, t.name(), "also stored in " + other.file());
        }
        list.add(t);
      }
    }
    this.tensors = Collections.unmodifiableList(list);
    this.byName = names;
    this.metadata = Collections.unmodifiableMap(meta);
    this.fileSizes = sizes;
  }

  /**
   * Opens a model directory ({@code model.safetensors}, else {@code model.safetensors.index.json} and its
   * shards; the single file wins when both exist, as in transformers) or a single .safetensors file.
   * Reads and validates headers and the index only.
   */
  public static Checkpoint open(Path pathOrDir) throws CheckpointException {
    Path path = pathOrDir.toAbsolutePath().normalize();
    if (Files.isDirectory(path)) {
      Path single = path.resolve(SINGLE_FILE);
      if (Files.exists(single)) {
        return new Checkpoint(path, List.of(SafetensorsHeader.read(single)));
      }
      Path index = path.resolve(ShardIndex.FILE_NAME);
      if (Files.exists(index)) {
        return openSharded(path, index);
      }
      String hint = Files.exists(path.resolve("pytorch_model.bin"))
          || Files.exists(path.resolve("pytorch_model.bin.index.json"))
          ? " (only PyTorch .bin weights, which are not read: convert them to safetensors first)" : "";
      throw CheckpointException.of(path, "no " + SINGLE_FILE + " or " + ShardIndex.FILE_NAME
          + " in this directory" + hint);
    }
    if (!Files.exists(path)) {
      throw CheckpointException.of(path, "does not exist");
    }
    Path parent = path.getParent();
    if (path.getFileName().toString().endsWith(".json")) {
      return openSharded(parent, path);
    }
    return new Checkpoint(parent, List.of(SafetensorsHeader.read(path)));
  }

  private static Checkpoint openSharded(Path root, Path indexFile) {
    ShardIndex index = ShardIndex.read(indexFile);
    Path realRoot;
    try {
      realRoot = root.toRealPath();
    } catch (IOException e) {
      throw CheckpointException.io(root, "cannot resolve model directory", e);
    }
    Map<String, Integer> perShard = new HashMap<>();
    index.weightMap.values().forEach(s -> perShard.merge(s, 1, Integer::sum));
    List<SafetensorsHeader> headers = new ArrayList<>();
    for (String shard : new TreeSet<>(perShard.keySet())) {
      Path file = ShardIndex.resolve(root, realRoot, shard, indexFile);
      SafetensorsHeader h = SafetensorsHeader.read(file);
      int inShard = 0;
      for (SafetensorsHeader.Entry e : h.entries) {
        String mappedTo = index.weightMap.get(e.name());
        if (mappedTo == null) {
          throw CheckpointException.of(indexFile, e.name(), "is in shard " + StrictJson.show(shard)
              + " but not in the index's weight_map");
        }
        if (!mappedTo.equals(shard)) {
          throw CheckpointException.of(indexFile, e.name(), "is in shard " + StrictJson.show(shard)
              + " but the weight_map says " + StrictJson.show(mappedTo));
        }
        inShard++;
      }
      if (perShard.get(shard) != inShard) {
        Set<String> names = new HashSet<>();
        h.entries.forEach(e -> names.add(e.name()));
        for (Map.Entry<String, String> m : index.weightMap.entrySet()) {
          if (m.getValue().equals(shard) && !names.contains(m.getKey())) {
            throw CheckpointException.of(indexFile, m.getKey(), "weight_map points at shard "
                + StrictJson.show(shard) + " but that shard does not contain it");
          }
        }
      }
      headers.add(h);
    }
    return new Checkpoint(root, headers);
  }

  /** The model directory. */
  public Path root() {
    return root;
  }

  /** All tensors: shard order (file name order), then header offset order. */
  public List<TensorInfo> tensors() {
    return tensors;
  }

  public Optional<TensorInfo> tensor(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The {@code __metadata__} of all files merged (the first shard wins on conflicting keys). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The parsed config.json of the model directory, if there is one; invalid JSON is an error. */
  public Optional<JsonNode> config() {
    Optional<JsonNode> c = config;
    if (c == null) {
      Path f = root.resolve("config.json");
      if (!Files.isRegularFile(f)) {
        c = Optional.empty();
      } else {
        try {
          JsonNode n = new ObjectMapper().readTree(f.toFile());
          if (n == null || !n.isObject()) {
            throw CheckpointException.of(f, "config is not a JSON object");
          }
          c = Optional.of(n);
        } catch (IOException e) {
          throw CheckpointException.io(f, "invalid config.json", e);
        }
      }
      config = c;
    }
    return c;
  }

  /** Zero-copy access to a tensor's bytes; maps its file on first use. */
  public TensorData data(String name) {
    TensorInfo t = byName.get(name);
    if (t == null) {
      throw CheckpointException.of(root, name, "no such tensor in this checkpoint");
    }
    if (closed) {
      throw new IllegalStateException(root + ": checkpoint is closed");
    }
    MappedFile mf = mapped.computeIfAbsent(t.file(), f -> new MappedFile(f, fileSizes.get(f)));
    return new MappedTensor(t, mf);
  }

  @Override
  public void close() {
    closed = true;
    for (MappedFile m : mapped.values()) {
      m.close();
    }
  }

  private static final class MappedTensor implements TensorData {
    private final TensorInfo info;
    private final MappedFile file;

    MappedTensor(TensorInfo info, MappedFile file) {
      this.info = info;
      this.file = file;
    }

    @Override
    public long byteSize() {
      return info.byteSize();
    }

    @Override
    public ByteBuffer slice(long byteOffset, int length) {
      if (byteOffset < 0 || length < 0 || length > MAX_SLICE || byteOffset > info.byteSize() - length) {
        throw new IndexOutOfBoundsException(info.file() + ": tensor '" + info.name() + "': slice [" + byteOffset
            + ", +" + length + ") outside its " + info.byteSize() + " bytes or over MAX_SLICE");
      }
      if (length == 0) {
        return EMPTY.duplicate().order(ByteOrder.LITTLE_ENDIAN);
      }
      return file.slice(info.dataStart() + byteOffset, length);
    }
  }
}
