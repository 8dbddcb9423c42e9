#!/usr/bin/env python3
# make_sparse_family.py — writes a base + N fine-tunes family of ~GB-sized BF16 checkpoints as sparse files
# (valid safetensors headers, all-zero data), instantly, for memory-bound tests of the merge engine.
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

if __name__ == "__main__":
    root, n = sys.argv[1], int(sys.argv[2])
    total = write_shards(os.path.join(root, "base"), layout(), 2 * 10**9)
    lines = ["merge_method: breadcrumbs", "base_model: base", "models:"]
    for i in range(n):
        write_shards(os.path.join(root, "ft%d" % i), layout(), 2 * 10**9)
        lines.append("  - model: ft%d" % i)
    lines += ["parameters:", "  density: 0.9", "  gamma: 0.01", "  weight: 0.125"]
    open(os.path.join(root, "merge.yml"), "w").write("\n".join(lines) + "\n")
    print("wrote %d models of %.2f GB each under %s" % (n + 1, total / 1e9, root))
