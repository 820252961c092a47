"""Time for the train error to fall to half its start, per kind of data: simulation and theory."""
from lingen import io, provenance
from lingen.experiments import randomized

smk = snakemake  # noqa: F821 - injected by Snakemake
with io.job_logger(smk.log[0]) as log:
    sims = {}
    for path in smk.input.sims:
        arrays, _ = io.load_npz(path, required=["epochs", "train", "kind"])
        sims[str(arrays["kind"])] = arrays
    theory, _ = io.load_npz(smk.input.theory)
    rows = randomized.crossing_rows(theory, sims)
    io.write_table(smk.output.table, rows, randomized.CROSSING_COLUMNS, provenance.job_record(smk))
    for row in rows:
        log.info("%(kind)s %(source)s: t = %(t_cross_mean).1f +- %(t_cross_ci95).1f epochs", row)
