// HeaderValidationTest.java — every safetensors header rule of the reader, each with a crafted file and an
// assertion on the message (file, tensor, problem).
package org.breadcrumbs4j.io;

import static org.breadcrumbs4j.io.St.entry;
import static org.breadcrumbs4j.io.St.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeaderValidationTest {
  @TempDir
  Path dir;

  private String fails(byte[] fileBytes) throws IOException {
    Path f = dir.resolve("model.safetensors");
    Files.write(f, fileBytes);
    CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.open(dir).close());
    assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
    return e.getMessage();
  }

  private String fails(String header, int dataBytes) throws IOException {
    return fails(St.file(header, new byte[dataBytes]));
  }

  private static void has(String message, String... parts) {
    for (String p : parts) {
      assertTrue(message.contains(p), "expected '" + p + "' in: " + message);
    }
  }

  @Test
  void emptyFile() throws IOException {
    has(fails(new byte[0]), "file is 0 bytes, too short");
  }

  @Test
  void sevenByteFile() throws IOException {
    has(fails(new byte[7]), "file is 7 bytes, too short");
  }

  @Test
  void headerLengthBeyondFile() throws IOException {
    has(fails(St.file(1000, "{}".getBytes(StandardCharsets.UTF_8), new byte[0])),
        "header length 1000 goes beyond the end of the file (10 bytes)");
  }

  @Test
  void lyingHeaderLengthTwoToThe63() throws IOException {
    has(fails(St.file(Long.MIN_VALUE, "{}".getBytes(StandardCharsets.UTF_8), new byte[0])),
        "header length 9223372036854775808 goes beyond the end of the file");
  }

  @Test
  void lyingHeaderLengthAllOnes() throws IOException {
    has(fails(St.file(-1L, new byte[0], new byte[0])), "header length 18446744073709551615 goes beyond");
  }

  @Test
  void headerOver100MB() throws IOException {
    Path f = dir.resolve("model.safetensors");
    Files.write(f, St.file(100_000_001L, new byte[0], new byte[0]));
    try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
      r.setLength(8 + 100_000_001L + 16); // sparse: the length is honest about the file, but too big
    }
    CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.open(f));
    has(e.getMessage(), f.toString(), "header length 100000001 is over the limit of 100000000 bytes");
  }

  @Test
  void headerNotUtf8() throws IOException {
    byte[] h = "{\"a\u00e9\":{}}".getBytes(StandardCharsets.ISO_8859_1);
    has(fails(St.file(h, new byte[0])), "header is not valid UTF-8");
  }

  @Test
  void headerNotAnObject() throws IOException {
    has(fails("[1,2]", 0), "header is not a JSON object");
    has(fails("  {}", 0), "header is not a JSON object");
    has(fails(St.file(new byte[0], new byte[0])), "header is not a JSON object");
  }

  @Test
  void headerNotJson() throws IOException {
    has(fails("{\"a\":", 0), "header is not valid JSON");
    has(fails("{} {}", 0), "header has content after its JSON object");
    has(fails("{\"a\":{\"dtype\":\"F32\",}}", 0), "header is not valid JSON");
  }

  @Test
  void deepNestingIsBounded() throws IOException {
    has(fails("{\"__metadata__\":" + "[".repeat(5000) + "]".repeat(5000) + "}", 0), "__metadata__ must be an object");
    has(fails("{\"a\":{\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}}", 0), "unknown key 'x'");
  }

  @Test
  void duplicateTensorName() throws IOException {
    String e = entry("w", "F32", "[1]", 0, 4);
    has(fails(header(e, e.replace("0,4", "4,8")), 8), "tensor 'w': duplicate tensor name in header");
  }

  @Test
  void duplicateMetadataKeys() throws IOException {
    has(fails("{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"}}", 0), "duplicate key 'a' in __metadata__");
    has(fails("{\"__metadata__\":{},\"__metadata__\":{}}", 0), "duplicate key '__metadata__'");
  }

  @Test
  void duplicateFieldInEntry() throws IOException {
    has(fails("{\"w\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4),
        "tensor 'w': duplicate key 'dtype'");
  }

  @Test
  void unknownDtype() throws IOException {
    has(fails(header(entry("w", "F128", "[1]", 0, 16)), 16), "tensor 'w': unknown safetensors dtype 'F128'");
    has(fails(header(entry("w", "f32", "[1]", 0, 4)), 4), "unknown safetensors dtype 'f32'");
  }

  @Test
  void shapeNotAListOfNonNegativeIntegers() throws IOException {
    String want = "tensor 'w': shape must be a list of non-negative integers";
    has(fails(header(entry("w", "F32", "3", 0, 12)), 12), want, "found an integer");
    has(fails(header(entry("w", "F32", "[-1]", 0, 4)), 4), want, "found -1");
    has(fails(header(entry("w", "F32", "[1.5]", 0, 4)), 4), want, "found a float");
    has(fails(header(entry("w", "F32", "[\"2\"]", 0, 8)), 8), want, "found a string");
    has(fails(header(entry("w", "F32", "[null]", 0, 8)), 8), want, "found null");
    has(fails(header(entry("w", "F32", "[[2]]", 0, 8)), 8), want, "found a list");
    has(fails(header(entry("w", "F32", "[99999999999999999999]", 0, 8)), 8), want, "too large");
  }

  @Test
  void shapeOverflowingNumel() throws IOException {
    has(fails(header(entry("w", "F32", "[4294967296,4294967296]", 0, 8)), 8), "tensor 'w': shape", "too large");
  }

  @Test
  void dataOffsetsMalformed() throws IOException {
    has(fails("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", 4),
        "tensor 'w': data_offsets must be a list of two non-negative integers, found 1 values");
    has(fails("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,-4]}}", 4),
        "tensor 'w': data_offsets must be a list of two non-negative integers, found -4");
  }

  @Test
  void dataOffsetsReversed() throws IOException {
    has(fails(header(entry("w", "F32", "[1]", 8, 4)), 8), "tensor 'w': data_offsets [8, 4] are reversed");
  }

  @Test
  void dataOffsetsOutsideTheData() throws IOException {
    has(fails(header(entry("w", "F32", "[4]", 0, 16)), 8),
        "tensor 'w': data_offsets [0, 16] go outside the data section (8 bytes)");
  }

  @Test
  void dataOffsetsNotNumelTimesItemsize() throws IOException {
    has(fails(header(entry("w", "F32", "[3]", 0, 8)), 8),
        "tensor 'w': data_offsets [0, 8] hold 8 bytes but shape [3] of F32 needs 12 bytes");
  }

  @Test
  void dataOffsetsOverlapping() throws IOException {
    has(fails(header(entry("a", "F32", "[2]", 0, 8), entry("b", "F32", "[2]", 4, 12)), 12),
        "tensor 'b': data_offsets [4, 12] overlap tensor 'a' [0, 8]");
  }

  @Test
  void gapBeforeData() throws IOException {
    has(fails(header(entry("a", "F32", "[1]", 4, 8)), 8), "tensor 'a': gap of 4 unused bytes before its data at 4");
    has(fails(header(entry("a", "F32", "[1]", 0, 4), entry("b", "F32", "[1]", 8, 12)), 12),
        "tensor 'b': gap of 4 unused bytes");
  }

  @Test
  void trailingBytes() throws IOException {
    has(fails(header(entry("a", "F32", "[1]", 0, 4)), 9), "5 trailing bytes after the last tensor's data");
    has(fails("{}", 1), "1 trailing bytes");
  }

  @Test
  void metadataValuesNotStrings() throws IOException {
    has(fails("{\"__metadata__\":{\"format\":1}}", 0), "__metadata__ value of 'format' must be a string, found an integer");
    has(fails("{\"__metadata__\":{\"x\":{}}}", 0), "must be a string, found an object");
    has(fails("{\"__metadata__\":[]}", 0), "__metadata__ must be an object of strings, found a list");
  }

  @Test
  void entryShapeWrongOrIncomplete() throws IOException {
    has(fails("{\"w\":[]}", 0), "tensor 'w': entry must be an object");
    has(fails("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 0), "tensor 'w': missing 'data_offsets'");
    has(fails("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "tensor 'w': missing 'dtype'");
    has(fails("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}", 4),
        "tensor 'w': unknown key 'x'");
    has(fails("{\"w\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "tensor 'w': dtype must be a string");
  }

  @Test
  void controlCharactersInNamesAreEscapedInMessages() throws IOException {
    String m = fails("{\"a\\u0007b\":[]}", 0);
    has(m, "tensor 'a\\u0007b'");
  }

  @Test
  void validHeadersAreAccepted() throws IOException {
    // padding spaces after the object, zero-size and 0-d tensors, metadata, every dtype
    String h = header("\"__metadata__\":{\"format\":\"pt\"}", entry("s", "F64", "[]", 0, 8),
        entry("z", "I32", "[0,5]", 8, 8), entry("b", "BOOL", "[2]", 8, 10), entry("f8", "F8_E4M3", "[1]", 10, 11),
        entry("g8", "F8_E5M2", "[1]", 11, 12)) + "      ";
    Path f = St.write(dir.resolve("model.safetensors"), h, 12);
    try (Checkpoint c = Checkpoint.open(f)) {
      assertEquals(5, c.tensors().size());
      assertEquals("pt", c.metadata().get("format"));
      assertEquals(1, c.tensor("s").orElseThrow().numel());
      assertEquals(0, c.tensor("z").orElseThrow().byteSize());
      assertEquals(0, c.data("z").slice(0, 0).remaining());
    }
  }
}
