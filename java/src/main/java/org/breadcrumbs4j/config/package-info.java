// package-info.java — design notes of the config stage: mergekit-compatible YAML → MergeConfig →
// per-tensor TensorParams. First stage of config → plan → read → kernel → write.
/**
 * Merge configuration: parsing, defaults, validation and per-tensor parameter resolution.
 *
 * <p>Entry points: {@link org.breadcrumbs4j.config.MergeConfig#load} / {@code parse} give an
 * immutable, validated {@link org.breadcrumbs4j.config.MergeConfig}; a
 * {@link org.breadcrumbs4j.config.ParamResolver} turns it into
 * {@link org.breadcrumbs4j.config.TensorParams} for each tensor name. Every error is a
 * {@link org.breadcrumbs4j.config.ConfigException} whose message starts with the key path
 * ({@code models[2].parameters.density: must be in (0, 1], got 1.5}), raised before any weight is
 * read, except a gradient/filter value that leaves its range only for some tensor.
 *
 * <h2>Decisions where mergekit and SPEC.md are silent</h2>
 * <ul>
 *   <li><b>YAML</b>: SnakeYAML's safe constructor, YAML 1.1 like PyYAML ({@code yes/no/on/off} are
 *       booleans), duplicate keys rejected, at most 50 aliases, depth 50, 1 Mi code points, one
 *       document. Booleans are YAML booleans only: {@code 0}/{@code 1} are numbers, not booleans;
 *       {@code weight: true} is an error (Python would take it as 1). SnakeYAML reads {@code 1e-5} as a
 *       number where PyYAML reads a string; we keep the more useful reading.</li>
 *   <li><b>Unknown vs inapplicable</b>: an unknown key or parameter name is an error (with a "did
 *       you mean" hint), because a typo would otherwise silently fall back to a default. A known
 *       parameter that the method does not read (e.g. {@code gamma} with ties) is accepted,
 *       range-checked, reported by {@link org.breadcrumbs4j.config.MergeConfig#warnings()} (logged
 *       once at WARNING) and ignored: the resolver returns the neutral default (density 1, gamma 0,
 *       normalize false for consensus_ta). {@code int8_mask} is accepted silently (mergekit memory
 *       option); {@code epsilon} is reserved and warned about.</li>
 *   <li><b>Top-level keys</b>: {@code name} is accepted and ignored (mergekit-multi uses it);
 *       {@code slices}, {@code modules}, {@code tokenizer}, {@code chat_template},
 *       {@code input_model_parameters} and {@code tokenizer_source: union} are errors that say so:
 *       silently ignoring them would change the output. {@code tokenizer_source: base} without a
 *       {@code base_model} (linear) is an error; an absent tokenizer_source means the base.</li>
 *   <li><b>Numbers the kernels see</b>: weight, lambda and tall_lambda must stay finite in binary32
 *       and density must not round to 0 there, because the kernels compute with f32 of them.</li>
 *   <li><b>Model references</b>: strings only, taken as local directories ({@code ~} expands,
 *       relative paths resolve against the config file's folder, then absolute + normalized; no
 *       symlink resolution). {@code model: {...}} shapes are errors. Existence is checked by
 *       {@link org.breadcrumbs4j.config.MergeConfig#checkModelDirectories()}, not by parsing.</li>
 *   <li><b>Base listed in models</b>: skipped for task-vector methods (its task vector is zero;
 *       mergekit does the same); its parameters are still validated, then ignored. For
 *       {@code linear} a listed base is an ordinary model (mergekit's linear averages every listed
 *       model).</li>
 *   <li><b>Defaults</b> (mergekit's): weight 1, lambda 1, density 1 (so sparsification is off
 *       unless asked for), gamma 0.01 for breadcrumbs*, tall_lambda 0.4, k 2, seed 0, rescale
 *       true, scope tensor; normalize true for ties, consensus_ties and linear, else false.</li>
 *   <li><b>Ranges</b>: 0 &lt; density ≤ 1, 0 ≤ gamma &lt; 1, tall_lambda ≥ 0, epsilon ≥ 0, all
 *       reals finite; k an integer in [0, 2^31); seed an integer in [-2^63, 2^64) (values ≥ 2^63
 *       are their two's-complement long). Integers must be written as integers ({@code k: 2.0} is
 *       an error).</li>
 *   <li><b>Value shapes</b>: real parameters may be gradients; booleans, integers and scope may be
 *       scalars or filter lists, never gradients. Filter entries are {@code {filter, value}}
 *       only; as in mergekit the first matching entry wins, and an entry without filter (or
 *       {@code filter: "*"}) matches everything, so it belongs last. Filter lists do not nest.</li>
 *   <li><b>Gradients</b>: mergekit's {@code evaluate_setting} formula, binary64; depth t is clamped
 *       to [0, 1], so tensors numbered past {@code num_hidden_layers - 1} get the last value.</li>
 *   <li><b>dtype names</b>: float32/float16/bfloat16/float64, short forms fp32/fp16/bf16, torch
 *       aliases float/half/double, optional {@code torch.} prefix; stored canonical
 *       ({@link org.breadcrumbs4j.config.Dtypes}). Computation is binary32 regardless.</li>
 * </ul>
 */
package org.breadcrumbs4j.config;
