// Chunk.java — elements [index0, index0+n) of every input and the output, as direct little-endian buffers.
package org.breadcrumbs4j.kernel;

import java.nio.ByteBuffer;

/**
 * One chunk of a tensor. Every buffer is direct, holds exactly n elements of its dtype starting at
 * its position 0 (callers pass {@code slice()}s), and is read as little-endian whatever its byte order.
 *
 * @param n      elements
 * @param index0 flat index of the first element within the tensor
 * @param base   base elements (null only for {@link Combine#LINEAR})
 * @param ft     one buffer per model, config order
 * @param out    output elements (written)
 */
public record Chunk(long n, long index0, ByteBuffer base, ByteBuffer[] ft, ByteBuffer out) {}
