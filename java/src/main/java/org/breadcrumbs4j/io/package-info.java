// package-info.java — design notes of checkpoint I/O: the reader (plan + reader stages) and the writer (last
// stage) of config → plan → reader → kernels → writer.
/**
 * Checkpoint I/O: safetensors files in the Hugging Face layout, read and written in pure Java 17.
 *
 * <h2>Reader</h2>
 * {@link org.breadcrumbs4j.io.Checkpoint#open} reads and validates headers and the index only; weights are
 * mapped later, on demand. A directory holds {@code model.safetensors} or {@code model.safetensors.index.json}
 * plus shards; the single file wins when both exist (as transformers). Validation is strict and every error
 * names the file, the tensor and the problem: the 8-byte length is checked against the file size and the
 * 100 MB limit <em>before</em> anything is allocated, so a lying header costs nothing; the header must be UTF-8
 * and a JSON object, keys unique, dtypes known, shapes lists of non-negative integers, and the data_offsets
 * must tile the data section exactly (no reversed, overlapping or outside ranges, no gaps, no trailing bytes,
 * sizes equal to numel × itemsize). JSON goes through Jackson's streaming parser with tight
 * {@code StreamReadConstraints} (depth 16, bounded strings and numbers) and field-name canonicalization off
 * (its hash-flood guard would throw a non-checkpoint error); duplicates are detected here, where the message
 * can say what was duplicated. Index shard names must be relative paths that stay inside the model
 * directory, also after resolving symlinks; the index and the shard headers must agree both ways.
 *
 * <h2>Zero-copy access</h2>
 * Java 17 cannot map more than 2 GiB at once, so each input file is mapped read-only in windows starting at
 * multiples of 1 GiB, each extended by {@link org.breadcrumbs4j.io.TensorData#MAX_SLICE}: any slice of at most
 * that size lies in one window. Windows are mapped on first use, shared by all threads and unmapped on close
 * (Unsafe.invokeCleaner from jdk.unsupported), so slices must not outlive the checkpoint. Virtual address
 * space is the only cost; the page cache holds the data.
 *
 * <h2>Writer</h2>
 * {@link org.breadcrumbs4j.io.CheckpointWriter#create} plans shards from shapes alone (planned order, a new
 * shard when the next tensor would pass the limit), writes every header up front and sizes each shard file,
 * so tensors are written positionally as they are produced, from any thread, in any order; nothing is
 * buffered. Output is never memory-mapped: a full disk would raise SIGBUS on a mapped page and kill the JVM,
 * whereas {@code pwrite} returns an error that becomes a {@link org.breadcrumbs4j.io.CheckpointException}.
 * Headers are padded with spaces to 8 bytes as the Rust safetensors crate does; names follow transformers
 * ({@code model.safetensors}, or {@code model-00001-of-00003.safetensors} plus the index). Coverage of every
 * tensor is tracked as merged intervals, so {@code commit()} refuses an output with holes.
 *
 * <h2>Atomic output</h2>
 * Everything is written into {@code <out>.tmp-XXXX} next to the output, synced (files, then the directory)
 * unless disabled, and renamed into place; with {@code --force} an existing output is first renamed aside,
 * then deleted, so the name always refers to a complete checkpoint. Any failure, then {@code close()},
 * removes the temporary directory. The output may not be, or contain, an input.
 */
package org.breadcrumbs4j.io;
