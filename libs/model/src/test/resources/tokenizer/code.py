import math
from dataclasses import dataclass


@dataclass
class RouterConfig:
    hidden_size: int = 512
    num_experts: int = 4
    top_k: int = 2


def softmax(xs: list[float]) -> list[float]:
    """Numerically stable softmax."""
    m = max(xs)
    exps = [math.exp(x - m) for x in xs]
    total = sum(exps)
    return [e / total for e in exps]


def route(scores: list[float], top_k: int) -> list[tuple[int, float]]:
    probs = softmax(scores)
    ranked = sorted(range(len(probs)), key=lambda i: probs[i], reverse=True)
    chosen = ranked[:top_k]
    norm = sum(probs[i] for i in chosen)
    return [(i, probs[i] / norm) for i in chosen]


if __name__ == "__main__":
    config = RouterConfig()
	# a tab-indented comment, on purpose
    for step in range(3):
        print(f"step {step}: {route([0.1, 2.0, -1.5, 0.7], config.top_k)}")
    assert abs(sum(w for _, w in route([1.0, 1.0], 2)) - 1.0) < 1e-9
