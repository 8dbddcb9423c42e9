#!/usr/bin/env python3
# make_sparse_family.py — writes a base + N fine-tunes family of ~GB-sized BF16 checkpoints as sparse files
# (valid safetensors headers, all-zero data), instantly, for memory-bound tests of the merge engine.
# With --dense-embedding (needs numpy) the largest tensor, model.embed_tokens.weight (131M elements), holds
# real-looking data (base ~ N(0, 0.02), fine-tunes = base + N(0, 0.002)) so rank selection records window
# elements as it does on real checkpoints; all-zero data is one tie group and records nothing.
import json, os, struct, sys

def write_shards(d, tensors, shard_bytes):
    os.makedirs(d, exist_ok=True)
    shards, cur, size = [], [], 0
    for name, shape in tensors:
        nbytes = 2
        for s in shape:
            nbytes *= s
        if cur and size + nbytes > shard_bytes:
            shards.append(cur); cur, size = [], 0
        cur.append((name, shape, nbytes)); size += nbytes
    shards.append(cur)
    k = len(shards)
    weight_map, total = {}, 0
    for i, shard in enumerate(shards):
        fname = "model-%05d-of-%05d.safetensors" % (i + 1, k)
        header, off = {"__metadata__": {"format": "pt"}}, 0
        for name, shape, nbytes in shard:
            header[name] = {"dtype": "BF16", "shape": shape, "data_offsets": [off, off + nbytes]}
            off += nbytes; weight_map[name] = fname
        h = json.dumps(header, separators=(",", ":")).encode()
        h += b" " * (-len(h) % 8)
        with open(os.path.join(d, fname), "wb") as f:
            f.write(struct.pack("<Q", len(h))); f.write(h); f.truncate(8 + len(h) + off)
            if DENSE is not None and shard[0][0] == "model.embed_tokens.weight":
                f.seek(8 + len(h)); f.write(DENSE(shard[0][2] // 2))
        total += off
    with open(os.path.join(d, "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f)
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump({"model_type": "llama", "num_hidden_layers": LAYERS, "torch_dtype": "bfloat16"}, f)
    return total

H, FF, V, LAYERS = 4096, 11008, 32000, 9

def layout():
    t = [("model.embed_tokens.weight", [V, H])]
    for l in range(LAYERS):
        p = "model.layers.%d." % l
        t += [(p + "self_attn.%s_proj.weight" % x, [H, H]) for x in "qkvo"]
        t += [(p + "mlp.gate_proj.weight", [FF, H]), (p + "mlp.up_proj.weight", [FF, H]), (p + "mlp.down_proj.weight", [H, FF])]
        t += [(p + "input_layernorm.weight", [H]), (p + "post_attention_layernorm.weight", [H])]
    t += [("model.norm.weight", [H]), ("lm_head.weight", [V, H])]
    return t

DENSE = None  # callable(count) -> BF16 bytes for the embedding, or None

def dense_writer(seed, base_seed):
    import numpy as np
    def bf16(x):  # float32 -> bfloat16 bits by truncation (enough for test data)
        return (x.astype(np.float32).view(np.uint32) >> 16).astype(np.uint16).tobytes()
    def make(count):
        out = bytearray()
        step = 1 << 24
        for start in range(0, count, step):
            m = min(step, count - start)
            base = np.random.default_rng([base_seed, start]).normal(0, 0.02, m)
            x = base if seed is None else base + np.random.default_rng([seed, start]).normal(0, 0.002, m)
            out += bf16(x)
        return bytes(out)
    return make

if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    dense = "--dense-embedding" in sys.argv
    root, n = args[0], int(args[1])
    if dense:
        DENSE = dense_writer(None, 7)
    total = write_shards(os.path.join(root, "base"), layout(), 2 * 10**9)
    lines = ["merge_method: breadcrumbs", "base_model: base", "models:"]
    for i in range(n):
        if dense:
            DENSE = dense_writer(100 + i, 7)
        write_shards(os.path.join(root, "ft%d" % i), layout(), 2 * 10**9)
        lines.append("  - model: ft%d" % i)
    lines += ["parameters:", "  density: 0.9", "  gamma: 0.01", "  weight: 0.125"]
    open(os.path.join(root, "merge.yml"), "w").write("\n".join(lines) + "\n")
    print("wrote %d models of %.2f GB each under %s" % (n + 1, total / 1e9, root))
