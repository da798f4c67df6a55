#!/usr/bin/env python3
"""Reference values for the app's statistics from an independent implementation.

Writes tests/fixtures/stats.json, which tests/stats_golden.rs checks the Rust code against
to 1e-6. Run (needs scipy and statsmodels from PyPI):

    pip install scipy statsmodels && python3 scripts/stats_fixtures.py

Independence: Clopper-Pearson from scipy's beta quantiles; Wilson from statsmodels'
proportion_confint; DerSimonian-Laird pooling from statsmodels' combine_effects; REML tau^2
by maximising the restricted log-likelihood numerically with scipy (the Rust code iterates
Viechtbauer's fixed-point equation instead); Hartung-Knapp and the prediction interval from
their textbook formulas with scipy's t quantiles; the meta-regression line and covariance
from statsmodels' WLS with the residual tau^2 by the method of moments.
"""
import json
import math
from pathlib import Path

import numpy as np
from scipy import optimize, stats
from statsmodels.stats.meta_analysis import combine_effects
from statsmodels.stats.proportion import proportion_confint
import statsmodels.api as sm

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "stats.json"

# Real subsets of the dataset (Table 2 and 3 rows, as printed) and edge cases.
CASES = {
    "agvhd_cr_table2": {"note": "Table 2 CR counts: rows 2, 3, 6, 7, 10 (refs 56, 57, 60, 61, 64)",
                        "counts": [[6, 25], [5, 26], [11, 25], [8, 14], [5, 6]]},
    "cgvhd_cr_table3": {"note": "Table 3 CR counts: rows 1, 2, 4 (refs 67, 69, 71)",
                        "counts": [[16, 23], [10, 19], [8, 14]]},
    "agvhd_or_derived": {"note": "OR = CR + PR where both are printed: refs 56, 57, 60, 61, 48",
                         "counts": [[15, 25], [20, 26], [17, 25], [13, 14], [82, 99]]},
    "two_studies": {"note": "two studies: no prediction interval", "counts": [[3, 10], [6, 10]]},
    "zero_events": {"note": "a study with 0 events (continuity correction)", "counts": [[0, 10], [3, 20], [5, 30]]},
    "all_events": {"note": "studies with all events", "counts": [[10, 10], [8, 12], [4, 4]]},
    "tau2_zero": {"note": "homogeneous: tau^2 = 0", "counts": [[10, 50], [11, 50], [9, 50]]},
    "unequal_n": {"note": "very unequal sizes", "counts": [[2, 5], [150, 300], [30, 40], [1, 3]]},
}
PROPORTIONS = [[38, 54], [0, 10], [10, 10], [1, 2], [23, 35], [136, 301], [5, 7], [0, 1], [1, 1], [56, 99]]
REGRESSION = {
    "note": "aGVHD CR counts by log10 dose: Table 2 rows 2, 3, 6, 7, 10",
    "doses": [2e6, 1.39e6, 1.1e6, 2e6, 1e6],
    "counts": [[6, 25], [5, 26], [11, 25], [8, 14], [5, 6]],
}


def logits(counts):
    y, v = [], []
    for k, n in counts:
        a, b = (k + 0.5, n - k + 0.5) if k in (0, n) else (k, n - k)
        y.append(math.log(a / b))
        v.append(1 / a + 1 / b)
    return np.array(y), np.array(v)


def reml_tau2(y, v):
    def negative_restricted_loglik(tau2):
        w = 1 / (v + tau2)
        mu = np.sum(w * y) / np.sum(w)
        return 0.5 * (np.sum(np.log(v + tau2)) + math.log(np.sum(w)) + np.sum(w * (y - mu) ** 2))
    upper = 10 * (np.var(y) + np.max(v)) + 1
    result = optimize.minimize_scalar(negative_restricted_loglik, bounds=(0, upper), method="bounded",
                                      options={"xatol": 1e-14, "maxiter": 10000})
    tau2 = float(result.x)
    # The bounded optimiser does not land exactly on the boundary.
    if negative_restricted_loglik(0.0) <= negative_restricted_loglik(tau2):
        return 0.0

    # Refine to machine precision by solving the REML score equation near the optimum.
    def score(t):
        w = 1 / (v + t)
        mu = np.sum(w * y) / np.sum(w)
        return -np.sum(w) + np.sum(w ** 2 * (y - mu) ** 2) + np.sum(w ** 2) / np.sum(w)
    low, high = tau2 * 0.5, tau2 * 2 + 1e-9
    if score(low) > 0 > score(high):
        tau2 = optimize.brentq(score, low, high, xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500)
    return tau2


