"""Figure 6: test error with P != N1 training examples, and its optimum against P."""
from lingen import io, provenance
from lingen.plotting.fig6 import FIG6_SIMULATION_KEYS, fig6_figure

smk = snakemake  # noqa: F821 - injected by Snakemake
cfg = smk.params.cfg
with io.job_logger(smk.log[0]) as log:
    sims = [io.load_npz(path, required=FIG6_SIMULATION_KEYS)[0] for path in smk.input.sims]
    theory, _ = io.load_npz(smk.input.theory)
    fig = fig6_figure(
        theory, sims, io.read_table(smk.input.table),
        N1=cfg["N1"], tau=1.0 / cfg["lr"], curve_svm=cfg["curve_svm"], curve_P=cfg["curve_P"],
    )
    io.save_figure(fig, [smk.output.pdf, smk.output.png], provenance.job_record(smk))
    log.info("wrote %s, %s", smk.output.pdf, smk.output.png)
