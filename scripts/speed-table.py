#!/usr/bin/env python3
"""PyTorch reference half of the executor speed table.

Same cases and method as io.fleetwise.executor.KernelSpeedBenchmark: bf16, Llama-3-8B layer GEMM
shapes (qkv K=4096 N=6144, o K=4096 N=4096, gate_up K=4096 N=28672, down K=14336 N=4096) at
M = 1, 16, 64, 256, 1024, 4096; decode attention (32 query and 32 KV heads of 128, batch B,
context L; SDPA with one query token); causal prefill attention (32 heads of 128, one sequence of
L tokens; FLOPs counted causal-halved). Mean of 20 timed runs after 3 warm-ups, CUDA events.

    python3 scripts/speed-table.py --out executor/target/pytorch-speed.csv

Writes case,ms,tflops,gbps. Needs PyTorch with CUDA; exits with a message otherwise.
"""
import argparse
import csv
import sys

WARMUP, RUNS = 3, 20
GEMMS = {"qkv": (4096, 6144), "o": (4096, 4096), "gate_up": (4096, 28672), "down": (14336, 4096)}


def mean_ms(torch, fn):
    for _ in range(WARMUP):
        fn()
    torch.cuda.synchronize()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record()
    for _ in range(RUNS):
        fn()
    end.record()
    end.synchronize()
    return start.elapsed_time(end) / RUNS


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="executor/target/pytorch-speed.csv")
    args = parser.parse_args()
    try:
        import torch
        import torch.nn.functional as F
    except ImportError:
        sys.exit("speed-table.py needs PyTorch (pip install torch); nothing measured")
    if not torch.cuda.is_available():
        sys.exit("speed-table.py needs a CUDA GPU; torch.cuda.is_available() is False")
    dev = torch.device("cuda")
    bf = torch.bfloat16
    rows = []
    print(f"# {torch.cuda.get_device_name(0)}, PyTorch {torch.__version__}", file=sys.stderr)

    for m in (1, 16, 64, 256, 1024, 4096):
        for name, (k, n) in GEMMS.items():
            a = torch.randn(m, k, device=dev, dtype=bf)
            w = torch.randn(n, k, device=dev, dtype=bf)
            ms = mean_ms(torch, lambda: F.linear(a, w))
            flops, nbytes = 2.0 * m * n * k, 2.0 * (m * k + n * k + m * n)
            rows.append((f"gemm_bf16_{name}_M{m}", ms, flops / ms / 1e9, nbytes / ms / 1e6))
            del a, w

    def decode(batch, ctx, heads=32, d=128):
        q = torch.randn(batch, heads, 1, d, device=dev, dtype=bf)
        k = torch.randn(batch, heads, ctx, d, device=dev, dtype=bf)
        v = torch.randn(batch, heads, ctx, d, device=dev, dtype=bf)
        ms = mean_ms(torch, lambda: F.scaled_dot_product_attention(q, k, v))
        nbytes, flops = 2.0 * batch * ctx * heads * d * 2, 4.0 * batch * ctx * heads * d
        rows.append((f"decode_attn_B{batch}_L{ctx}", ms, flops / ms / 1e9, nbytes / ms / 1e6))

    def prefill(length, heads=32, d=128):
        q = torch.randn(1, heads, length, d, device=dev, dtype=bf)
        k = torch.randn(1, heads, length, d, device=dev, dtype=bf)
        v = torch.randn(1, heads, length, d, device=dev, dtype=bf)
        ms = mean_ms(torch, lambda: F.scaled_dot_product_attention(q, k, v, is_causal=True))
        flops = 2.0 * length * length * heads * d
        rows.append((f"prefill_attn_L{length}", ms, flops / ms / 1e9, 0.0))

    decode(64, 2048)
    prefill(2048)
    decode(16, 8192)
    prefill(8192)

    with open(args.out, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["case", "ms", "tflops", "gbps"])
        for r in rows:
            out.writerow([r[0], f"{r[1]:.5f}", f"{r[2]:.1f}", f"{r[3]:.0f}"])
    for r in rows:
        print(f"{r[0]:28s} {r[1]:9.4f} ms {r[2]:8.1f} TFLOP/s {r[3]:7.0f} GB/s")
    print(f"written {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