def pooled(y, v, tau2, hk):
    k = len(y)
    w = 1 / (v + tau2)
    mu = float(np.sum(w * y) / np.sum(w))
    if hk:
        se = math.sqrt(np.sum(w * (y - mu) ** 2) / ((k - 1) * np.sum(w)))
        half = stats.t.ppf(0.975, k - 1) * se
    else:
        se = math.sqrt(1 / np.sum(w))
        half = stats.norm.ppf(0.975) * se
    expit = lambda x: 1 / (1 + math.exp(-x))
    out = {"logit": mu, "se": se, "estimate": expit(mu), "lower": expit(mu - half), "upper": expit(mu + half)}
    if k >= 3:
        spread = stats.t.ppf(0.975, k - 2) * math.sqrt(tau2 + se ** 2)
        out["prediction"] = [expit(mu - spread), expit(mu + spread)]
    return out


def main():
    fixtures = {"proportions": [], "pooling": {}, "regression": {}}
    for k, n in PROPORTIONS:
        cp_low = 0.0 if k == 0 else float(stats.beta.ppf(0.025, k, n - k + 1))
        cp_high = 1.0 if k == n else float(stats.beta.ppf(0.975, k + 1, n - k))
        w_low, w_high = proportion_confint(k, n, alpha=0.05, method="wilson")
        fixtures["proportions"].append({"events": k, "n": n, "clopper_pearson": [cp_low, cp_high],
                                        "wilson": [float(w_low), float(w_high)]})
    for name, case in CASES.items():
        y, v = logits(case["counts"])
        dl = combine_effects(y, v, method_re="chi2")
        # statsmodels leaves a negative DL tau^2 untruncated; the estimator truncates at 0,
        # where the random-effects result equals statsmodels' fixed-effect one.
        tau2_dl = max(0.0, float(dl.tau2))
        q = float(dl.q)
        w = 1 / v
        s2 = (len(y) - 1) * np.sum(w) / (np.sum(w) ** 2 - np.sum(w ** 2))
        entry = {"note": case["note"], "counts": case["counts"], "q": q, "df": len(y) - 1,
                 "q_p": float(stats.chi2.sf(q, len(y) - 1))}
        # statsmodels' own random-effects mean and SE for DL, to pin the Rust DL pooling.
        entry["dl"] = {"tau2": tau2_dl, "i2": 100 * tau2_dl / (tau2_dl + s2),
                       "statsmodels_mean": float(dl.mean_effect_re if dl.tau2 > 0 else dl.mean_effect_fe),
                       "statsmodels_se": float(dl.sd_eff_w_re if dl.tau2 > 0 else dl.sd_eff_w_fe),
                       **pooled(y, v, tau2_dl, False)}
        tau2_reml = reml_tau2(y, v)
        entry["reml"] = {"tau2": tau2_reml, "i2": 100 * tau2_reml / (tau2_reml + s2), **pooled(y, v, tau2_reml, False)}
        entry["reml_hk"] = pooled(y, v, tau2_reml, True)
        fixtures["pooling"][name] = entry
    y, v = logits(REGRESSION["counts"])
    x = np.log10(np.array(REGRESSION["doses"]))
    X = sm.add_constant(x)
    fit_fe = sm.WLS(y, X, weights=1 / v).fit()
    q_e = float(np.sum((1 / v) * (y - fit_fe.fittedvalues) ** 2))
    W = np.diag(1 / v)
    P = W - W @ X @ np.linalg.inv(X.T @ W @ X) @ X.T @ W
    tau2 = max(0.0, (q_e - (len(y) - 2)) / float(np.trace(P)))
    fit = sm.WLS(y, X, weights=1 / (v + tau2)).fit(cov_type="fixed scale")
    fixtures["regression"] = {"note": REGRESSION["note"], "doses": REGRESSION["doses"], "counts": REGRESSION["counts"],
                              "tau2": tau2, "q_residual": q_e, "intercept": float(fit.params[0]),
                              "slope": float(fit.params[1]), "covariance": fit.cov_params().tolist()}
    OUT.write_text(json.dumps(fixtures, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
