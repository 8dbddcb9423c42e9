// ParamValue.java — one parameter's configured value as parsed from YAML: a scalar, a layer-depth
// gradient or a filter list; ParamResolver evaluates it for each tensor name and depth t.
package org.breadcrumbs4j.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A parameter value, already validated against its {@link Param} (kind and range) by the parser.
 *
 * <p>{@link Scalar} and {@link Gradient} carry REAL values; {@link Flag}, {@link Whole} and
 * {@link ScopeValue} carry the typed ones (booleans, integers, scope) so that a 64-bit seed keeps
 * every bit. {@link Filtered} may wrap any of the leaves.
 */
public sealed interface ParamValue
    permits ParamValue.Scalar, ParamValue.Gradient, ParamValue.Filtered, ParamValue.Flag,
        ParamValue.Whole, ParamValue.ScopeValue {

  /**
   * The leaf that applies to the tensor: filter lists resolved, leaves return themselves; empty
   * when a filter list has neither a matching entry nor a fallback.
   */
  Optional<ParamValue> select(String tensorName);

  /**
   * Numeric value for the tensor at layer depth {@code t} in [0, 1]; empty when a filter list has
   * no match and no fallback. Flags give 1/0, scope its ordinal, Whole its value as a double
   * (exact up to 2^53; read {@link Whole#value()} for seeds).
   */
  OptionalDouble evaluate(String tensorName, double t);

  /** A fixed number. */
  record Scalar(double value) implements ParamValue {
    @Override
    public Optional<ParamValue> select(String tensorName) {
      return Optional.of(this);
    }

    @Override
    public OptionalDouble evaluate(String tensorName, double t) {
      return OptionalDouble.of(value);
    }
  }

  /**
   * A list of numbers spread evenly over layer depth [0, 1], interpolated linearly exactly as
   * mergekit's {@code evaluate_setting}: {@code x = t*(L-1); i0 = floor(x); i1 = min(L-1, i0+1);
   * f = x - i0; (1-f)*g[i0] + f*g[i1]} in binary64. (Not {@code np.interp}, which rounds
   * differently.)
   */
  record Gradient(List<Double> points) implements ParamValue {
    public Gradient {
      points = List.copyOf(points);
      if (points.isEmpty()) {
        throw new IllegalArgumentException("a gradient needs at least one point");
      }
    }

    public double at(double t) {
      if (Double.isNaN(t)) {
        throw new IllegalArgumentException("t is NaN");
      }
      double tc = Math.min(1.0, Math.max(0.0, t));
      int last = points.size() - 1;
      double scaled = tc * last;
      int i0 = (int) scaled;
      int i1 = Math.min(last, i0 + 1);
      double frac = scaled - i0;
      // Java never contracts this into an FMA, so the rounding matches Python's float arithmetic.
      return (1 - frac) * points.get(i0) + frac * points.get(i1);
    }

    @Override
    public Optional<ParamValue> select(String tensorName) {
      return Optional.of(this);
    }

    @Override
    public OptionalDouble evaluate(String tensorName, double t) {
      return OptionalDouble.of(at(t));
    }
  }

  /**
   * A list of {@code {filter: substring, value: ...}} entries. As in mergekit the first entry that
   * matches wins, and an entry without a filter (or with filter {@code "*"}) matches every tensor,
   * so the fallback belongs last.
   */
  record Filtered(List<Entry> entries) implements ParamValue {
    public Filtered {
      entries = List.copyOf(entries);
    }

    /** One entry; an empty filter is the fallback. The value is never itself a Filtered. */
    public record Entry(Optional<String> filter, ParamValue value) {
      public Entry {
        Objects.requireNonNull(filter);
        if (value instanceof Filtered) {
          throw new IllegalArgumentException("filter lists do not nest");
        }
      }

      public boolean matches(String tensorName) {
        return filter.isEmpty() || tensorName.contains(filter.get());
      }
    }

    @Override
    public Optional<ParamValue> select(String tensorName) {
      for (Entry e : entries) {
        if (e.matches(tensorName)) {
          return Optional.of(e.value());
        }
      }
      return Optional.empty();
    }

    @Override
    public OptionalDouble evaluate(String tensorName, double t) {
      return select(tensorName).map(v -> v.evaluate(tensorName, t)).orElse(OptionalDouble.empty());
    }
  }

  /** A boolean ({@code normalize}, {@code rescale}, {@code int8_mask}). */
  record Flag(boolean value) implements ParamValue {
    @Override
    public Optional<ParamValue> select(String tensorName) {
      return Optional.of(this);
    }

    @Override
    public OptionalDouble evaluate(String tensorName, double t) {
      return OptionalDouble.of(value ? 1 : 0);
    }
  }

  /** An integer ({@code k}, {@code seed}), kept as a long so seeds keep all 64 bits. */
  record Whole(long value) implements ParamValue {
    @Override
    public Optional<ParamValue> select(String tensorName) {
      return Optional.of(this);
    }

    @Override
    public OptionalDouble evaluate(String tensorName, double t) {
      return OptionalDouble.of(value);
    }
  }

  /** A {@code scope} value. */
  record ScopeValue(Scope scope) implements ParamValue {
    public ScopeValue {
      Objects.requireNonNull(scope);
    }

    @Override
    public Optional<ParamValue> select(String tensorName) {
      return Optional.of(this);
    }

    @Override
    public OptionalDouble evaluate(String tensorName, double t) {
      return OptionalDouble.of(scope.ordinal());
    }
  }
}
