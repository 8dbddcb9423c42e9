// ModelFiles.java — the non-weight files of an output checkpoint (writer stage): config.json with torch_dtype
// set, plus tokenizer, generation config and similar files copied from the source model directory.
package org.breadcrumbs4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

final class ModelFiles {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Weight files and indexes are never copied: the output has its own. Nor dotfiles or the base's README. */
  private static final List<String> SKIP_SUFFIXES = List.of(".safetensors", ".bin", ".pt", ".pth", ".ckpt",
      ".h5", ".msgpack", ".gguf", ".onnx", ".npz", ".pkl", ".index.json", ".lock", ".tmp");

  private ModelFiles() {}

  static boolean copied(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.startsWith(".") || n.equals("config.json") || n.equals("readme.md")) {
      return false;
    }
    for (String s : SKIP_SUFFIXES) {
      if (n.endsWith(s)) {
        return false;
      }
    }
    return true;
  }

  /** Copies the files of {@code src} into {@code dst}; returns the names written. */
  static List<String> copy(Path src, Path dst, DType outDtype) {
    List<String> written = new ArrayList<>();
    if (!Files.isDirectory(src)) {
      throw CheckpointException.of(src, "source model directory does not exist");
    }
    Path config = src.resolve("config.json");
    if (Files.isRegularFile(config)) {
      writeConfig(config, dst.resolve("config.json"), outDtype);
      written.add("config.json");
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(src)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (copied(name) && Files.isRegularFile(f)) {
          try {
            Files.copy(f, dst.resolve(name));
          } catch (IOException e) {
            throw CheckpointException.io(f, "cannot copy to " + dst.resolve(name), e);
          }
          written.add(name);
        }
      }
    } catch (IOException e) {
      throw CheckpointException.io(src, "cannot list model directory", e);
    }
    return written;
  }

  private static void writeConfig(Path src, Path dst, DType outDtype) {
    JsonNode root;
    try {
      root = MAPPER.readTree(src.toFile());
    } catch (IOException e) {
      throw CheckpointException.io(src, "invalid config.json", e);
    }
    if (!(root instanceof ObjectNode)) {
      throw CheckpointException.of(src, "config is not a JSON object");
    }
    if (outDtype != null) {
      setDtype((ObjectNode) root, outDtype);
    }
    try {
      Files.writeString(dst, MAPPER.writeValueAsString(root) + "\n");
    } catch (IOException e) {
      throw CheckpointException.io(dst, "cannot write config.json", e);
    }
  }

  /**
   * Sets torch_dtype (and "dtype", transformers' newer name, where present) at the top level and in
   * sub-configs that carry one (text_config, vision_config, ...).
   */
  static void setDtype(ObjectNode config, DType dtype) {
    config.put("torch_dtype", dtype.torchName());
    if (config.has("dtype")) {
      config.put("dtype", dtype.torchName());
    }
    config.fields().forEachRemaining(e -> {
      if (e.getValue() instanceof ObjectNode sub) {
        for (String k : new String[] {"torch_dtype", "dtype"}) {
          if (sub.has(k) && sub.get(k).isTextual()) {
            sub.put(k, dtype.torchName());
          }
        }
      }
    });
  }
}
