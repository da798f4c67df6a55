# Reference results from metafor itself for the differential test (tests/metafor_golden.rs).
#
#   Rscript scripts/metafor_reference.R [out.json]   (default tests/fixtures/metafor.json)
#
# 200 seeded random sets of single-arm studies (k 1..40, N 1..500; with studies of 0 and
# of all events, one huge study, identical studies, tau^2 = 0, very small studies) and
# metafor's documented proportion examples (dat.pritz1997, dat.debruin2009). Every set is
# analysed with rma (REML, DL; test "z" and "knha"), confint, influence, cumul, baujat,
# regtest (sei, ninv) and rma.glmm (measure "PLO", ML, nAGQ = 7), each inside try():
# an error is recorded as a string.
#
# Numerical controls: rma's REML iterates to a change below 1e-12 (metafor's default
# stops at 1e-5, which is a looser REML, not a different one) and confint's root search
# runs to 1e-13 (default .Machine$double.eps^0.25). rma.glmm is run twice: with metafor's
# defaults ("glmm") and with tight lme4 tolerances ("glmm_tight": PIRLS to 1e-10,
# Nelder-Mead to 1e-12), because lme4's default PIRLS tolerance (1e-7) adds noise of about
# 1e-3 to tau and to the finite-difference Hessian behind the SE in sets with studies at 0
# or 100%. The engine is compared with the default run; the tight run explains (and the
# test checks) the differences listed as exceptions in tests/metafor_golden.rs.
suppressPackageStartupMessages({
  library(metafor)
  library(lme4)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) >= 1) args[1] else "tests/fixtures/metafor.json"
sets_wanted <- 200L

ctrl <- list(threshold = 1e-12, maxiter = 10000)
# PIRLS to 1e-10 (1e-12 is beyond what lme4's PIRLS reaches in double precision and
# fails); Nelder-Mead's tolerances tightened (bobyqa, stage 1, ignores them).
tight <- list(glmerCtrl = list(tolPwrss = 1e-10,
                               optCtrl = list(FtolAbs = 1e-12, FtolRel = 1e-15, XtolRel = 1e-12)))

generate <- function(s) {
  set.seed(20260016L + s)
  kind <- c("random", "zeros", "all", "huge", "identical", "homogeneous", "tiny", "few")[(s %% 8) + 1]
  k <- if (kind == "few") sample(1:3, 1) else sample(1:40, 1)
  n <- sample(1:500, k, replace = TRUE)
  mu <- runif(1, -3, 3)
  tau <- if (kind == "homogeneous") 0 else runif(1, 0, 1.5)
  if (kind == "tiny") n <- sample(1:10, k, replace = TRUE)
  x <- rbinom(k, n, plogis(rnorm(k, mu, tau)))
  if (kind == "zeros") x[runif(k) < 0.3] <- 0
  if (kind == "all") {
    pick <- runif(k) < 0.3
    x[pick] <- n[pick]
  }
  if (kind == "huge") {
    n[1] <- 100000
    x[1] <- rbinom(1, n[1], plogis(mu))
  }
  if (kind == "identical") {
    n <- rep(n[1], k)
    x <- rep(x[1], k)
  }
  list(name = sprintf("seed-%03d-%s", s, kind), x = x, n = n)
}

safe <- function(expr) {
  r <- try(suppressWarnings(expr), silent = TRUE)
  if (inherits(r, "try-error")) list(error = trimws(as.character(r))) else r
}

v <- function(x) I(as.numeric(x))

iv <- function(x, n, method, test) {
  safe({
    fit <- rma(xi = x, ni = n, measure = "PLO", method = method, test = test, control = ctrl)
    p <- predict(fit)
    list(logit = c(fit$b), se = fit$se, ci = v(c(fit$ci.lb, fit$ci.ub)), tau2 = fit$tau2,
         i2 = fit$I2, q = fit$QE, q_p = fit$QEp, pi = v(c(p$pi.lb, p$pi.ub)),
         weights = v(weights(fit)))
  })
}

