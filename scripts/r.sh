#!/usr/bin/env bash
# Installs R with metafor and lme4 from Debian when they are missing, so the differential
# test against metafor (scripts/metafor_reference.R) can run. Idempotent: when both
# packages load, it only checks and returns (about a second).
set -euo pipefail
if command -v Rscript >/dev/null 2>&1 &&
    Rscript -e 'suppressPackageStartupMessages({library(metafor); library(lme4); library(jsonlite)})' >/dev/null 2>&1; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# jsonlite comes with r-cran-metafor's dependencies on Debian, named here to be sure.
$SUDO apt-get install -y -qq --no-install-recommends \
    r-base-core r-cran-metafor r-cran-lme4 r-cran-jsonlite >/dev/null
Rscript -e 'suppressPackageStartupMessages({library(metafor); library(lme4); library(jsonlite)}); cat("R", R.version$major, ".", R.version$minor, " metafor ", as.character(packageVersion("metafor")), " lme4 ", as.character(packageVersion("lme4")), "\n", sep = "")'
