// ShardIndex.java — parses model.safetensors.index.json (plan stage) and resolves its shard names safely
// inside the model directory; Checkpoint cross-checks it against the shard headers.
package org.breadcrumbs4j.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The weight map of a sharded checkpoint: tensor name to shard file name, in file order. */
final class ShardIndex {
  static final String FILE_NAME = "model.safetensors.index.json";

  final Path file;
  final Map<String, String> weightMap;

  private ShardIndex(Path file, Map<String, String> weightMap) {
    this.file = file;
    this.weightMap = weightMap;
  }

  static ShardIndex read(Path file) {
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > StrictJson.MAX_JSON_BYTES) {
        throw CheckpointException.of(file, "index is " + size + " bytes, over the limit of "
            + StrictJson.MAX_JSON_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw CheckpointException.io(file, "cannot read index", e);
    }
    return parse(bytes, file);
  }

  /**
   * Parses the index JSON: an object with a "weight_map" object of string values; "metadata" must be an
   * object if present (its "total_size" is informational: real checkpoints often get it slightly wrong).
   */
  static ShardIndex parse(byte[] bytes, Path file) {
    if (bytes.length > StrictJson.MAX_JSON_BYTES) {
      throw CheckpointException.of(file, "index is over the limit of " + StrictJson.MAX_JSON_BYTES + " bytes");
    }
    String text;
    try {
      text = StrictJson.utf8(bytes, 0, bytes.length);
    } catch (CharacterCodingException e) {
      throw CheckpointException.of(file, "index is not valid UTF-8");
    }
    Map<String, String> map = null;
    try (JsonParser p = StrictJson.parser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw CheckpointException.of(file, "index is not a JSON object");
      }
      boolean sawMetadata = false;
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        String key = p.currentName();
        JsonToken v = p.nextToken();
        if (key.equals("weight_map")) {
          if (map != null) {
            throw CheckpointException.of(file, "duplicate key 'weight_map' in index");
          }
          map = parseWeightMap(p, v, file);
        } else if (key.equals("metadata")) {
          if (sawMetadata) {
            throw CheckpointException.of(file, "duplicate key 'metadata' in index");
          }
          sawMetadata = true;
          if (v != JsonToken.START_OBJECT) {
            throw CheckpointException.of(file, "index 'metadata' must be an object, found " + StrictJson.describe(v));
          }
          p.skipChildren();
        } else {
          p.skipChildren(); // other keys are tolerated, as transformers does
        }
      }
      if (!StrictJson.atEnd(p)) {
        throw CheckpointException.of(file, "index has content after its JSON object");
      }
    } catch (JsonProcessingException e) {
      throw CheckpointException.of(file, "index is not valid JSON: " + StrictJson.error(e));
    } catch (IOException e) {
      throw CheckpointException.io(file, "cannot parse index", e);
    }
    if (map == null) {
      throw CheckpointException.of(file, "index has no 'weight_map'");
    }
    return new ShardIndex(file, Collections.unmodifiableMap(map));
  }

  private static Map<String, String> parseWeightMap(JsonParser p, JsonToken v, Path file) throws IOException {
    if (v != JsonToken.START_OBJECT) {
      throw CheckpointException.of(file, "index 'weight_map' must be an object, found " + StrictJson.describe(v));
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String name = p.currentName();
      JsonToken s = p.nextToken();
      if (s != JsonToken.VALUE_STRING) {
        throw CheckpointException.of(file, name, "weight_map value must be a shard file name, found "
            + StrictJson.describe(s));
      }
      String shard = p.getText();
      checkShardName(shard, name, file);
      if (map.put(name, shard) != null) {
        throw CheckpointException.of(file, name, "duplicate tensor name in weight_map");
      }
    }
    return map;
  }

  /** Shard names are relative paths that stay inside the model directory, checked before touching disk. */
  private static void checkShardName(String shard, String tensor, Path file) {
    String why = null;
    if (shard.isEmpty()) {
      why = "is empty";
    } else if (shard.indexOf('\0') >= 0) {
      why = "contains a NUL character";
    } else if (shard.startsWith("/") || shard.startsWith("\\") || (shard.length() > 1 && shard.charAt(1) == ':')) {
      why = "is an absolute path";
    } else {
      for (String part : shard.split("[/\\\\]", -1)) {
        if (part.equals("..")) {
          why = "leaves the model directory ('..')";
          break;
        }
        if (part.isEmpty() || part.equals(".")) {
          why = "is not a plain relative path";
          break;
        }
      }
    }
    if (why != null) {
      throw CheckpointException.of(file, tensor, "shard file " + StrictJson.show(shard) + " " + why);
    }
  }

  /**
   * The shard's path inside the model directory; it must exist, be a regular file and, with symlinks
   * resolved, lie inside {@code realRoot} (the model directory's real path).
   */
  static Path resolve(Path realRoot, String shard, Path file) {
    return resolve(realRoot, realRoot, shard, file);
  }

  /** As above, returning the path under {@code root} (as the user named it) rather than the real one. */
  static Path resolve(Path root, Path realRoot, String shard, Path file) {
    Path p;
    try {
      p = realRoot.resolve(shard).normalize();
    } catch (InvalidPathException e) {
      throw CheckpointException.of(file, "shard file " + StrictJson.show(shard) + " is not a valid path");
    }
    if (!p.startsWith(realRoot)) {
      throw CheckpointException.of(file, "shard file " + StrictJson.show(shard) + " leaves the model directory");
    }
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.exists(p)) {
      throw CheckpointException.of(file, "shard file " + StrictJson.show(shard) + " is missing");
    }
    Path real;
    try {
      real = p.toRealPath();
    } catch (IOException e) {
      throw CheckpointException.of(file, "shard file " + StrictJson.show(shard) + " is missing or unreadable ("
          + e.getMessage() + ")");
    }
    if (!real.startsWith(realRoot)) {
      throw CheckpointException.of(file, "shard file " + StrictJson.show(shard)
          + " is a link that leaves the model directory (to " + real + ")");
    }
    if (!Files.isRegularFile(real)) {
      throw CheckpointException.of(file, "shard file " + StrictJson.show(shard) + " is not a regular file");
    }
    return root.resolve(realRoot.relativize(p));
  }
}
