//! Scales (linear, log10) and "nice" ticks: round numbers that cover the data.

/// Maps a domain interval onto a range interval, linearly.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinearScale {
    pub domain: (f64, f64),
    pub range: (f64, f64),
}

impl LinearScale {
    pub fn map(&self, x: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        if d1 == d0 {
            return (r0 + r1) / 2.0;
        }
        r0 + (x - d0) / (d1 - d0) * (r1 - r0)
    }
}

/// Maps a positive domain onto a range on a log10 scale.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LogScale {
    pub domain: (f64, f64),
    pub range: (f64, f64),
}

impl LogScale {
    pub fn map(&self, x: f64) -> f64 {
        LinearScale {
            domain: (self.domain.0.log10(), self.domain.1.log10()),
            range: self.range,
        }
        .map(x.max(f64::MIN_POSITIVE).log10())
    }
}

/// A "nice" step (1, 2 or 5 × 10^k) close to `span / target` (Heckbert's nice numbers).
pub fn nice_step(span: f64, target: usize) -> f64 {
    if !span.is_finite() || span <= 0.0 || target == 0 {
        return 1.0;
    }
    let raw = span / target as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let fraction = raw / magnitude;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

/// Nice bounds and ticks covering `[min, max]` with about `target` intervals.
pub fn nice_ticks(min: f64, max: f64, target: usize) -> (f64, f64, Vec<f64>) {
    let (min, max) = if min <= max { (min, max) } else { (max, min) };
    let (min, max) = if min == max {
        (min - 0.5, max + 0.5)
    } else {
        (min, max)
    };
    let step = nice_step(max - min, target);
    let low = (min / step).floor() * step;
    let high = (max / step).ceil() * step;
    let count = ((high - low) / step).round() as usize;
    let ticks = (0..=count)
        .map(|i| {
            let t = low + i as f64 * step;
            // Clean floating noise (0.30000000000000004 -> 0.3).
            (t / step).round() * step
        })
        .map(|t| (t * 1e12).round() / 1e12)
        .collect();
    (low, high, ticks)
}

/// Axis bounds for proportions that fit every interval end given, on nice ticks, never
/// beyond 0–1 (a CI that touches 0 or 1 gets an axis ending there).
pub fn proportion_axis(values: &[f64]) -> (f64, f64, Vec<f64>) {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if finite.is_empty() {
        return (0.0, 1.0, vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
    }
    let min = finite
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min)
        .max(0.0);
    let max = finite
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max)
        .min(1.0);
    let (low, high, ticks) = nice_ticks(min, max, 5);
    let (low, high) = (low.max(0.0), high.min(1.0));
    let ticks = ticks
        .into_iter()
        .filter(|t| *t >= low - 1e-12 && *t <= high + 1e-12)
        .collect();
    (low, high, ticks)
}

/// Decades covering `[min, max]` (both > 0): 10^floor(log min) … 10^ceil(log max).
pub fn log_ticks(min: f64, max: f64) -> Vec<f64> {
    if !min.is_finite() || !max.is_finite() || min <= 0.0 || max <= 0.0 {
        return Vec::new();
    }
    let (min, max) = if min <= max { (min, max) } else { (max, min) };
    let low = min.log10().floor() as i32;
    let high = (max.log10().ceil() as i32).max(low + 1);
    (low..=high).map(|e| 10f64.powi(e)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_ticks_across_ten_to_the_five_to_nine() {
        assert_eq!(log_ticks(1e5, 1e9), vec![1e5, 1e6, 1e7, 1e8, 1e9]);
        assert_eq!(log_ticks(3e5, 2.5e6), vec![1e5, 1e6, 1e7]);
        assert_eq!(
            log_ticks(1e6, 1e6),
            vec![1e6, 1e7],
            "one value still gets an axis"
        );
        assert!(log_ticks(0.0, 1e6).is_empty() && log_ticks(f64::NAN, 1.0).is_empty());
        let scale = LogScale {
            domain: (1e5, 1e9),
            range: (0.0, 400.0),
        };
        assert_eq!(scale.map(1e7), 200.0);
    }

    #[test]
    fn nice_ticks_are_round_and_cover_the_data() {
        // Span 0.657 over 5 intervals: a raw step of 0.131 rounds up to the nice step 0.2.
        let (low, high, ticks) = nice_ticks(0.213, 0.87, 5);
        assert_eq!((low, high), (0.2, 1.0));
        assert_eq!(ticks, vec![0.2, 0.4, 0.6, 0.8, 1.0]);
        let (low, high, ticks) = nice_ticks(0.213, 0.87, 10);
        assert_eq!(
            (low, high, ticks.len()),
            (0.2, 0.9, 8),
            "more intervals: step 0.1"
        );
        assert!(
            nice_ticks(3.0, 3.0, 4).2.len() >= 2,
            "a single value still gets an axis"
        );
        assert_eq!(nice_step(100.0, 5), 20.0);
        assert_eq!(nice_step(0.0, 5), 1.0);
    }

    #[test]
    fn proportion_axes_fit_every_interval_and_stay_within_0_and_1() {
        let (low, high, ticks) = proportion_axis(&[0.0, 0.31, 0.45]);
        assert_eq!(low, 0.0, "a CI touching 0");
        assert!(high >= 0.45 && ticks.first() == Some(&0.0));
        let (low, high, _) = proportion_axis(&[0.62, 1.0]);
        assert!(low <= 0.62);
        assert_eq!(high, 1.0, "a CI touching 1");
        assert_eq!(proportion_axis(&[]).0, 0.0);
        assert_eq!(proportion_axis(&[f64::NAN]).1, 1.0);
    }

    #[test]
    fn linear_scales() {
        let s = LinearScale {
            domain: (0.0, 1.0),
            range: (100.0, 500.0),
        };
        assert_eq!(s.map(0.5), 300.0);
        assert_eq!(
            LinearScale {
                domain: (2.0, 2.0),
                range: (0.0, 10.0)
            }
            .map(2.0),
            5.0
        );
    }
}