qp <- function(x, n, method) {
  safe({
    fit <- rma(xi = x, ni = n, measure = "PLO", method = method, control = ctrl)
    ci <- confint(fit, control = list(tol = 1e-13))$random
    list(tau2 = v(ci["tau^2", 2:3]), i2 = v(ci["I^2(%)", 2:3]))
  })
}

infl <- function(x, n, method, test) {
  safe({
    fit <- rma(xi = x, ni = n, measure = "PLO", method = method, test = test, control = ctrl)
    inf <- influence(fit)
    i <- inf$inf
    list(rstudent = v(i$rstudent), dffits = v(i$dffits), cook_d = v(i$cook.d),
         cov_r = v(i$cov.r), tau2_del = v(i$tau2.del), qe_del = v(i$QE.del),
         hat = v(i$hat), weight = v(i$weight), dfbetas = v(inf$dfbs[[1]]),
         inf = I(as.logical(inf$is.infl)))
  })
}

cum <- function(x, n, method, test, order) {
  safe({
    fit <- rma(xi = x, ni = n, measure = "PLO", method = method, test = test, control = ctrl)
    cm <- cumul(fit, order = order)
    list(order = v(order), logit = v(cm$estimate), se = v(cm$se), ci_lb = v(cm$ci.lb),
         ci_ub = v(cm$ci.ub), tau2 = v(cm$tau2), i2 = v(cm$I2), q = v(cm$Q), q_p = v(cm$Qp))
  })
}

bau <- function(x, n, method) {
  safe({
    fit <- rma(xi = x, ni = n, measure = "PLO", method = method, control = ctrl)
    pdf(NULL)
    b <- baujat(fit)
    dev.off()
    list(x = v(b$x), y = v(b$y))
  })
}

reg <- function(x, n, predictor, method, test) {
  safe({
    fit <- rma(xi = x, ni = n, measure = "PLO", method = method, test = test, control = ctrl)
    r <- regtest(fit, model = "rma", predictor = predictor)
    list(statistic = r$zval, p = r$pval, slope = c(r$fit$beta)[2], slope_se = r$fit$se[2],
         tau2 = r$fit$tau2, limit = r$est, limit_ci = v(c(r$ci.lb, r$ci.ub)))
  })
}

# Richardson-extrapolated Hessian of f at p (central differences at h and h/2).
hessian <- function(f, p, h = 1e-3) {
  d <- length(p)
  one <- function(h) {
    M <- matrix(0, d, d)
    for (i in 1:d) for (j in 1:d) {
      ei <- replace(numeric(d), i, h)
      ej <- replace(numeric(d), j, h)
      M[i, j] <- (f(p + ei + ej) - f(p + ei - ej) - f(p - ei + ej) + f(p - ei - ej)) / (4 * h * h)
    }
    M
  }
  (4 * one(h / 2) - one(h)) / 3
}

glmm <- function(x, n, control) {
  safe({
    fit <- if (is.null(control)) rma.glmm(xi = x, ni = n, measure = "PLO")
           else rma.glmm(xi = x, ni = n, measure = "PLO", control = control)
    p <- predict(fit)
    out <- list(logit = c(fit$b), se = fit$se, ci = v(c(fit$ci.lb, fit$ci.ub)), tau2 = fit$tau2,
                pi = v(c(p$pi.lb, p$pi.ub)), i2 = fit$I2, wald = fit$QE.Wld, wald_p = fit$QEp.Wld,
                lrt = fit$QE.LRT, lrt_p = fit$QEp.LRT, vt = fit$vt)
    if (!is.null(control)) {
      # The SE from a Richardson-extrapolated Hessian of lme4's own deviance (nAGQ = 7)
      # at lme4's optimum, instead of lme4's single-step finite differences.
      study <- factor(seq_along(x))
      dev <- lme4::glmer(cbind(x, n - x) ~ 1 + (1 | study), family = binomial, nAGQ = 7,
                         control = do.call(lme4::glmerControl, control$glmerCtrl), devFunOnly = TRUE)
      se <- try({
        H <- hessian(dev, c(sqrt(fit$tau2), c(fit$b)))
        sqrt(solve(H / 2)[2, 2])
      }, silent = TRUE)
      if (!inherits(se, "try-error") && is.finite(se)) {
        z <- qnorm(0.975)
        out$se_richardson <- se
        out$ci_richardson <- v(c(fit$b) + c(-1, 1) * z * se)
        out$pi_richardson <- v(c(fit$b) + c(-1, 1) * z * sqrt(se^2 + fit$tau2))
      }
    }
    out
  })
}

