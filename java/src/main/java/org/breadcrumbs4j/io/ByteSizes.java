// ByteSizes.java — parses sizes like "5G", "500M", "1.5GB", "2GiB" for --out-shard-size (config stage).
package org.breadcrumbs4j.io;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Size strings: K/M/G/T (and KB/MB/...) are powers of 1000 as in transformers and mergekit; KiB/MiB/... of 1024. */
final class ByteSizes {
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*([kmgt]?)(i?)(b?)");

  private ByteSizes() {}

  static long parse(String s) {
    if (s == null) {
      throw new IllegalArgumentException("size is missing");
    }
    String k = s.trim().toLowerCase(Locale.ROOT);
    Matcher m = SIZE.matcher(k);
    if (!m.matches() || (!m.group(3).isEmpty() && m.group(2).isEmpty())) {
      throw new IllegalArgumentException("invalid size '" + s + "' (use bytes or a suffix: 500M, 5G, 1.5GB, 2GiB)");
    }
    if (m.group(2).isEmpty() && !m.group(4).isEmpty()) {
      // mergekit reads "5B" as five billion; transformers as five bytes. Refuse rather than guess.
      throw new IllegalArgumentException("ambiguous size '" + s + "': write 5G (or 5000000000) for five billion bytes");
    }
    int exp = "kmgt".indexOf(m.group(2).isEmpty() ? 'x' : m.group(2).charAt(0)) + 1;
    BigDecimal unit = BigDecimal.valueOf(m.group(3).isEmpty() ? 1000 : 1024).pow(exp);
    BigDecimal v = new BigDecimal(m.group(1)).multiply(unit);
    if (v.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("size '" + s + "' is too large");
    }
    long bytes = v.longValue(); // fractions of a byte are dropped
    if (bytes <= 0) {
      throw new IllegalArgumentException("size '" + s + "' must be at least one byte");
    }
    return bytes;
  }
}
