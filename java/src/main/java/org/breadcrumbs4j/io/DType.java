// DType.java — safetensors element types; the reader (headers) and writer (headers, config.json) name them.
// Floating ones map to the kernels' FloatType; the rest are copied through untouched.
package org.breadcrumbs4j.io;

import java.util.Locale;
import org.breadcrumbs4j.kernel.FloatType;

/** The safetensors dtypes breadcrumbs4j reads and writes. */
public enum DType {
  F64(8, "float64", FloatType.F64),
  F32(4, "float32", FloatType.F32),
  F16(2, "float16", FloatType.F16),
  BF16(2, "bfloat16", FloatType.BF16),
  I64(8, "int64", null),
  I32(4, "int32", null),
  I16(2, "int16", null),
  I8(1, "int8", null),
  U8(1, "uint8", null),
  BOOL(1, "bool", null),
  // F8 is floating, but the kernels do not read it: merged as pass-through (copied from the base).
  F8_E4M3(1, "float8_e4m3fn", null),
  F8_E5M2(1, "float8_e5m2", null);

  private final int size;
  private final String torchName;
  private final FloatType floatType;

  DType(int size, String torchName, FloatType floatType) {
    this.size = size;
    this.torchName = torchName;
    this.floatType = floatType;
  }

  /** Bytes per element. */
  public int size() {
    return size;
  }

  /** The name used in safetensors headers ("F32", "BF16", ...). */
  public String safetensorsName() {
    return name();
  }

  /** The kernel type for F64/F32/F16/BF16; null for every other dtype (copied unchanged). */
  public FloatType floatType() {
    return floatType;
  }

  /** The torch name used for {@code torch_dtype} in config.json ("float32", "bfloat16", ...). */
  public String torchName() {
    return torchName;
  }

  /** Parses a safetensors header dtype; case-sensitive as the format is. */
  public static DType fromSafetensors(String s) {
    if (s != null) {
      for (DType d : values()) {
        if (d.name().equals(s)) {
          return d;
        }
      }
    }
    throw new IllegalArgumentException("unknown safetensors dtype " + quote(s)
        + " (known: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL, F8_E4M3, F8_E5M2)");
  }

  /**
   * Parses a dtype as users and config files spell it: torch names ("bfloat16", "torch.float16"),
   * short forms ("bf16", "fp16", "fp32", "half", "float", "double") and safetensors names; any case.
   */
  public static DType fromConfigName(String s) {
    if (s != null) {
      String k = s.trim().toLowerCase(Locale.ROOT);
      if (k.startsWith("torch.")) {
        k = k.substring("torch.".length());
      }
      switch (k) {
        case "float64": case "double": case "fp64": case "f64": return F64;
        case "float32": case "float": case "fp32": case "f32": return F32;
        case "float16": case "half": case "fp16": case "f16": return F16;
        case "bfloat16": case "bf16": return BF16;
        case "int64": case "long": case "i64": return I64;
        case "int32": case "int": case "i32": return I32;
        case "int16": case "short": case "i16": return I16;
        case "int8": case "i8": return I8;
        case "uint8": case "u8": return U8;
        case "bool": return BOOL;
        case "float8_e4m3fn": case "float8_e4m3": case "f8_e4m3": case "fp8_e4m3": return F8_E4M3;
        case "float8_e5m2": case "f8_e5m2": case "fp8_e5m2": return F8_E5M2;
        default: break;
      }
    }
    throw new IllegalArgumentException("unknown dtype " + quote(s)
        + " (use float32/fp32, float16/fp16/half, bfloat16/bf16 or float64)");
  }

  private static String quote(String s) {
    return s == null ? "null" : "'" + s + "'";
  }
}
