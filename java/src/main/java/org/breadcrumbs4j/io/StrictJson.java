// StrictJson.java — the bounded, duplicate-rejecting JSON parser setup shared by the header and index readers.
package org.breadcrumbs4j.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Jackson configured for untrusted input: strict UTF-8, shallow, bounded. Duplicate keys are detected by
 * the callers (they know whether a key is a tensor, a metadata key or a field, and say so).
 */
final class StrictJson {
  /** Largest header we accept, as the Rust safetensors crate (100 MB). Index files get the same bound. */
  static final int MAX_JSON_BYTES = 100_000_000;

  // Valid headers nest 3 deep; a small limit makes "[[[[..." fail at once instead of using stack.
  // Field-name canonicalization is off: its hash-flood guard throws IllegalStateException on crafted names.
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(16)
          .maxNumberLength(100)
          .maxStringLength(MAX_JSON_BYTES)
          .maxNameLength(MAX_JSON_BYTES)
          .maxDocumentLength(MAX_JSON_BYTES)
          .build())
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
      .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
      .build();

  private StrictJson() {}

  /** Decodes strictly as UTF-8 (malformed or unmappable bytes are errors, not U+FFFD). */
  static String utf8(byte[] bytes, int off, int len) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes, off, len))
        .toString();
  }

  /** A parser over already-decoded text, so Jackson never guesses the encoding. */
  static JsonParser parser(String text) throws IOException {
    return FACTORY.createParser(text);
  }

  /** Fails unless only whitespace follows the root value. */
  static boolean atEnd(JsonParser p) throws IOException {
    return p.nextToken() == null;
  }

  /** Jackson's message without the source excerpt, plus the character offset. */
  static String error(JsonProcessingException e) {
    String m = e.getOriginalMessage();
    return e.getLocation() == null ? m : m + " (at character " + e.getLocation().getCharOffset() + ")";
  }

  static String describe(JsonToken t) {
    if (t == null) {
      return "end of input";
    }
    switch (t) {
      case START_OBJECT: return "an object";
      case START_ARRAY: return "a list";
      case VALUE_STRING: return "a string";
      case VALUE_NUMBER_INT: return "an integer";
      case VALUE_NUMBER_FLOAT: return "a float";
      case VALUE_TRUE: case VALUE_FALSE: return "a boolean";
      case VALUE_NULL: return "null";
      default: return t.toString();
    }
  }

  /** A string for messages: quoted, control characters escaped, cut at 200 chars. */
  static String show(String s) {
    StringBuilder b = new StringBuilder("'");
    for (int i = 0; i < s.length() && i < 200; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (s.length() > 200) {
      b.append("...");
    }
    return b.append('\'').toString();
  }
}
