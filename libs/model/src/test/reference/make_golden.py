"""Golden fixtures for the decoder, computed by Hugging Face transformers' FlexOlmoForCausalLM.

The Java test ReferenceModelTest compares our FlexOlmoModel with these numbers; the build never runs
this script, it only reads what the script wrote (libs/model/src/test/resources/golden/).

What it writes:
  dense/   a one-expert FlexOlmo checkpoint (the public model): config.json + model.safetensors
  merged/  the public model merged with three experts, k = 2: shared tensors, expert 0 and router
           row 0 are the dense model's
  expected.json  the token sequences and, per case, the reference's logits and per-layer routing
           (the experts each token was sent to and their weights after softmax, top-k and the
           norm_topk_prob handling)

The cases:
  dense         the dense checkpoint
  merged        the merged checkpoint
  masked        the merged checkpoint with expert 2 switched off. The reference gets no mask: it
                runs a FlexOlmo built from the merged tensors without expert 2 (its expert tensors
                and router row dropped, experts renumbered 0, 1, 3 -> 0, 1, 2), which is what
                switching an expert off must equal; its expert ids are mapped back to 0, 1, 3.
  renormalized  the merged checkpoint with norm_topk_prob = true (the kept top-k weights divided by
                their sum), to check that flag's handling, which the logits barely show

Weights are random with a fixed seed, scaled so that activations are of order one (the usual 0.02
initialization would make every logit nearly equal and hide mistakes), with norm weights away from
one. Checkpoints are written in the per-expert tensor layout of the released FlexOlmo checkpoints
and loaded with from_pretrained, so transformers' own config and weight loading is exercised; the
script then checks that the loaded parameters are exactly the written tensors. Every token's top-k
choice is checked to be clear (a probability margin of at least MARGIN between the k-th and the
next expert), so float rounding cannot flip it.

Run with (from the repository root; run on Python 3.11.7, torch 2.13.0+cpu, transformers 5.18.0,
safetensors 0.8.0, numpy 2.4.6):
  python3 -m venv /tmp/hf-venv
  /tmp/hf-venv/bin/pip install torch==2.13.0 transformers==5.18.0 safetensors==0.8.0 numpy==2.4.6
  /tmp/hf-venv/bin/python libs/model/src/test/reference/make_golden.py
"""

import json
import platform
import shutil
import tempfile
from pathlib import Path

import numpy
import safetensors
import torch
import transformers
from safetensors.torch import save_file
from transformers import FlexOlmoConfig, FlexOlmoForCausalLM

OUT = Path(__file__).resolve().parents[1] / "resources" / "golden"
SEED = 20260101
MARGIN = 1e-3
EXPERTS = 4
TOP_K = 2
MASKED_EXPERT = 2
SEQUENCES = [
    [5, 17, 42, 3, 63, 0, 29, 11],
    [61, 7, 7, 7, 30, 44, 1, 58],
    [12, 50, 33, 8, 21],
]


def config(num_experts, top_k, norm_topk_prob=False):
    return FlexOlmoConfig(
        vocab_size=64,
        hidden_size=32,
        intermediate_size=48,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=32,
        rms_norm_eps=1e-6,
        rope_parameters={"rope_type": "default", "rope_theta": 10000.0},
        num_experts=num_experts,
        num_experts_per_tok=top_k,
        norm_topk_prob=norm_topk_prob,
        tie_word_embeddings=False,
        pad_token_id=None,
        bos_token_id=None,
        eos_token_id=None,
    )