# An independent 7-node AGQ written out in R: conditional modes by vectorised Newton to
# 1e-14 (lme4's PIRLS stops at a relative change of the penalised deviance, which leaves
# the modes ~1e-4 off and shifts its deviance by ~1e-9), optimised by Newton's method
# from careful lme4's estimate, SE from a Richardson Hessian. It arbitrates where the engine and lme4
# differ by more than 1e-4 (tests/metafor_golden.rs: Lme4ModeTolerance).
gh <- lme4::GHrule(7)
agq_dev <- function(p, x, n) {
  tau <- abs(p[1]); mu <- p[2]
  # Safeguarded Newton: the root of g(u) = tau (x - n p) - u lies in [-tau (n - x), tau x].
  lo <- -tau * (n - x); hi <- tau * x; u <- pmin(pmax(0, lo), hi)
  for (it in 1:500) {
    pr <- plogis(mu + tau * u)
    g <- tau * (x - n * pr) - u
    lo <- ifelse(g > 0, u, lo); hi <- ifelse(g > 0, hi, u)
    nu <- u + g / (tau^2 * n * pr * (1 - pr) + 1)
    nu <- ifelse(nu > lo & nu < hi, nu, (lo + hi) / 2)
    done <- max(abs(nu - u))
    u <- nu
    if (done < 1e-14) break
  }
  pr <- plogis(mu + tau * u)
  sd <- 1 / sqrt(tau^2 * n * pr * (1 - pr) + 1)
  f <- function(uu) {
    eta <- mu + tau * uu
    lchoose(n, x) + x * plogis(eta, log.p = TRUE) + (n - x) * plogis(-eta, log.p = TRUE) - uu^2 / 2
  }
  f0 <- f(u)
  S <- 0
  for (j in 1:7) S <- S + gh[j, "w"] * exp(f(u + sd * gh[j, "z"]) - f0 + gh[j, "z"]^2 / 2)
  -2 * sum(f0 + log(sd) + log(S))
}

agq_exact <- function(x, n, careful) {
  safe({
    if (!is.null(careful$error)) stop("no careful lme4 fit to start from")
    f <- function(p) agq_dev(p, x, n)
    # Newton's method with central-difference gradient and Richardson Hessian (BFGS with
    # numerical gradients stalls where the likelihood is flat in tau).
    p <- c(sqrt(careful$tau2), careful$logit)
    for (it in 1:50) {
      h <- 1e-6
      g <- c((f(p + c(h, 0)) - f(p - c(h, 0))) / (2 * h), (f(p + c(0, h)) - f(p - c(0, h))) / (2 * h))
      H <- hessian(f, p)
      step <- try(solve(H, g), silent = TRUE)
      if (inherits(step, "try-error") || any(!is.finite(step))) break
      t <- 1
      while (t > 1e-8 && !(f(p - t * step) <= f(p) + 1e-12)) t <- t / 2
      p <- p - t * step
      if (max(abs(t * step)) < 1e-10) break
    }
    o <- list(par = p, value = f(p))
    tau <- abs(o$par[1]); mu <- o$par[2]
    H <- hessian(f, c(tau, mu))
    se <- if (tau < 1e-6) sqrt(2 / H[2, 2]) else sqrt(solve(H / 2)[2, 2])
    z <- qnorm(0.975)
    vt <- careful$vt
    list(logit = mu, tau2 = tau^2, se = se, ci = v(mu + c(-1, 1) * z * se),
         pi = v(mu + c(-1, 1) * z * sqrt(se^2 + tau^2)), i2 = 100 * tau^2 / (vt + tau^2),
         deviance = o$value, deviance_at_lme4 = f(c(sqrt(careful$tau2), careful$logit)))
  })
}

