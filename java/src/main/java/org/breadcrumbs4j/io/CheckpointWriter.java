// CheckpointWriter.java — the writer's entry point (last stage of the flow): plans output shards from shapes,
// takes tensor bytes as the kernels produce them (positional writes), and commits atomically by renaming a
// temporary sibling directory into place.
package org.breadcrumbs4j.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes one output checkpoint. Every file goes into {@code <out>.tmp-XXXX} next to the output;
 * {@link #commit()} checks that every planned byte was written, syncs, and renames it into place;
 * {@link #close()} without a commit removes it. No file with a final name ever appears on failure.
 * {@link #write} is thread-safe and positional; everything else is for the owning thread.
 */
public final class CheckpointWriter implements AutoCloseable {

  /**
   * @param maxShardBytes most tensor bytes per shard ({@code --out-shard-size}; see {@link #parseSize})
   * @param force replace an existing non-empty output directory
   * @param fsync sync files and directories before the rename (default on)
   */
  public record Options(long maxShardBytes, boolean force, boolean fsync) {
    /** mergekit's and transformers' default shard size: 5 GB (decimal). */
    public static final long DEFAULT_SHARD_BYTES = 5_000_000_000L;

    public static Options defaults() {
      return new Options(DEFAULT_SHARD_BYTES, false, true);
    }
  }

  /** A tensor to be written, in output order. */
  public record PlannedTensor(String name, DType dtype, long[] shape) {
    public PlannedTensor {
      shape = shape == null ? null : shape.clone();
    }

    @Override
    public long[] shape() {
      return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PlannedTensor p && Objects.equals(name, p.name) && dtype == p.dtype
          && Arrays.equals(shape, p.shape);
    }

    @Override
    public int hashCode() {
      return Objects.hashCode(name) * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
      return name + " " + dtype + Arrays.toString(shape);
    }
  }

  /** Opens shard files; a seam for tests that simulate a full disk. */
  interface ChannelOpener {
    FileChannel open(Path file) throws IOException;
  }

  private static final ChannelOpener DEFAULT_OPENER = f -> FileChannel.open(f, StandardOpenOption.CREATE_NEW,
      StandardOpenOption.WRITE, StandardOpenOption.READ);
  /** Heap sources are written in pieces so the JDK's temporary direct buffer stays small. */
  private static final int HEAP_CHUNK = 1 << 20;
  private static final int COPY_CHUNK = 64 << 20;

  private final Path out;
  private final Path tmp;
  private final Options options;
  private final ShardPlan plan;
  private final FileChannel[] channels;
  private final Map<String, Coverage> coverage = new LinkedHashMap<>();
  private final List<String> extraFiles = new ArrayList<>();
  private volatile boolean failed;
  private volatile boolean committed;
  private volatile boolean closed;

  private CheckpointWriter(Path out, Path tmp, Options options, ShardPlan plan, FileChannel[] channels) {
    this.out = out;
    this.tmp = tmp;
    this.options = options;
    this.plan = plan;
    this.channels = channels;
    for (ShardPlan.Shard s : plan.shards) {
      for (ShardPlan.Slot slot : s.slots()) {
        coverage.put(slot.name(), new Coverage(slot.byteSize()));
      }
    }
  }

  /** Parses "5G", "500M", "1.5GB", "2GiB", "123" (bytes); K/M/G/T are decimal, KiB/MiB/GiB/TiB binary. */
  public static long parseSize(String s) {
    return ByteSizes.parse(s);
  }

  /**
   * The provenance metadata for output headers: {@code format: pt}, the tool and version, and the SHA-256 of
   * the merge configuration's bytes.
   */
  public static Map<String, String> provenance(String toolAndVersion, byte[] mergeConfig) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("format", "pt");
    m.put("merged_by", toolAndVersion);
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(mergeConfig);
      m.put("merge_config_sha256", HexFormat.of().formatHex(h));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JDK has SHA-256
    }
    return m;
  }

  /**
   * Plans the shards and creates the temporary directory with every shard file's header written and its
   * size set. {@code metadata} goes into each header's {@code __metadata__}, after {@code format: pt}.
   */
  public static CheckpointWriter create(Path outDir, List<PlannedTensor> tensors, Map<String, String> metadata,
      Options o, Collection<Path> inputsThatMustNotBeOutput) throws CheckpointException {
    return create(outDir, tensors, metadata, o, inputsThatMustNotBeOutput, DEFAULT_OPENER);
  }

  static CheckpointWriter create(Path outDir, List<PlannedTensor> tensors, Map<String, String> metadata,
      Options o, Collection<Path> inputs, ChannelOpener opener) {
    Path out = outDir.toAbsolutePath().normalize();
    if (out.getParent() == null) {
      throw CheckpointException.of(out, "cannot write a checkpoint to the filesystem root");
    }
    checkNotAnInput(out, inputs);
    checkOutputFree(out, o.force());
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("format", "pt");
    if (metadata != null) {
      meta.putAll(metadata);
    }
    ShardPlan plan = ShardPlan.plan(out, tensors, meta, o.maxShardBytes());
    Path tmp;
    try {
      Files.createDirectories(out.getParent());
      tmp = Files.createTempDirectory(out.getParent(), out.getFileName() + ".tmp-");
    } catch (IOException e) {
      throw CheckpointException.io(out, "cannot create a temporary output directory next to it", e);
    }
    FileChannel[] channels = new FileChannel[plan.shards.size()];
    try {
      for (int i = 0; i < channels.length; i++) {
        ShardPlan.Shard s = plan.shards.get(i);
        Path f = tmp.resolve(s.fileName());
        channels[i] = opener.open(f);
        ByteBuffer head = ByteBuffer.allocate(8 + s.header().length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        head.putLong(s.header().length).put(s.header()).flip();
        writeFully(channels[i], head, 0);
        if (s.fileSize() > 8L + s.header().length) {
          // Size the file now (sparse): a shard with unwritten holes would still have the right length.
          writeFully(channels[i], ByteBuffer.allocate(1), s.fileSize() - 1);
        }
      }
    } catch (IOException | RuntimeException e) {
      closeAll(channels);
      FileOps.deleteTree(tmp);
      if (e instanceof CheckpointException ce) {
        throw ce;
      }
      throw new CheckpointException(out + ": cannot create output shards in " + tmp + ": " + e.getMessage(), e);
    }
    return new CheckpointWriter(out, tmp, o, plan, channels);
  }

  /** The output may not be an input, nor contain one (replacing it would delete that input). */
  private static void checkNotAnInput(Path out, Collection<Path> inputs) {
    if (inputs == null) {
      return;
    }
    Path realOut = realish(out);
    for (Path in : inputs) {
      Path realIn = realish(in.toAbsolutePath().normalize());
      Path inDir = Files.isRegularFile(realIn) ? realIn.getParent() : realIn;
      if (realOut.equals(realIn) || realOut.equals(inDir) || inDir.startsWith(realOut)) {
        throw CheckpointException.of(out, "output directory is (or contains) the input " + in);
      }
    }
  }

  /** The real path of the longest existing prefix, plus the rest: comparable even when {@code p} is new. */
  private static Path realish(Path p) {
    Path existing = p;
    Path rest = p.getFileSystem().getPath("");
    while (existing != null && !Files.exists(existing)) {
      rest = existing.getFileName().resolve(rest);
      existing = existing.getParent();
    }
    if (existing == null) {
      return p;
    }
    try {
      return existing.toRealPath().resolve(rest).normalize();
    } catch (IOException e) {
      return p;
    }
  }

  private static void checkOutputFree(Path out, boolean force) {
    if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(out)) {
      throw CheckpointException.of(out, "output exists and is not a directory");
    }
    if (!force && !isEmptyDir(out)) {
      throw CheckpointException.of(out, "output directory exists and is not empty (use --force to replace it)");
    }
  }

  private static boolean isEmptyDir(Path dir) {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      return !s.iterator().hasNext();
    } catch (IOException e) {
      throw CheckpointException.io(dir, "cannot list output directory", e);
    }
  }

  /** The temporary directory holding the output until {@link #commit()}. */
  public Path tempDir() {
    return tmp;
  }

  /** Output shard file names, in order. */
  public List<String> shardFiles() {
    return plan.shards.stream().map(ShardPlan.Shard::fileName).toList();
  }

  /**
   * Writes {@code src}'s remaining bytes at {@code byteOffsetInTensor} of the tensor; {@code src}'s position
   * is left unchanged. Thread-safe, any order; rewriting a range replaces it.
   */
  public void write(String tensor, long byteOffsetInTensor, ByteBuffer src) {
    ShardPlan.Slot slot = plan.byName.get(tensor);
    if (slot == null) {
      throw CheckpointException.of(out, tensor, "was not planned for this output");
    }
    ensureOpen();
    long n = src.remaining();
    if (byteOffsetInTensor < 0 || byteOffsetInTensor > slot.byteSize() - n) {
      throw CheckpointException.of(out, tensor, "write of " + n + " bytes at offset " + byteOffsetInTensor
          + " is outside its " + slot.byteSize() + " bytes");
    }
    FileChannel ch = channels[slot.shard()];
    long pos = slot.fileOffset() + byteOffsetInTensor;
    ByteBuffer b = src.duplicate();
    try {
      if (b.isDirect()) {
        writeFully(ch, b, pos);
      } else {
        while (b.hasRemaining()) {
          int len = Math.min(b.remaining(), HEAP_CHUNK);
          ByteBuffer piece = b.slice(b.position(), len);
          writeFully(ch, piece, pos);
          pos += len;
          b.position(b.position() + len);
        }
      }
    } catch (IOException e) {
      failed = true;
      throw CheckpointException.io(tmp.resolve(plan.shards.get(slot.shard()).fileName()),
          "tensor '" + tensor + "': write failed (disk full?)", e);
    }
    coverage.get(tensor).add(byteOffsetInTensor, byteOffsetInTensor + n);
  }

  /** Copies a whole tensor unchanged from an input (non-float tensors, pass-through). */
  public void copyFrom(String tensor, TensorData src) {
    ShardPlan.Slot slot = plan.byName.get(tensor);
    if (slot == null) {
      throw CheckpointException.of(out, tensor, "was not planned for this output");
    }
    if (src.byteSize() != slot.byteSize()) {
      throw CheckpointException.of(out, tensor, "source has " + src.byteSize() + " bytes but the output expects "
          + slot.byteSize());
    }
    for (long off = 0; off < slot.byteSize(); off += COPY_CHUNK) {
      int len = (int) Math.min(COPY_CHUNK, slot.byteSize() - off);
      write(tensor, off, src.slice(off, len));
    }
  }

  /**
   * Writes config.json from {@code sourceModelDir} with torch_dtype set to {@code outDtype} (null keeps it),
   * and copies the tokenizer, generation config and other non-weight files of that directory.
   */
  public void writeConfig(Path sourceModelDir, DType outDtype) {
    ensureOpen();
    try {
      extraFiles.addAll(ModelFiles.copy(sourceModelDir.toAbsolutePath().normalize(), tmp, outDtype));
    } catch (CheckpointException e) {
      failed = true;
      throw e;
    }
  }

  /**
   * Checks every planned byte was written, writes the index (more than one shard), syncs when enabled and
   * renames the temporary directory to the output (replacing an existing one only with {@code force}).
   */
  public void commit() {
    ensureOpen();
    for (Map.Entry<String, Coverage> e : coverage.entrySet()) {
      if (!e.getValue().complete()) {
        failed = true;
        throw CheckpointException.of(out, e.getKey(), "not completely written: bytes " + e.getValue().firstHole()
            + " are missing");
      }
    }
    try {
      if (plan.shards.size() > 1) {
        writeIndex(tmp.resolve(ShardIndex.FILE_NAME));
        extraFiles.add(ShardIndex.FILE_NAME);
      }
      for (FileChannel ch : channels) {
        if (options.fsync()) {
          ch.force(true);
        }
        ch.close();
      }
      if (options.fsync()) {
        for (String f : extraFiles) {
          FileOps.fsync(tmp.resolve(f));
        }
        FileOps.fsyncDir(tmp);
      }
      moveIntoPlace();
    } catch (IOException e) {
      failed = true;
      throw CheckpointException.io(out, "commit failed", e);
    }
    committed = true;
    if (options.fsync()) {
      try {
        FileOps.fsyncDir(out.getParent());
      } catch (IOException e) {
        throw CheckpointException.io(out.getParent(), "output is in place but syncing its directory failed", e);
      }
    }
  }

  private void moveIntoPlace() throws IOException {
    if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS) || (Files.isDirectory(out) && isEmptyDir(out))) {
      // rename(2) replaces an empty directory atomically; fails if someone filled it meanwhile
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    if (!options.force()) {
      throw new AccessDeniedException(out.toString(), null, "output appeared while writing; use --force to replace");
    }
    // Move the old output aside first, so at every moment either the old or the new one has the name.
    Path old = Files.createTempDirectory(out.getParent(), out.getFileName() + ".old-");
    Files.delete(old);
    Files.move(out, old, StandardCopyOption.ATOMIC_MOVE);
    try {
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      Files.move(old, out, StandardCopyOption.ATOMIC_MOVE);
      throw e;
    }
    FileOps.deleteTree(old);
  }

  /** transformers' layout: metadata.total_size and a name-sorted weight_map, 2-space indent. */
  private void writeIndex(Path file) throws IOException {
    Map<String, String> weightMap = new TreeMap<>();
    for (ShardPlan.Slot s : plan.byName.values()) {
      weightMap.put(s.name(), plan.shards.get(s.shard()).fileName());
    }
    try (OutputStream os = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW);
        JsonGenerator g = new JsonFactory().createGenerator(os)) {
      g.setPrettyPrinter(new DefaultPrettyPrinter().withObjectIndenter(
          new com.fasterxml.jackson.core.util.DefaultIndenter("  ", "\n")));
      g.writeStartObject();
      g.writeObjectFieldStart("metadata");
      g.writeNumberField("total_size", plan.totalSize);
      g.writeEndObject();
      g.writeObjectFieldStart("weight_map");
      for (Map.Entry<String, String> e : weightMap.entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
      g.flush();
      os.write("\n".getBytes(StandardCharsets.UTF_8));
    }
  }

  private void ensureOpen() {
    if (closed || committed) {
      throw new IllegalStateException(out + ": writer is " + (committed ? "committed" : "closed"));
    }
    if (failed) {
      throw CheckpointException.of(out, "an earlier write failed; close() the writer to remove " + tmp);
    }
  }

  /** Without a commit, removes the temporary directory and everything in it. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!committed) {
      closeAll(channels);
      FileOps.deleteTree(tmp);
    }
  }

  private static void closeAll(FileChannel[] channels) {
    for (FileChannel ch : channels) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // the file is deleted next
        }
      }
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      pos += ch.write(b, pos);
    }
  }
}
