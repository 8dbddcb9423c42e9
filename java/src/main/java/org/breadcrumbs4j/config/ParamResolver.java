// ParamResolver.java — per-tensor parameter resolution: model value, else global, else the method's
// default, at the tensor's layer depth; the bridge from MergeConfig to the engine's kernel calls.
package org.breadcrumbs4j.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Resolves every parameter of one tensor (SPEC "Parameters"). Thread-safe: immutable.
 *
 * <p>Lookup order per parameter, as mergekit: the model's value, then the global value, then the
 * default; a filter list with no matching entry and no fallback falls through to the next level.
 * A parameter the method does not read resolves to its neutral default whatever the config says
 * (and {@link MergeConfig#warnings()} said so). Values come out range-checked: a gradient's
 * interpolation can leave the range for one tensor only, so the check is repeated here.
 */
public final class ParamResolver {
  public static final int DEFAULT_K = 2;
  public static final long DEFAULT_SEED = 0;
  public static final boolean DEFAULT_RESCALE = true;
  public static final Scope DEFAULT_SCOPE = Scope.TENSOR;

  private final MergeConfig config;
  private final int layerCount;

  /** @param layerCount from {@link #layerCount}; at least 1 */
  public ParamResolver(MergeConfig config, int layerCount) {
    this.config = Objects.requireNonNull(config);
    if (layerCount < 1) {
      throw new IllegalArgumentException("layerCount must be >= 1, got " + layerCount);
    }
    this.layerCount = layerCount;
  }

  public int layerCount() {
    return layerCount;
  }

  /**
   * Layer count for gradients: {@code num_hidden_layers} of the base when known, else the largest
   * layer index over the tensor names + 1, else 1.
   */
  public static int layerCount(OptionalInt numHiddenLayers, Collection<String> tensorNames) {
    if (numHiddenLayers.isPresent()) {
      if (numHiddenLayers.getAsInt() < 1) {
        throw new ConfigException("base config.json: num_hidden_layers must be a positive integer, got "
            + numHiddenLayers.getAsInt());
      }
      return numHiddenLayers.getAsInt();
    }
    int max = -1;
    for (String name : tensorNames) {
      OptionalInt idx = layerIndex(name);
      if (idx.isPresent()) {
        max = Math.max(max, idx.getAsInt());
      }
    }
    return max < 0 ? 1 : max + 1;
  }

  /** As {@link #layerCount(OptionalInt, Collection)}, reading {@code num_hidden_layers} from the base's config.json. */
  public static int layerCountFromConfigJson(Optional<JsonNode> baseConfigJson, Collection<String> tensorNames) {
    JsonNode n = baseConfigJson.map(j -> j.get("num_hidden_layers")).orElse(null);
    if (n == null || n.isNull()) {
      return layerCount(OptionalInt.empty(), tensorNames);
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw new ConfigException("base config.json: num_hidden_layers must be a positive integer, got " + n);
    }
    return layerCount(OptionalInt.of(n.intValue()), tensorNames);
  }

  /**
   * The first dot-separated component of the name made only of ASCII digits
   * ({@code model.layers.7.mlp.experts.3.w1} → 7); empty when there is none. A component too large
   * for an int is not taken as a layer index.
   */
  public static OptionalInt layerIndex(String tensorName) {
    int start = 0;
    int n = tensorName.length();
    while (start <= n) {
      int end = tensorName.indexOf('.', start);
      if (end < 0) {
        end = n;
      }
      if (end > start && allDigits(tensorName, start, end)) {
        try {
          return OptionalInt.of(Integer.parseInt(tensorName, start, end, 10));
        } catch (NumberFormatException tooLarge) {
          // fall through to the next component
        }
      }
      start = end + 1;
    }
    return OptionalInt.empty();
  }

  private static boolean allDigits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Layer depth t in [0, 1]: {@code index / (count - 1)} in binary64, 0 when count is 1 or the name
   * has no index. Indices past the last layer (e.g. extra prediction layers some models keep
   * beyond {@code num_hidden_layers}) are clamped to t = 1.
   */
  public double depth(String tensorName) {
    OptionalInt idx = layerIndex(tensorName);
    if (idx.isEmpty() || layerCount == 1) {
      return 0.0;
    }
    return (double) Math.min(idx.getAsInt(), layerCount - 1) / (double) (layerCount - 1);
  }

  /** All parameters of {@code tensorName}, per model in position order. */
  public TensorParams resolve(String tensorName) throws ConfigException {
    double t = depth(tensorName);
    List<ModelEntry> models = config.models();
    int n = models.size();
    double[] weight = new double[n];
    double[] density = new double[n];
    double[] gamma = new double[n];
    double[] tallLambda = new double[n];
    Scope[] scope = new Scope[n];
    for (int i = 0; i < n; i++) {
      ModelEntry m = models.get(i);
      weight[i] = real(Param.WEIGHT, m, tensorName, t);
      density[i] = real(Param.DENSITY, m, tensorName, t);
      gamma[i] = real(Param.GAMMA, m, tensorName, t);
      tallLambda[i] = real(Param.TALL_LAMBDA, m, tensorName, t);
      scope[i] = find(Param.SCOPE, m, tensorName)
          .map(f -> leaf(f, ParamValue.ScopeValue.class, "'tensor' or 'row'", tensorName).scope())
          .orElse(DEFAULT_SCOPE);
    }
    double lambda = real(Param.LAMBDA, null, tensorName, t);
    boolean normalize = flag(Param.NORMALIZE, tensorName, config.method().defaultNormalize());
    boolean rescale = flag(Param.RESCALE, tensorName, DEFAULT_RESCALE);
    long k = whole(Param.K, tensorName, DEFAULT_K);
    if (k < 0 || k > Integer.MAX_VALUE) {
      throw new ConfigException("parameters.k: must be an integer in [0, " + Integer.MAX_VALUE + "], got " + k
          + " for tensor " + tensorName);
    }
    long seed = whole(Param.SEED, tensorName, DEFAULT_SEED);
    return new TensorParams(weight, density, gamma, tallLambda, scope, lambda, normalize, rescale, (int) k, seed);
  }

  /** Where a value was found: the leaf for this tensor and its key path, for messages. */
  private record Found(ParamValue leaf, String source) {}

  /** Model level, then global level; empty means "use the default" (also for unused parameters). */
  private Optional<Found> find(Param p, ModelEntry model, String tensorName) {
    if (!config.method().uses(p)) {
      return Optional.empty();
    }
    if (model != null) {
      ParamValue v = model.params().get(p.yamlName());
      Optional<ParamValue> leaf = v == null ? Optional.empty() : v.select(tensorName);
      if (leaf.isPresent()) {
        return Optional.of(new Found(leaf.get(), model.keyPath() + ".parameters." + p.yamlName()));
      }
    }
    ParamValue g = config.globals().get(p.yamlName());
    Optional<ParamValue> leaf = g == null ? Optional.empty() : g.select(tensorName);
    return leaf.map(l -> new Found(l, "parameters." + p.yamlName()));
  }

  private double real(Param p, ModelEntry model, String tensorName, double t) {
    Optional<Found> f = find(p, model, tensorName);
    if (f.isEmpty()) {
      return config.method().defaultReal(p);
    }
    ParamValue leaf = f.get().leaf();
    if (!(leaf instanceof ParamValue.Scalar || leaf instanceof ParamValue.Gradient)) {
      throw mismatch(f.get(), "a number", tensorName);
    }
    double v = leaf.evaluate(tensorName, t).getAsDouble();
    String problem = p.checkReal(v);
    if (problem != null) {
      throw new ConfigException(f.get().source() + ": " + problem + " for tensor " + tensorName
          + " (layer depth t = " + t + ")");
    }
    return v;
  }

  private boolean flag(Param p, String tensorName, boolean dflt) {
    return find(p, null, tensorName).map(f -> leaf(f, ParamValue.Flag.class, "a boolean", tensorName).value())
        .orElse(dflt);
  }

  private long whole(Param p, String tensorName, long dflt) {
    return find(p, null, tensorName).map(f -> leaf(f, ParamValue.Whole.class, "an integer", tensorName).value())
        .orElse(dflt);
  }

  private static <T extends ParamValue> T leaf(Found f, Class<T> type, String what, String tensorName) {
    if (!type.isInstance(f.leaf())) {
      throw mismatch(f, what, tensorName);
    }
    return type.cast(f.leaf());
  }

  /** Only reachable for configs built in code; parsed ones were kind-checked already. */
  private static ConfigException mismatch(Found f, String what, String tensorName) {
    return new ConfigException(f.source() + ": must be " + what + ", got " + f.leaf() + " for tensor " + tensorName);
  }
}
