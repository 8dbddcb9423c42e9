// St.java — test helper that crafts safetensors bytes and model directories by hand (valid or broken),
// so reader and writer tests never depend on files outside the repository.
package org.breadcrumbs4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

final class St {
  private St() {}

  /** One header entry as JSON. */
  static String entry(String name, String dtype, String shape, long begin, long end) {
    return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + ","
        + end + "]}";
  }

  /** A header object from entries. */
  static String header(String... entries) {
    return "{" + String.join(",", entries) + "}";
  }

  static byte[] file(String header, byte[] data) {
    return file(header.getBytes(StandardCharsets.UTF_8), data);
  }

  static byte[] file(byte[] header, byte[] data) {
    return file(header.length, header, data);
  }

  /** Length prefix (possibly lying), header bytes, data. */
  static byte[] file(long declaredLength, byte[] header, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(declaredLength).put(header).put(data);
    return b.array();
  }

  static Path write(Path file, String header, int dataBytes) throws IOException {
    return write(file, header, counting(dataBytes));
  }

  static Path write(Path file, String header, byte[] data) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, file(header, data));
    return file;
  }

  /** Bytes 0, 1, 2, ... (mod 256), so misplaced reads show. */
  static byte[] counting(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  static byte[] bytes(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }

  /** A read-only in-memory channel, for feeding fuzz inputs to the header reader without touching disk. */
  static final class MemChannel implements SeekableByteChannel {
    private final byte[] data;
    private long pos;
    private boolean open = true;

    MemChannel(byte[] data) {
      this.data = data;
    }

    @Override
    public int read(ByteBuffer dst) {
      if (pos >= data.length) {
        return -1;
      }
      int n = (int) Math.min(dst.remaining(), data.length - pos);
      dst.put(data, (int) pos, n);
      pos += n;
      return n;
    }

    @Override
    public int write(ByteBuffer src) {
      throw new NonWritableChannelException();
    }

    @Override
    public long position() {
      return pos;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
      pos = newPosition;
      return this;
    }

    @Override
    public long size() {
      return data.length;
    }

    @Override
    public SeekableByteChannel truncate(long size) {
      throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }
  }
}
