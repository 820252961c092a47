"""Checking a workflow configuration before any job runs.

The JSON schema (``workflow/schemas/config.schema.yaml``) fixes the keys, types and ranges; this
module reports its violations as one readable line naming the key path and the allowed values, and
adds the checks a schema cannot express (aspect ratio ``N3/N1 <= 1``, curve SNRs that are among the
simulated ones, epochs that are multiples of the save interval, ...).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import jsonschema

__all__ = ["SINGLE_TASK_EXPERIMENTS", "ConfigError", "check_config", "require_configured"]

#: config sections that share the single-task experiment shape (teacher -> students -> theory)
SINGLE_TASK_EXPERIMENTS = ("fig3", "fig4")


class ConfigError(ValueError):
    """The configuration is invalid; the message names the key and the allowed values."""


def _path(error: jsonschema.ValidationError) -> str:
    return ".".join(str(p) for p in error.absolute_path) or "<top level>"


def _describe(error: jsonschema.ValidationError) -> str:
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    key = _path(error)
    if error.validator == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed))
        where = "top level" if key == "<top level>" else key
        return f"unknown key(s) {extra} in {where}; allowed keys: {allowed}"
    if error.validator == "required":
        return f"{key}: {error.message}"
    if error.validator == "enum":
        return f"{key} = {error.instance!r} is not allowed; allowed values: {schema['enum']}"
    bounds = {
        "minimum": ">=", "exclusiveMinimum": ">", "maximum": "<=", "exclusiveMaximum": "<",
    }
    if error.validator in bounds:
        return f"{key} = {error.instance!r} must be {bounds[error.validator]} {error.validator_value}"
    if error.validator == "minItems":
        return f"{key} must have at least {error.validator_value} item(s), got {error.instance!r}"
    if error.validator == "type":
        return f"{key} = {error.instance!r} has the wrong type; expected {error.validator_value}"
    return f"{key}: {error.message}"


def check_config(config: Mapping[str, Any], schema: Mapping[str, Any]) -> None:
    """Raise :class:`ConfigError` describing every problem of ``config``; return None if valid."""
    validator = jsonschema.Draft202012Validator(schema)
    problems = [_describe(e) for e in sorted(validator.iter_errors(config), key=lambda e: e.path)]
    if not problems:
        problems = _semantic_problems(config)
    if problems:
        raise ConfigError("invalid configuration:\n  - " + "\n  - ".join(problems))


def _semantic_problems(config: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    for name in SINGLE_TASK_EXPERIMENTS:
        exp = config.get(name)
        if exp is None:
            continue
        if exp["N3"] > exp["N1"]:
            problems.append(
                f"{name}.N3 = {exp['N3']} exceeds {name}.N1 = {exp['N1']}: the theory needs an "
                f"aspect ratio A = N3/N1 in (0, 1]"
            )
        if max(exp["ranks"]) > min(exp["N1"], exp["N3"]):
            problems.append(
                f"{name}.ranks = {exp['ranks']}: teacher rank must be <= min(N1, N3) = "
                f"{min(exp['N1'], exp['N3'])}"
            )
        stray = [s for s in exp["curve_svm"] if s not in exp["svm"]]
        if stray:
            problems.append(f"{name}.curve_svm {stray} must be among {name}.svm = {exp['svm']}")
    for name, section in config.items():
        if not isinstance(section, Mapping) or "epochs" not in section:
            continue
        for key in ("save_every", "theory_every"):
            if key in section and section["epochs"] % section[key]:
                problems.append(
                    f"{name}.epochs = {section['epochs']} must be a multiple of "
                    f"{name}.{key} = {section[key]}"
                )
    fig5 = config.get("fig5")
    if fig5 is not None:
        if fig5["N3"] > fig5["N1"]:
            problems.append(f"fig5.N3 = {fig5['N3']} exceeds fig5.N1 = {fig5['N1']}: A must be <= 1")
        if fig5["rank"] > fig5["N3"]:
            problems.append(f"fig5.rank = {fig5['rank']} exceeds fig5.N3 = {fig5['N3']}")
    fig6 = config.get("fig6")
    if fig6 is not None:
        if fig6["N3"] > fig6["N1"]:
            problems.append(f"fig6.N3 = {fig6['N3']} exceeds fig6.N1 = {fig6['N1']}: A must be <= 1")
        if fig6["curve_svm"] not in fig6["svm"]:
            problems.append(f"fig6.curve_svm {fig6['curve_svm']} must be among fig6.svm = {fig6['svm']}")
        stray = [p for p in fig6["curve_P"] if p not in fig6["P"]]
        if stray:
            problems.append(f"fig6.curve_P {stray} must be among fig6.P = {fig6['P']}")
    fig9 = config.get("fig9")
    if fig9 is not None and fig9["N3_A"] + fig9["N3_B"] > fig9["N1"]:
        problems.append(
            f"fig9.N3_A + fig9.N3_B = {fig9['N3_A'] + fig9['N3_B']} exceeds fig9.N1 = {fig9['N1']}: "
            f"the joint aspect ratio must be <= 1"
        )
    fig2 = config.get("fig2")
    if fig2 is not None:
        for a in [*fig2["A"], fig2["histogram"]["A"]]:
            n3 = a * fig2["N1"]
            if abs(n3 - round(n3)) > 1e-9:
                problems.append(
                    f"fig2.A = {a} with fig2.N1 = {fig2['N1']} gives a non-integer N3 = {n3}"
                )
        hist = fig2["histogram"]
        if hist["rank"] > round(hist["A"] * fig2["N1"]):
            problems.append(f"fig2.histogram.rank = {hist['rank']} exceeds N3 = A*N1")
    return problems


def require_configured(section: str, key: str, value: float, allowed: Sequence[float]) -> None:
    """Raise :class:`ConfigError` unless ``value`` is one of the configured ``section.key`` values.

    Guards jobs requested for a condition the config does not list (for example a results file
    named on the command line with another SNR), so they fail with the key and its values instead of
    silently computing an unconfigured condition.
    """
    if not any(abs(float(value) - float(a)) <= 1e-12 * max(1.0, abs(float(a))) for a in allowed):
        raise ConfigError(
            f"{section}: {key} = {value:g} is not configured; {section}.{key} = {list(allowed)}"
        )
