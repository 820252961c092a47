"""Config checking: the shipped configs are valid; each kind of mistake is named clearly."""

import copy
from pathlib import Path

import pytest
import yaml

from lingen.config import ConfigError, check_config

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = yaml.safe_load((ROOT / "workflow/schemas/config.schema.yaml").read_text())
PAPER = yaml.safe_load((ROOT / "config.yaml").read_text())
TINY = yaml.safe_load((ROOT / "tests/workflow/tiny_config.yaml").read_text())


@pytest.mark.parametrize("config", [PAPER, TINY], ids=["paper", "tiny"])
def test_shipped_configs_are_valid(config):
    check_config(config, SCHEMA)


def broken(edit):
    config = copy.deepcopy(PAPER)
    edit(config)
    return config


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda c: c.update(colour="red"), r"unknown key\(s\) \['colour'\] in top level"),
        (lambda c: c["fig3"].update(N3=200), r"fig3.N3 = 200 exceeds fig3.N1 = 100"),
        (lambda c: c["fig3"].update(epochs=-5), r"fig3.epochs = -5 must be >= 1"),
        (lambda c: c["fig3"].update(svm=[]), r"fig3.svm must have at least 1 item"),
        (lambda c: c["fig3"].update(runs="ten"), r"fig3.runs = 'ten' has the wrong type"),
        (lambda c: c["fig3"].update(inits=["aligned", "orthogonal"]),
         r"fig3.inits.1 = 'orthogonal' is not allowed; allowed values: \['aligned', 'random'\]"),
        (lambda c: c["fig2"].update(A=[0.5, 1.5]), r"fig2.A.1 = 1.5 must be <= 1"),
        (lambda c: c["fig3"].update(curve_svm=[3]), r"fig3.curve_svm \[3\] must be among"),
        (lambda c: c["fig3"].update(save_every=7), r"multiple of fig3.save_every = 7"),
        (lambda c: c.pop("seed"), r"'seed' is a required property"),
    ],
)
def test_bad_config_names_the_key(edit, message):
    with pytest.raises(ConfigError, match=message):
        check_config(broken(edit), SCHEMA)
