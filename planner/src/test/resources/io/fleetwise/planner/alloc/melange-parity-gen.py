import json, random, copy, sys
from melange.solver import MelangeSolver
random.seed(20261122)
cases = []
# Mélange's own example first
ex = {"gpu_info": {"A10G": {"cost": 1.01, "tputs": [[2, 1], [5, 2]]}, "A100-80GB": {"cost": 3.67, "tputs": [[20, 20], [40, 20]]}},
      "workload_distribution": [[0.2, 0.1], [0.5, 0.2]], "total_request_rate": 30.0, "slice_factor": 1}
configs = [ex]
names = ["A10G", "L4", "L40S", "A100-80GB", "H100"]
prices = {"A10G": 1.01, "L4": 0.70, "L40S": 0.86, "A100-80GB": 3.67, "H100": 7.516}
speed = {"A10G": 1.0, "L4": 0.8, "L40S": 2.0, "A100-80GB": 4.0, "H100": 7.0}
for k in range(24):
    rows = random.randint(2, 4); cols = random.randint(2, 4)
    w = [[random.random() for _ in range(cols)] for _ in range(rows)]
    if k % 3 == 0:
        w[random.randrange(rows)][random.randrange(cols)] = 0.0
    s = sum(map(sum, w)); w = [[round(v / s, 4) for v in r] for r in w]
    gpus = random.sample(names, random.randint(2, 4))
    gi = {}
    for g in gpus:
        # longer requests (higher row/col) are slower; big GPUs lose less on long ones
        gi[g] = {"cost": prices[g], "tputs": [[round(speed[g] * 10 / (1 + i * (3 - min(speed[g], 2)) ) / (1 + j) * random.uniform(0.8, 1.2), 3) for j in range(cols)] for i in range(rows)]}
    configs.append({"gpu_info": gi, "workload_distribution": w, "total_request_rate": round(random.uniform(5, 120), 1), "slice_factor": random.choice([1, 2, 4, 8])})
for n, c in enumerate(configs):
    print("case", n, file=sys.stderr)
    cc = copy.deepcopy(c)
    try:
        ans = MelangeSolver(cc["workload_distribution"], cc["total_request_rate"], cc["gpu_info"], cc["slice_factor"]).run()
        cases.append({"config": c, "melange_answer": ans})
    except Exception as e:
        print("case", n, "CBC failed", e, file=sys.stderr)
json.dump({"generator": "random configs, seed 20261122; answers from Mélange's MelangeSolver.run (melange-release solver.py) with PuLP 2.6.0 + CBC 2.10.8 (Debian bookworm)", "cases": cases}, open(sys.argv[1], "w"), indent=1)
print(len(cases))
for c in cases: print(c["melange_answer"])