def random_tensors(cfg, generator):
    d, ffn, vocab = cfg.hidden_size, cfg.intermediate_size, cfg.vocab_size
    kv = cfg.num_key_value_heads * (d // cfg.num_attention_heads)

    def normal(rows, cols, std):
        return torch.randn(rows, cols, generator=generator) * std

    def norm_weight(size):
        return 1.0 + 0.2 * torch.randn(size, generator=generator)

    tensors = {
        "model.embed_tokens.weight": normal(vocab, d, 1.0),
        "lm_head.weight": normal(vocab, d, d**-0.5),
        "model.norm.weight": norm_weight(d),
    }
    for layer in range(cfg.num_hidden_layers):
        p = f"model.layers.{layer}."
        tensors[p + "self_attn.q_proj.weight"] = normal(d, d, d**-0.5)
        tensors[p + "self_attn.k_proj.weight"] = normal(kv, d, d**-0.5)
        tensors[p + "self_attn.v_proj.weight"] = normal(kv, d, d**-0.5)
        tensors[p + "self_attn.o_proj.weight"] = normal(d, d, d**-0.5)
        tensors[p + "self_attn.q_norm.weight"] = norm_weight(d)
        tensors[p + "self_attn.k_norm.weight"] = norm_weight(kv)
        tensors[p + "post_attention_layernorm.weight"] = norm_weight(d)
        tensors[p + "post_feedforward_layernorm.weight"] = norm_weight(d)
        tensors[p + "mlp.gate.weight"] = normal(cfg.num_experts, d, d**-0.5)
        for expert in range(cfg.num_experts):
            e = f"{p}mlp.experts.{expert}."
            tensors[e + "gate_proj.weight"] = normal(ffn, d, d**-0.5)
            tensors[e + "up_proj.weight"] = normal(ffn, d, d**-0.5)
            tensors[e + "down_proj.weight"] = normal(d, ffn, ffn**-0.5)
    return {name: tensor.contiguous() for name, tensor in tensors.items()}


def with_experts(tensors, cfg, kept):
    """The tensors of a model whose experts are `kept` (renumbered 0..), router rows likewise."""
    out = {}
    for name, tensor in tensors.items():
        if ".mlp." not in name:
            out[name] = tensor.clone()
    for layer in range(cfg.num_hidden_layers):
        p = f"model.layers.{layer}.mlp."
        out[p + "gate.weight"] = tensors[p + "gate.weight"][kept].clone()
        for new, old in enumerate(kept):
            for projection in ("gate", "up", "down"):
                out[f"{p}experts.{new}.{projection}_proj.weight"] = tensors[
                    f"{p}experts.{old}.{projection}_proj.weight"
                ].clone()
    return out


def write_checkpoint(directory, cfg, tensors):
    directory.mkdir(parents=True)
    cfg.save_pretrained(directory)
    save_file(tensors, directory / "model.safetensors", metadata={"format": "pt"})


def load(directory):
    model, info = FlexOlmoForCausalLM.from_pretrained(
        directory, attn_implementation="eager", dtype=torch.float32, output_loading_info=True
    )
    problems = {key: value for key, value in info.items() if value}
    if problems:
        raise SystemExit(f"{directory}: transformers did not load the checkpoint cleanly: {problems}")
    return model.eval()


def check_loaded(model, tensors, cfg):
    """Every loaded parameter is exactly a written tensor (experts packed as gate_up_proj)."""
    state = model.state_dict()
    ffn = cfg.intermediate_size
    for name, tensor in tensors.items():
        if ".mlp.experts." in name:
            parts = name.split(".")
            experts, expert, projection = ".".join(parts[:-3]), int(parts[-3]), parts[-2]
            if projection == "down_proj":
                loaded = state[experts + ".down_proj"][expert]
            else:
                packed = state[experts + ".gate_up_proj"][expert]
                loaded = packed[:ffn] if projection == "gate_proj" else packed[ffn:]
        else:
            loaded = state[name]
        if not torch.equal(loaded, tensor):
            raise SystemExit(f"loaded {name} differs from the written tensor")


def run(model, cfg, expert_ids):
    """Logits and routing of each sequence; expert ids are mapped through `expert_ids`."""
    captured = []
    hooks = [
        layer.mlp.gate.register_forward_hook(lambda module, args, output: captured.append(output))
        for layer in model.model.layers
    ]
    results = []
    try:
        for sequence in SEQUENCES:
            captured.clear()
            with torch.no_grad():
                logits = model(torch.tensor([sequence]), use_cache=False).logits[0]
            routing = []
            for router_logits, weights, indices in captured:
                probabilities = torch.softmax(router_logits.float(), dim=-1)
                check_margin(probabilities, cfg.num_experts_per_tok)
                routing.append(
                    [
                        sorted(
                            (expert_ids[int(i)], shortest([w])[0])
                            for i, w in zip(token_indices, token_weights)
                        )
                        for token_indices, token_weights in zip(indices, weights)
                    ]
                )
            results.append({"logits": [shortest(row) for row in logits], "routing": routing})
    finally:
        for hook in hooks:
            hook.remove()
    return results


def shortest(values):
    """float32 values as the shortest decimals that read back as the same float32."""
    return [float(str(numpy.float32(value))) for value in values]


def check_margin(probabilities, k):
    if probabilities.shape[-1] <= k:
        return
    ranked = probabilities.sort(dim=-1, descending=True).values
    gap = (ranked[:, k - 1] - ranked[:, k]).min().item()
    if gap < MARGIN:
        raise SystemExit(f"a top-{k} choice is too close to call ({gap:.2e}); change SEED")


def as_case(name, checkpoint, results, exclude=(), norm_topk_prob=None):
    case = {"name": name, "checkpoint": checkpoint, "exclude": list(exclude)}
    if norm_topk_prob is not None:
        case["norm_topk_prob"] = norm_topk_prob
    case["sequences"] = [
        {
            "logits": result["logits"],
            "routing": [
                [{"experts": [e for e, _ in token], "weights": [w for _, w in token]} for token in layer]
                for layer in result["routing"]
            ],
        }
        for result in results
    ]
    return case


def main():
    torch.manual_seed(SEED)
    generator = torch.Generator().manual_seed(SEED)
    merged_config = config(EXPERTS, TOP_K)
    merged = random_tensors(merged_config, generator)
    dense_config = config(1, 1)
    dense = with_experts(merged, merged_config, [0])
    kept = [expert for expert in range(EXPERTS) if expert != MASKED_EXPERT]

    if OUT.exists():
        shutil.rmtree(OUT)
    write_checkpoint(OUT / "dense", dense_config, dense)
    write_checkpoint(OUT / "merged", merged_config, merged)

    cases = []
    dense_model = load(OUT / "dense")
    check_loaded(dense_model, dense, dense_config)
    cases.append(as_case("dense", "dense", run(dense_model, dense_config, [0])))

    merged_model = load(OUT / "merged")
    check_loaded(merged_model, merged, merged_config)
    cases.append(as_case("merged", "merged", run(merged_model, merged_config, list(range(EXPERTS)))))

    with tempfile.TemporaryDirectory() as scratch:
        without_config = config(len(kept), TOP_K)
        without = with_experts(merged, merged_config, kept)
        write_checkpoint(Path(scratch) / "without", without_config, without)
        without_model = load(Path(scratch) / "without")
        check_loaded(without_model, without, without_config)
        cases.append(
            as_case("masked", "merged", run(without_model, without_config, kept), exclude=[MASKED_EXPERT])
        )

        renormalized_config = config(EXPERTS, TOP_K, norm_topk_prob=True)
        write_checkpoint(Path(scratch) / "renormalized", renormalized_config, merged)
        renormalized_model = load(Path(scratch) / "renormalized")
        cases.append(
            as_case(
                "renormalized",
                "merged",
                run(renormalized_model, renormalized_config, list(range(EXPERTS))),
                norm_topk_prob=True,
            )
        )

    expected = {
        "generator": {
            "script": "libs/model/src/test/reference/make_golden.py",
            "python": platform.python_version(),
            "torch": torch.__version__,
            "transformers": transformers.__version__,
            "safetensors": safetensors.__version__,
            "numpy": numpy.__version__,
            "seed": SEED,
        },
        "sequences": SEQUENCES,
        "cases": cases,
    }
    (OUT / "expected.json").write_text(json.dumps(expected, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
