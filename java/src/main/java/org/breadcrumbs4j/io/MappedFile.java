// MappedFile.java — read-only memory mapping of one input file in overlapping 1 GiB windows, so tensors over
// 2 GiB work on Java 17 (reader stage: the kernels read slices of these windows, zero-copy).
package org.breadcrumbs4j.io;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Window w covers file bytes [w·1 GiB, w·1 GiB + 1 GiB + MAX_SLICE): every slice of at most MAX_SLICE bytes
 * starting in window w ends inside it, so a slice never spans two mappings. Windows are mapped on first
 * use and unmapped on {@link #close()}; using a slice after close is a caller bug (it would fault).
 */
final class MappedFile implements AutoCloseable {
  static final int WINDOW_SHIFT = 30;
  private static final long WINDOW = 1L << WINDOW_SHIFT;

  private final Path path;
  private final long size;
  private final AtomicReferenceArray<MappedByteBuffer> windows;
  private FileChannel channel;
  private volatile boolean closed;

  MappedFile(Path path, long expectedSize) {
    this.path = path;
    this.size = expectedSize;
    this.windows = new AtomicReferenceArray<>((int) ((expectedSize + WINDOW - 1) >>> WINDOW_SHIFT) + 1);
  }

  /** A little-endian read-only view of {@code [pos, pos + len)}; {@code len <= MAX_SLICE}, inside the file. */
  ByteBuffer slice(long pos, int len) {
    int w = (int) (pos >>> WINDOW_SHIFT);
    MappedByteBuffer win = windows.get(w);
    if (win == null) {
      win = map(w);
    }
    return win.slice((int) (pos - ((long) w << WINDOW_SHIFT)), len).order(ByteOrder.LITTLE_ENDIAN);
  }

  private synchronized MappedByteBuffer map(int w) {
    if (closed) {
      throw new IllegalStateException(path + ": checkpoint is closed");
    }
    MappedByteBuffer win = windows.get(w);
    if (win != null) {
      return win;
    }
    try {
      if (channel == null) {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        // A file that changed since its header was validated could fault on access: refuse it instead.
        long now = ch.size();
        if (now != size) {
          ch.close();
          throw CheckpointException.of(path, "file changed since it was opened (size " + now + ", expected "
              + size + ")");
        }
        channel = ch;
      }
      long start = (long) w << WINDOW_SHIFT;
      long len = Math.min(WINDOW + TensorData.MAX_SLICE, size - start);
      win = channel.map(FileChannel.MapMode.READ_ONLY, start, len);
    } catch (IOException e) {
      throw CheckpointException.io(path, "cannot map", e);
    }
    windows.set(w, win);
    return win;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (int i = 0; i < windows.length(); i++) {
      MappedByteBuffer win = windows.getAndSet(i, null);
      if (win != null) {
        Unmapper.unmap(win);
      }
    }
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // read-only channel: nothing was written that could be lost
      }
    }
  }

  /** Unmaps at once through Unsafe.invokeCleaner (jdk.unsupported) rather than waiting for the GC. */
  private static final class Unmapper {
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
      Object u = null;
      Method m = null;
      try {
        Class<?> c = Class.forName("sun.misc.Unsafe");
        Field f = c.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        u = f.get(null);
        m = c.getMethod("invokeCleaner", ByteBuffer.class);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // Not available: mappings are released by the GC instead.
      }
      UNSAFE = u;
      INVOKE_CLEANER = m;
    }

    static void unmap(MappedByteBuffer b) {
      if (INVOKE_CLEANER != null) {
        try {
          INVOKE_CLEANER.invoke(UNSAFE, b);
        } catch (ReflectiveOperationException | RuntimeException e) {
          // leave it to the GC
        }
      }
    }
  }
}