# The two binomial GLMs behind metafor's heterogeneity tests, checked: metafor's Wald test
# is t(b) V^-1 b over the treatment-coded study effects, which loses its precision when
# V is ill-conditioned (the first study at 0% or 100%); its invariant form is
# sum w (eta - weighted mean eta)^2 with the saturated glm's own weights. And glm()'s
# IRLS for the common-proportion model can diverge (an intercept of -1e14), so the exact
# common-proportion log-likelihood is recorded beside it.
glm_check <- function(x, n) {
  safe({
    study <- factor(seq_along(x))
    X.QE <- model.matrix(~ 1 + study)
    sat <- glm(cbind(x, n - x) ~ -1 + X.QE, family = binomial)
    fe <- glm(cbind(x, n - x) ~ 1, family = binomial)
    V <- vcov(sat)[-1, -1, drop = FALSE]
    eta <- sat$linear.predictors
    w <- sat$weights
    list(wald_kappa = kappa(V), wald_invariant = sum(w * (eta - sum(w * eta) / sum(w))^2),
         fe_logit = unname(coef(fe)[1]), common_logit = qlogis(sum(x) / sum(n)),
         lrt_exact = 2 * (c(logLik(sat)) - sum(dbinom(x, n, sum(x) / sum(n), log = TRUE))))
  })
}

analyse <- function(set) {
  x <- set$x
  n <- set$n
  k <- length(x)
  # cumul's order: by N, ties by position (a stable, reproducible order).
  order <- rank(n, ties.method = "first")
  r <- list(name = set$name, events = v(x), n = v(n),
            reml = iv(x, n, "REML", "z"), dl = iv(x, n, "DL", "z"),
            reml_hk = iv(x, n, "REML", "knha"), dl_hk = iv(x, n, "DL", "knha"))
  if (k >= 2) {
    r$confint_reml <- qp(x, n, "REML")
    r$confint_dl <- qp(x, n, "DL")
    r$influence_reml <- infl(x, n, "REML", "z")
    r$influence_dl <- infl(x, n, "DL", "z")
    r$influence_reml_hk <- infl(x, n, "REML", "knha")
    r$baujat_reml <- bau(x, n, "REML")
    r$glmm <- glmm(x, n, NULL)
    r$glmm_tight <- glmm(x, n, tight)
    r$glm_check <- glm_check(x, n)
    r$agq_exact <- agq_exact(x, n, r$glmm_tight)
  }
  r$cumul_reml <- cum(x, n, "REML", "z", order)
  r$cumul_dl_hk <- cum(x, n, "DL", "knha", order)
  if (k >= 3) {
    r$egger <- reg(x, n, "sei", "REML", "z")
    r$peters <- reg(x, n, "ninv", "REML", "z")
    r$peters_dl_hk <- reg(x, n, "ninv", "DL", "knha")
  }
  r
}

sets <- lapply(seq_len(sets_wanted), generate)
data(dat.pritz1997, package = "metadat")
data(dat.debruin2009, package = "metadat")
sets[[length(sets) + 1]] <- list(name = "metafor-dat.pritz1997", x = dat.pritz1997$xi, n = dat.pritz1997$ni)
sets[[length(sets) + 1]] <- list(name = "metafor-dat.debruin2009", x = dat.debruin2009$xi, n = dat.debruin2009$ni)

results <- lapply(sets, analyse)
meta <- list(r = paste(R.version$major, R.version$minor, sep = "."),
             metafor = as.character(packageVersion("metafor")),
             lme4 = as.character(packageVersion("lme4")),
             sets = length(results))
writeLines(toJSON(list(meta = meta, sets = results), auto_unbox = TRUE, digits = NA,
                  na = "null", null = "null"), out)
cat("wrote", length(results), "sets to", out, "\n")
