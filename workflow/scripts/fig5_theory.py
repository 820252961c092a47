"""Figure 5 theory: spectrum edges, signal values, TA train error from each data set's spectrum."""
from lingen import io, provenance
from lingen.experiments import randomized, single_task

smk = snakemake  # noqa: F821 - injected by Snakemake
with io.job_logger(smk.log[0]) as log:
    datasets = {
        kind: single_task.training_set_from_arrays(
            io.load_npz(path, expect_params={"cfg": smk.params.cfg})[0]
        )
        for kind, path in zip(randomized.KINDS, smk.input.data, strict=True)
    }
    arrays = randomized.fig5_theory(smk.params.cfg, datasets)
    io.save_npz(smk.output.theory, arrays, provenance.job_record(smk))
    log.info("wrote %s", smk.output.theory)
