# Single-task experiments (Figures 3 and 4): noisy teacher datasets, TA and random students,
# closed-form theory. Wildcards: exp (config section), rank, svm, init.

wildcard_constraints:
    exp="|".join(EXPERIMENTS) or "no-experiment",
    rank=r"\d+",
    svm=r"[0-9.e+-]+",
    init="aligned|random",


rule single_task_dataset:
    output:
        data="results/{exp}/datasets/rank{rank}_svm{svm}.npz",
    log:
        "logs/{exp}/datasets/rank{rank}_svm{svm}.log",
    params:
        seed=SEED,
        cfg=lambda wc: config[wc.exp],
        code=code("experiments.single_task"),
    resources:
        runtime=10,
        mem_mb=1000,
    script:
        "../scripts/single_task_dataset.py"


rule single_task_simulation:
    input:
        data=rules.single_task_dataset.output.data,
    output:
        sim="results/{exp}/sim/rank{rank}_svm{svm}_{init}.npz",
    log:
        "logs/{exp}/sim/rank{rank}_svm{svm}_{init}.log",
    params:
        seed=SEED,
        cfg=lambda wc: config[wc.exp],
        code=code("experiments.single_task"),
    resources:
        runtime=60,
        mem_mb=2000,
    script:
        "../scripts/single_task_simulation.py"


rule single_task_theory:
    output:
        theory="results/{exp}/theory.npz",
    log:
        "logs/{exp}/theory.log",
    params:
        cfg=lambda wc: config[wc.exp],
        code=code("experiments.single_task"),
    resources:
        runtime=10,
        mem_mb=1000,
    script:
        "../scripts/single_task_theory.py"
