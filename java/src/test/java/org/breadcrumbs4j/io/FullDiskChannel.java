// FullDiskChannel.java — test double: a FileChannel that fails with ENOSPC once a byte budget is used up, to
// check that the writer turns a full disk into a CheckpointException and leaves nothing behind.
package org.breadcrumbs4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

final class FullDiskChannel extends FileChannel {
  private final FileChannel d;
  private long budget;

  FullDiskChannel(FileChannel delegate, long budget) {
    this.d = delegate;
    this.budget = budget;
  }

  private synchronized void spend(int n) throws IOException {
    if (n > budget) {
      throw new IOException("No space left on device");
    }
    budget -= n;
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    spend(src.remaining());
    return d.write(src, position);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    spend(src.remaining());
    return d.write(src);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    throw new IOException("not used");
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return d.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return d.read(dsts, offset, length);
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return d.read(dst, position);
  }

  @Override
  public long position() throws IOException {
    return d.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    d.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return d.size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    d.truncate(size);
    return this;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    d.force(metaData);
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    throw new IOException("not used");
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
    throw new IOException("not used");
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    throw new IOException("not used");
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return d.lock(position, size, shared);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return d.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    d.close();
  }
}
