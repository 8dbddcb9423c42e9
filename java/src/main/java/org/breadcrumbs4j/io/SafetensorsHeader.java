// SafetensorsHeader.java — reads and validates one .safetensors header (plan stage): length prefix, JSON,
// dtypes, shapes and data_offsets. Reads only the header bytes, never the weights.
package org.breadcrumbs4j.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A validated safetensors header: entries sorted by offset, and the {@code __metadata__} strings. */
final class SafetensorsHeader {

  /** One tensor entry; offsets are relative to the start of the data section. */
  record Entry(String name, DType dtype, long[] shape, long begin, long end) {}

  final Path file;
  final long fileSize;
  /** Absolute offset of the data section: 8 + header length. */
  final long dataStart;
  final List<Entry> entries;
  final Map<String, String> metadata;

  private SafetensorsHeader(Path file, long fileSize, long dataStart, List<Entry> entries,
      Map<String, String> metadata) {
    this.file = file;
    this.fileSize = fileSize;
    this.dataStart = dataStart;
    this.entries = entries;
    this.metadata = metadata;
  }

  static SafetensorsHeader read(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return read(ch, file);
    } catch (IOException e) {
      throw CheckpointException.io(file, "cannot read", e);
    }
  }

  /** Reads the header from a channel (a file, or bytes in memory for the fuzz tests). */
  static SafetensorsHeader read(SeekableByteChannel ch, Path file) throws IOException {
    long size = ch.size();
    if (size < 8) {
      throw CheckpointException.of(file, "file is " + size
          + " bytes, too short for a safetensors file (it starts with an 8-byte header length)");
    }
    ByteBuffer lb = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, lb, 0, file);
    long n = lb.getLong(0);
    // Validate the length before allocating anything: a lying length must cost nothing.
    if (n < 0 || n > size - 8) {
      throw CheckpointException.of(file, "header length " + Long.toUnsignedString(n)
          + " goes beyond the end of the file (" + size + " bytes)");
    }
    if (n > StrictJson.MAX_JSON_BYTES) {
      throw CheckpointException.of(file, "header length " + n + " is over the limit of "
          + StrictJson.MAX_JSON_BYTES + " bytes (100 MB)");
    }
    ByteBuffer hb = ByteBuffer.allocate((int) n);
    readFully(ch, hb, 8, file);
    return parse(hb.array(), size, file);
  }

  private static void readFully(SeekableByteChannel ch, ByteBuffer b, long pos, Path file) throws IOException {
    ch.position(pos);
    while (b.hasRemaining()) {
      if (ch.read(b) < 0) {
        throw CheckpointException.of(file, "file ended while reading its header (was it truncated?)");
      }
    }
  }

  /** Parses and validates header bytes (without the length prefix) of a file of {@code fileSize} bytes. */
  static SafetensorsHeader parse(byte[] header, long fileSize, Path file) {
    long dataStart = 8L + header.length;
    long dataSize = fileSize - dataStart;
    if (header.length == 0 || header[0] != '{') {
      throw CheckpointException.of(file, "header is not a JSON object (it must start with '{')");
    }
    String text;
    try {
      text = StrictJson.utf8(header, 0, header.length);
    } catch (CharacterCodingException e) {
      throw CheckpointException.of(file, "header is not valid UTF-8");
    }
    List<Entry> entries = new ArrayList<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    try (JsonParser p = StrictJson.parser(text)) {
      parseRoot(p, file, entries, metadata);
    } catch (JsonProcessingException e) {
      throw CheckpointException.of(file, "header is not valid JSON: " + StrictJson.error(e));
    } catch (IOException e) {
      throw CheckpointException.io(file, "cannot parse header", e);
    }
    validateLayout(entries, dataSize, file);
    return new SafetensorsHeader(file, fileSize, dataStart, Collections.unmodifiableList(entries),
        Collections.unmodifiableMap(metadata));
  }

  private static void parseRoot(JsonParser p, Path file, List<Entry> entries, Map<String, String> metadata)
      throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw CheckpointException.of(file, "header is not a JSON object");
    }
    Set<String> names = new HashSet<>();
    boolean sawMetadata = false;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String name = p.currentName();
      if (name.equals("__metadata__")) {
        if (sawMetadata) {
          throw CheckpointException.of(file, "duplicate key '__metadata__' in header");
        }
        sawMetadata = true;
        parseMetadata(p, file, metadata);
        continue;
      }
      if (!names.add(name)) {
        throw CheckpointException.of(file, name, "duplicate tensor name in header");
      }
      entries.add(parseEntry(p, file, name));
    }
    if (!StrictJson.atEnd(p)) {
      throw CheckpointException.of(file, "header has content after its JSON object");
    }
  }

  private static void parseMetadata(JsonParser p, Path file, Map<String, String> metadata) throws IOException {
    JsonToken t = p.nextToken();
    if (t != JsonToken.START_OBJECT) {
      throw CheckpointException.of(file, "__metadata__ must be an object of strings, found " + StrictJson.describe(t));
    }
    for (t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String key = p.currentName();
      JsonToken v = p.nextToken();
      if (v != JsonToken.VALUE_STRING) {
        throw CheckpointException.of(file, "__metadata__ value of " + StrictJson.show(key)
            + " must be a string, found " + StrictJson.describe(v));
      }
      if (metadata.put(key, p.getText()) != null) {
        throw CheckpointException.of(file, "duplicate key " + StrictJson.show(key) + " in __metadata__");
      }
    }
  }

  private static Entry parseEntry(JsonParser p, Path file, String name) throws IOException {
    JsonToken t = p.nextToken();
    if (t != JsonToken.START_OBJECT) {
      throw CheckpointException.of(file, name, "entry must be an object with dtype, shape and data_offsets, found "
          + StrictJson.describe(t));
    }
    DType dtype = null;
    long[] shape = null;
    long[] offsets = null;
    for (t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String key = p.currentName();
      switch (key) {
        case "dtype": {
          if (dtype != null) {
            throw CheckpointException.of(file, name, "duplicate key 'dtype'");
          }
          JsonToken v = p.nextToken();
          if (v != JsonToken.VALUE_STRING) {
            throw CheckpointException.of(file, name, "dtype must be a string, found " + StrictJson.describe(v));
          }
          try {
            dtype = DType.fromSafetensors(p.getText());
          } catch (IllegalArgumentException e) {
            throw CheckpointException.of(file, name, e.getMessage());
          }
          break;
        }
        case "shape":
          if (shape != null) {
            throw CheckpointException.of(file, name, "duplicate key 'shape'");
          }
          shape = longList(p, file, name, "shape must be a list of non-negative integers");
          break;
        case "data_offsets":
          if (offsets != null) {
            throw CheckpointException.of(file, name, "duplicate key 'data_offsets'");
          }
          offsets = longList(p, file, name, "data_offsets must be a list of two non-negative integers");
          if (offsets.length != 2) {
            throw CheckpointException.of(file, name, "data_offsets must be a list of two non-negative integers, found "
                + offsets.length + " values");
          }
          break;
        default:
          throw CheckpointException.of(file, name, "unknown key " + StrictJson.show(key)
              + " (expected dtype, shape, data_offsets)");
      }
    }
    if (dtype == null || shape == null || offsets == null) {
      String missing = dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets";
      throw CheckpointException.of(file, name, "missing '" + missing + "'");
    }
    return new Entry(name, dtype, shape, offsets[0], offsets[1]);
  }

  /** Reads a JSON list of non-negative 64-bit integers; anything else fails with {@code what}. */
  private static long[] longList(JsonParser p, Path file, String name, String what) throws IOException {
    JsonToken t = p.nextToken();
    if (t != JsonToken.START_ARRAY) {
      throw CheckpointException.of(file, name, what + ", found " + StrictJson.describe(t));
    }
    long[] out = new long[4];
    int n = 0;
    for (t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t != JsonToken.VALUE_NUMBER_INT) {
        throw CheckpointException.of(file, name, what + ", found " + StrictJson.describe(t));
      }
      JsonParser.NumberType nt = p.getNumberType();
      if (nt == JsonParser.NumberType.BIG_INTEGER) {
        throw CheckpointException.of(file, name, what + ", found " + p.getText() + " (too large)");
      }
      long v = p.getLongValue();
      if (v < 0) {
        throw CheckpointException.of(file, name, what + ", found " + v);
      }
      if (n == out.length) {
        out = Arrays.copyOf(out, n * 2);
      }
      out[n++] = v;
    }
    return Arrays.copyOf(out, n);
  }

  /** Offsets must tile the data section exactly: in order, no gaps, no overlaps, sizes = numel × itemsize. */
  private static void validateLayout(List<Entry> entries, long dataSize, Path file) {
    for (Entry e : entries) {
      if (e.end < e.begin) {
        throw CheckpointException.of(file, e.name, "data_offsets [" + e.begin + ", " + e.end + "] are reversed");
      }
      if (e.end > dataSize) {
        throw CheckpointException.of(file, e.name, "data_offsets [" + e.begin + ", " + e.end
            + "] go outside the data section (" + dataSize + " bytes)");
      }
      long expected;
      try {
        expected = Math.multiplyExact(TensorInfo.numel(e.shape), e.dtype.size());
      } catch (ArithmeticException x) {
        throw CheckpointException.of(file, e.name, "shape " + Arrays.toString(e.shape) + " is too large");
      }
      if (e.end - e.begin != expected) {
        throw CheckpointException.of(file, e.name, "data_offsets [" + e.begin + ", " + e.end + "] hold "
            + (e.end - e.begin) + " bytes but shape " + Arrays.toString(e.shape) + " of " + e.dtype + " needs "
            + expected + " bytes");
      }
    }
    entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long pos = 0;
    Entry prev = null;
    for (Entry e : entries) {
      if (e.begin < pos) {
        throw CheckpointException.of(file, e.name, "data_offsets [" + e.begin + ", " + e.end + "] overlap tensor "
            + StrictJson.show(prev.name) + " [" + prev.begin + ", " + prev.end + "]");
      }
      if (e.begin > pos) {
        throw CheckpointException.of(file, e.name, "gap of " + (e.begin - pos) + " unused bytes before its data at "
            + e.begin);
      }
      pos = e.end;
      prev = e;
    }
    if (pos != dataSize) {
      throw CheckpointException.of(file, (dataSize - pos) + " trailing bytes after the last tensor's data (data section "
          + dataSize + " bytes, tensors end at " + pos + ")");
    }
  }
}
