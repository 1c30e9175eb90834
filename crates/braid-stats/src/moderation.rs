//! Probing an interaction: simple slopes, the Johnson–Neyman interval and an interaction
//! plot.
//!
//! The focal effect at moderator value `m` is a linear combination of the coefficients:
//! the difference between two prediction rows (focal level vs the reference level, or focal
//! value 1 vs 0 for a numeric focal variable) with the moderator at `m` and every other
//! variable at its sample mean or reference level. Its variance comes from the fit's
//! covariance, robust if the fit was.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::design::{Frame, Setting, VarKind};
use crate::dist::{t_p, t_quantile};
use crate::ols::OlsFit;
use crate::{Error, Result};

/// Which effect to probe, and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ModerationSpec {
    /// The focal variable: a categorical one (with [`ModerationSpec::level`]) or a numeric one.
    pub focal: String,
    /// The focal level, compared with the reference level, e.g. `mother`. Required when the
    /// focal variable is categorical.
    pub level: Option<String>,
    /// The moderator: a numeric variable of the model.
    pub moderator: String,
    /// Moderator values for the simple slopes. Empty means the mean and ±1 SD over the
    /// estimation sample.
    pub at: Vec<f64>,
    /// Significance level of the Johnson–Neyman interval (default 0.05).
    pub alpha: f64,
}

impl Default for ModerationSpec {
    fn default() -> Self {
        ModerationSpec {
            focal: String::new(),
            level: None,
            moderator: String::new(),
            at: Vec::new(),
            alpha: 0.05,
        }
    }
}

/// The focal effect at one moderator value.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SimpleSlope {
    /// `-1 SD`, `Mean`, `+1 SD`, or empty for a value the caller gave.
    pub label: String,
    /// Moderator value.
    pub at: f64,
    /// The focal effect (difference from the reference level, or slope of a numeric focal).
    pub slope: f64,
    /// Its standard error.
    pub se: f64,
    /// t statistic.
    pub t: f64,
    /// Two-sided p-value (t with the residual df).
    pub p: f64,
    /// Lower end of the 95% confidence interval.
    pub ci_low: f64,
    /// Upper end of the 95% confidence interval.
    pub ci_high: f64,
    /// Significance stars of `p`.
    pub stars: String,
    /// The slope as a paper prints it: `6.563*** (1.781)`.
    pub text: String,
}

/// Where the focal effect is significant, relative to the bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Significance {
    /// Between the two bounds.
    Inside,
    /// Below the lower and above the upper bound.
    Outside,
    /// Above the single bound.
    Above,
    /// Below the single bound.
    Below,
    /// At every moderator value.
    Everywhere,
    /// At no moderator value.
    Nowhere,
}

/// An interval of moderator values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
pub struct Region {
    /// Lower end.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

/// The Johnson–Neyman interval: moderator values where the focal effect is significant.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct JohnsonNeyman {
    /// Significance level.
    pub alpha: f64,
    /// Critical t value, `t(1 - alpha/2, df_resid)`.
    pub t_crit: f64,
    /// Moderator values where the effect is exactly significant (`|t| = t_crit`), ascending;
    /// not clipped.
    pub bounds: Vec<f64>,
    /// Where, relative to `bounds`, the effect is significant.
    pub significant: Significance,
    /// Observed range of the moderator in the estimation sample.
    pub range: Region,
    /// The moderator values inside `range` where the effect is significant.
    pub regions: Vec<Region>,
}

/// Simple slopes and the Johnson–Neyman interval of one focal effect.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Moderation {
    /// The effect probed, e.g. `migration[mother]` or `belonging`.
    pub focal: String,
    /// The moderator.
    pub moderator: String,
    /// Moderator mean over the estimation sample.
    pub mean: f64,
    /// Moderator standard deviation over the estimation sample.
    pub sd: f64,
    /// The focal effect at each requested moderator value.
    pub slopes: Vec<SimpleSlope>,
    /// Where the focal effect is significant.
    pub johnson_neyman: JohnsonNeyman,
    /// The Johnson–Neyman result in a sentence (see [`crate::jn_sentence`]).
    pub sentence: String,
    /// The Johnson–Neyman result in a few words (see [`crate::jn_short`]).
    pub summary: String,
}

/// The resolved spec: profiles for the two prediction rows whose difference is the effect.
struct Probe {
    frame: Frame,
    focal: usize,
    /// Focal settings of the two rows: (effect, baseline).
    pair: (Setting, Setting),
    focal_name: String,
    moderator: usize,
    mean: f64,
    sd: f64,
    min: f64,
    max: f64,
}

impl Probe {
    fn new(fit: &OlsFit, spec: &ModerationSpec) -> Result<Probe> {
        let frame = fit.model.frame();
        let find = |name: &str, role: &str| {
            frame.var(name).ok_or_else(|| {
                Error::invalid(format!(
                    "the {role} `{name}` is not a variable of `{}`; its variables are {}",
                    fit.formula,
                    frame
                        .vars
                        .iter()
                        .map(|v| v.display.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })
        };
        let focal = find(&spec.focal, "focal variable")?;
        let moderator = find(&spec.moderator, "moderator")?;
        if focal == moderator {
            return Err(Error::invalid(
                "the focal variable and the moderator must differ",
            ));
        }
        let (pair, focal_name) = match (&frame.vars[focal].kind, &spec.level) {
            (
                VarKind::Factor {
                    levels, reference, ..
                },
                Some(level),
            ) => {
                let l = levels.iter().position(|x| x == level).ok_or_else(|| {
                    Error::invalid(format!(
                        "`{level}` is not a level of `{}` in the estimation sample; its levels are {}",
                        spec.focal,
                        levels.join(", ")
                    ))
                })?;
                if l == *reference {
                    return Err(Error::invalid(format!(
                        "`{level}` is the reference level of `{}`; choose another level to compare with it",
                        spec.focal
                    )));
                }
                (
                    (Setting::Level(l), Setting::Level(*reference)),
                    format!("{}[{level}]", frame.vars[focal].display),
                )
            }
            (
                VarKind::Factor {
                    levels, reference, ..
                },
                None,
            ) => {
                return Err(Error::invalid(format!(
                    "`{}` is categorical: say which level to compare with the reference `{}` (one of {})",
                    spec.focal,
                    levels[*reference],
                    levels.join(", ")
                )));
            }
            (VarKind::Numeric { .. }, _) => (
                (Setting::Value(1.0), Setting::Value(0.0)),
                frame.vars[focal].display.clone(),
            ),
        };
        let VarKind::Numeric {
            mean, sd, min, max, ..
        } = frame.vars[moderator].kind
        else {
            return Err(Error::invalid(format!(
                "the moderator `{}` is categorical; probing needs a numeric moderator",
                spec.moderator
            )));
        };
        Ok(Probe {
            frame,
            focal,
            pair,
            focal_name,
            moderator,
            mean,
            sd,
            min,
            max,
        })
    }

    /// Prediction row with the focal variable at `focal` and the moderator at `m`.
    fn row(&self, focal: Setting, m: f64) -> Vec<f64> {
        let mut s = self.frame.typical();
        s[self.focal] = focal;
        s[self.moderator] = Setting::Value(m);
        self.frame.row(&s)
    }

    /// The contrast vector of the focal effect at `m`.
    fn contrast(&self, m: f64) -> Vec<f64> {
        let a = self.row(self.pair.0, m);
        let b = self.row(self.pair.1, m);
        a.iter().zip(&b).map(|(x, y)| x - y).collect()
    }
}

/// Simple slopes of a focal effect at moderator values, and its Johnson–Neyman interval.
pub fn probe_moderation(fit: &OlsFit, spec: &ModerationSpec) -> Result<Moderation> {
    if !(spec.alpha > 0.0 && spec.alpha < 1.0) {
        return Err(Error::invalid(format!(
            "alpha must be between 0 and 1, not {}",
            spec.alpha
        )));
    }
    let probe = Probe::new(fit, spec)?;
    let model = &fit.model;
    let df = fit.df_resid as f64;
    let tq = t_quantile(0.975, df);
    // A centred or scaled moderator is probed in the model's units and reported in its
    // column's own, as the reader knows it.
    let var = &fit.model.vars[probe.moderator];
    let points: Vec<(String, f64)> = if spec.at.is_empty() {
        vec![
            ("-1 SD".into(), probe.mean - probe.sd),
            ("Mean".into(), probe.mean),
            ("+1 SD".into(), probe.mean + probe.sd),
        ]
    } else {
        spec.at
            .iter()
            .map(|&m| (String::new(), var.to_model(m)))
            .collect()
    };
    let slopes = points
        .into_iter()
        .map(|(label, at)| {
            let (slope, se) = model.combine(&probe.contrast(at));
            let t = slope / se;
            let p = t_p(t, df);
            SimpleSlope {
                label,
                at: var.to_column(at),
                slope,
                se,
                t,
                p,
                ci_low: slope - tq * se,
                ci_high: slope + tq * se,
                stars: crate::format::stars(p).to_string(),
                text: crate::format::cell(slope, se, crate::format::stars(p), 3),
            }
        })
        .collect();

    // The effect is linear in m: L(m) = L0 + m L1, so est(m) = a + b m and
    // var(m) = v00 + 2 m v01 + m² v11. It is significant where
    // (a + b m)² - t² var(m) > 0, a quadratic A m² + B m + C > 0.
    let l0 = probe.contrast(0.0);
    let l1: Vec<f64> = probe
        .contrast(1.0)
        .iter()
        .zip(&l0)
        .map(|(x, y)| x - y)
        .collect();
    let a = model.combine(&l0).0;
    let b = model.combine(&l1).0;
    let v00 = model.covariance(&l0, &l0);
    let v01 = model.covariance(&l0, &l1);
    let v11 = model.covariance(&l1, &l1);
    let t_crit = t_quantile(1.0 - spec.alpha / 2.0, df);
    let t2 = t_crit * t_crit;
    let quad = [b * b - t2 * v11, 2.0 * (a * b - t2 * v01), a * a - t2 * v00];
    let (bounds, significant) = solve_jn(quad);
    let range = Region {
        low: probe.min,
        high: probe.max,
    };
    let regions = clip(&bounds, significant, range);
    let column = |r: Region| Region {
        low: var.to_column(r.low),
        high: var.to_column(r.high),
    };
    let johnson_neyman = JohnsonNeyman {
        alpha: spec.alpha,
        t_crit,
        bounds: bounds.iter().map(|&b| var.to_column(b)).collect(),
        significant,
        range: column(range),
        regions: regions.into_iter().map(column).collect(),
    };
    // Values are on the column's scale, so the moderator is named by its column.
    let moderator = if var.affine.is_some() {
        var.column.clone()
    } else {
        var.display.clone()
    };
    let sd_scale = var.affine.map_or(1.0, |(_, div)| div);
    Ok(Moderation {
        sentence: jn_sentence(&probe.focal_name, &moderator, &johnson_neyman, 2),
        summary: jn_short(&moderator, &johnson_neyman, 2),
        focal: probe.focal_name,
        moderator,
        mean: var.to_column(probe.mean),
        sd: probe.sd * sd_scale,
        slopes,
        johnson_neyman,
    })
}

/// Roots of `A m² + B m + C` and where the polynomial is positive.
fn solve_jn([qa, qb, qc]: [f64; 3]) -> (Vec<f64>, Significance) {
    if qa == 0.0 {
        if qb == 0.0 {
            return (
                Vec::new(),
                if qc > 0.0 {
                    Significance::Everywhere
                } else {
                    Significance::Nowhere
                },
            );
        }
        let root = -qc / qb;
        return (
            vec![root],
            if qb > 0.0 {
                Significance::Above
            } else {
                Significance::Below
            },
        );
    }
    let disc = qb * qb - 4.0 * qa * qc;
    if disc <= 0.0 {
        return (
            Vec::new(),
            if qa > 0.0 {
                Significance::Everywhere
            } else {
                Significance::Nowhere
            },
        );
    }
    // The numerically stable pair of roots.
    let s = disc.sqrt();
    let q = -0.5 * (qb + s.copysign(qb));
    let (r1, r2) = (q / qa, qc / q);
    let bounds = vec![r1.min(r2), r1.max(r2)];
    (
        bounds,
        if qa > 0.0 {
            Significance::Outside
        } else {
            Significance::Inside
        },
    )
}

fn clip(bounds: &[f64], sig: Significance, range: Region) -> Vec<Region> {
    let inf = f64::INFINITY;
    let raw: Vec<(f64, f64)> = match sig {
        Significance::Everywhere => vec![(-inf, inf)],
        Significance::Nowhere => Vec::new(),
        Significance::Inside => vec![(bounds[0], bounds[1])],
        Significance::Outside => vec![(-inf, bounds[0]), (bounds[1], inf)],
        Significance::Above => vec![(bounds[0], inf)],
        Significance::Below => vec![(-inf, bounds[0])],
    };
    raw.into_iter()
        .map(|(lo, hi)| Region {
            low: lo.max(range.low),
            high: hi.min(range.high),
        })
        .filter(|r| r.low < r.high)
        .collect()
}

/// Options of [`interaction_plot`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct PlotOptions {
    /// Width in pixels.
    pub width: f64,
    /// Height in pixels.
    pub height: f64,
    /// A title above the plot.
    pub title: Option<String>,
    /// X axis label; defaults to the moderator's name.
    pub x_label: Option<String>,
    /// Y axis label; defaults to "Predicted" and the outcome's name.
    pub y_label: Option<String>,
}

impl Default for PlotOptions {
    fn default() -> Self {
        PlotOptions {
            width: 640.0,
            height: 420.0,
            title: None,
            x_label: None,
            y_label: None,
        }
    }
}

/// One line of the plot: a focal group (or focal value) and its predictions.
struct Line {
    label: String,
    /// (moderator, prediction, low, high).
    points: Vec<(f64, f64, f64, f64)>,
}

/// Colours that stay distinguishable for colour-blind readers (Okabe & Ito).
const PALETTE: [&str; 8] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000",
];

/// An interaction plot as a self-contained SVG document: the predicted outcome against the
/// moderator over its observed range, one line per level of the focal factor (for a numeric
/// focal variable: its mean and ±1 SD), with 95% confidence bands. Other variables are held
/// at their sample means (numeric) or reference levels (categorical).
pub fn interaction_plot(
    fit: &OlsFit,
    spec: &ModerationSpec,
    options: &PlotOptions,
) -> Result<String> {
    let probe = Probe::new(fit, spec)?;
    let model = &fit.model;
    let tq = t_quantile(0.975, fit.df_resid as f64);
    let var = &fit.model.vars[probe.moderator];
    let groups: Vec<(String, Setting)> = match &probe.frame.vars[probe.focal].kind {
        VarKind::Factor {
            levels,
            reference,
            labels,
            ..
        } => {
            // The reference first, then the other levels in order.
            let mut order = vec![*reference];
            order.extend((0..levels.len()).filter(|l| l != reference));
            order
                .into_iter()
                .map(|l| {
                    let name = labels
                        .get(&levels[l])
                        .cloned()
                        .unwrap_or_else(|| levels[l].clone());
                    (name, Setting::Level(l))
                })
                .collect()
        }
        VarKind::Numeric { mean, sd, .. } => {
            let name = &probe.frame.vars[probe.focal].display;
            vec![
                (format!("{name} = mean - 1 SD"), Setting::Value(mean - sd)),
                (format!("{name} = mean"), Setting::Value(*mean)),
                (format!("{name} = mean + 1 SD"), Setting::Value(mean + sd)),
            ]
        }
    };
    const STEPS: usize = 60;
    let lines: Vec<Line> = groups
        .into_iter()
        .map(|(label, setting)| {
            let points = (0..=STEPS)
                .map(|i| {
                    let m = probe.min + (probe.max - probe.min) * i as f64 / STEPS as f64;
                    let (pred, se) = model.combine(&probe.row(setting, m));
                    // The axis shows the moderator on its column's own scale.
                    (var.to_column(m), pred, pred - tq * se, pred + tq * se)
                })
                .collect();
            Line { label, points }
        })
        .collect();
    let x_label = options
        .x_label
        .clone()
        .unwrap_or_else(|| var.column.clone());
    let y_label = options
        .y_label
        .clone()
        .unwrap_or_else(|| format!("Predicted {}", fit.model.response));
    Ok(render_svg(
        &lines,
        (var.to_column(probe.min), var.to_column(probe.max)),
        options,
        &x_label,
        &y_label,
    ))
}

fn render_svg(
    lines: &[Line],
    (x0, x1): (f64, f64),
    o: &PlotOptions,
    x_label: &str,
    y_label: &str,
) -> String {
    use std::fmt::Write;
    let (w, h) = (o.width, o.height);
    let top = if o.title.is_some() { 40.0 } else { 16.0 };
    let (left, right, bottom) = (64.0, 16.0 + 150.0, 56.0);
    let lo = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.2))
        .filter(|v| v.is_finite())
        .fold(f64::INFINITY, f64::min);
    let hi = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.3))
        .filter(|v| v.is_finite())
        .fold(f64::NEG_INFINITY, f64::max);
    let (y_ticks, y0, y1) = nice_ticks(lo, hi);
    let (x_ticks, _, _) = nice_ticks(x0, x1);
    let x_span = if x1 > x0 { x1 - x0 } else { 1.0 };
    let px = |x: f64| left + (x - x0) / x_span * (w - left - right);
    let py = |y: f64| top + (y1 - y) / (y1 - y0) * (h - top - bottom);
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(s, r#"<rect width="{w}" height="{h}" fill="white"/>"#);
    if let Some(title) = &o.title {
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="24" text-anchor="middle" font-size="15">{}</text>"#,
            w / 2.0,
            escape_xml(title)
        );
    }
    // Axes and ticks.
    let (ax0, ax1, ay0, ay1) = (left, w - right, top, h - bottom);
    let _ = writeln!(
        s,
        r##"<g stroke="#444" stroke-width="1"><line x1="{ax0}" y1="{ay1}" x2="{ax1}" y2="{ay1}"/><line x1="{ax0}" y1="{ay0}" x2="{ax0}" y2="{ay1}"/></g>"##
    );
    for t in x_ticks
        .iter()
        .filter(|&&t| t >= x0 - 1e-9 * x_span && t <= x1 + 1e-9 * x_span)
    {
        let x = px(*t);
        let _ = writeln!(
            s,
            r##"<line x1="{x:.1}" y1="{ay1}" x2="{x:.1}" y2="{:.1}" stroke="#444"/><text x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"##,
            ay1 + 5.0,
            ay1 + 18.0,
            fmt_tick(*t)
        );
    }
    for t in &y_ticks {
        let y = py(*t);
        let _ = writeln!(
            s,
            r##"<line x1="{ax0}" y1="{y:.1}" x2="{ax1}" y2="{y:.1}" stroke="#eee"/><line x1="{:.1}" y1="{y:.1}" x2="{ax0}" y2="{y:.1}" stroke="#444"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
            ax0 - 5.0,
            ax0 - 8.0,
            y + 4.0,
            fmt_tick(*t)
        );
    }
    let _ = writeln!(
        s,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
        (ax0 + ax1) / 2.0,
        h - 14.0,
        escape_xml(x_label)
    );
    let _ = writeln!(
        s,
        r#"<text transform="translate(16 {:.1}) rotate(-90)" text-anchor="middle">{}</text>"#,
        (ay0 + ay1) / 2.0,
        escape_xml(y_label)
    );
    // Bands, then lines on top, then the legend.
    for (i, line) in lines.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        let mut d = String::new();
        for (k, p) in line.points.iter().enumerate() {
            let _ = write!(
                d,
                "{}{:.2},{:.2} ",
                if k == 0 { "M" } else { "L" },
                px(p.0),
                py(p.3)
            );
        }
        for p in line.points.iter().rev() {
            let _ = write!(d, "L{:.2},{:.2} ", px(p.0), py(p.2));
        }
        let _ = writeln!(
            s,
            r#"<path d="{}Z" fill="{colour}" fill-opacity="0.15" stroke="none"/>"#,
            d
        );
    }
    for (i, line) in lines.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        let pts: Vec<String> = line
            .points
            .iter()
            .map(|p| format!("{:.2},{:.2}", px(p.0), py(p.1)))
            .collect();
        let _ = writeln!(
            s,
            r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2"/>"#,
            pts.join(" ")
        );
    }
    let lx = w - right + 16.0;
    for (i, line) in lines.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        let y = top + 10.0 + 20.0 * i as f64;
        let _ = writeln!(
            s,
            r#"<line x1="{lx:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="{colour}" stroke-width="2"/><text x="{:.1}" y="{:.1}">{}</text>"#,
            lx + 20.0,
            lx + 26.0,
            y + 4.0,
            escape_xml(&line.label)
        );
    }
    let y = top + 10.0 + 20.0 * lines.len() as f64;
    let _ = writeln!(
        s,
        r##"<text x="{lx:.1}" y="{:.1}" fill="#666" font-size="11">Bands: 95% CI</text>"##,
        y + 4.0
    );
    s.push_str("</svg>\n");
    s
}

/// Tick values at 1, 2 or 5 times a power of ten, and the axis limits they span.
fn nice_ticks(lo: f64, hi: f64) -> (Vec<f64>, f64, f64) {
    let (lo, hi) = if !(lo.is_finite() && hi.is_finite()) {
        (0.0, 1.0)
    } else if hi - lo <= f64::EPSILON * lo.abs().max(1.0) {
        (lo - 0.5, hi + 0.5)
    } else {
        (lo, hi)
    };
    let raw = (hi - lo) / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).floor();
    let last = (hi / step).ceil();
    let ticks: Vec<f64> = (0..=((last - first) as usize))
        .map(|i| (first + i as f64) * step)
        .collect();
    (ticks, first * step, last * step)
}

fn fmt_tick(x: f64) -> String {
    let r = (x * 1e9).round() / 1e9;
    if r == 0.0 { "0".into() } else { format!("{r}") }
}

/// Escapes text for XML content and attributes.
pub(crate) fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The significance level as papers print it: `p < .05`.
fn level(alpha: f64) -> String {
    let a = alpha.to_string();
    format!("p < {}", a.strip_prefix('0').unwrap_or(&a))
}

/// `1.00 to 2.50`.
fn range(r: &Region, digits: usize) -> String {
    format!(
        "{} to {}",
        crate::format::number(r.low, digits),
        crate::format::number(r.high, digits)
    )
}

/// The Johnson–Neyman result in a sentence, e.g. `The effect of migration[mother] is
/// significant (p < .05) when belonging is below 2.50; within the observed range 1.00 to 5.00,
/// that is 1.00 to 2.50.`
pub fn jn_sentence(focal: &str, moderator: &str, jn: &JohnsonNeyman, digits: usize) -> String {
    let level = level(jn.alpha);
    let bound = |i: usize| {
        jn.bounds
            .get(i)
            .map_or_else(|| "–".to_string(), |b| crate::format::number(*b, digits))
    };
    let place = match jn.significant {
        Significance::Everywhere => {
            return format!(
                "The effect of {focal} is significant ({level}) at every value of {moderator}."
            );
        }
        Significance::Nowhere => {
            return format!(
                "The effect of {focal} is not significant ({level}) at any value of {moderator}."
            );
        }
        Significance::Above => format!("when {moderator} is above {}", bound(0)),
        Significance::Below => format!("when {moderator} is below {}", bound(0)),
        Significance::Inside => {
            format!("when {moderator} is between {} and {}", bound(0), bound(1))
        }
        Significance::Outside => format!(
            "when {moderator} is below {} or above {}",
            bound(0),
            bound(1)
        ),
    };
    let observed = format!("the observed range {}", range(&jn.range, digits));
    let within = if jn.regions.is_empty() {
        format!("none of it within {observed}")
    } else {
        format!(
            "within {observed}, that is {}",
            jn.regions
                .iter()
                .map(|r| range(r, digits))
                .collect::<Vec<_>>()
                .join(" and ")
        )
    };
    format!("The effect of {focal} is significant ({level}) {place}; {within}.")
}

/// The Johnson–Neyman result in a few words, for a display cell: `significant (p < .05) for
/// best_friends in [1.00, 3.79] of [1.00, 5.00]`.
pub fn jn_short(moderator: &str, jn: &JohnsonNeyman, digits: usize) -> String {
    let span = |r: &Region| {
        format!(
            "[{}, {}]",
            crate::format::number(r.low, digits),
            crate::format::number(r.high, digits)
        )
    };
    let level = level(jn.alpha);
    if jn.regions.is_empty() {
        format!(
            "not significant ({level}) anywhere in the observed {moderator} {}",
            span(&jn.range)
        )
    } else {
        format!(
            "significant ({level}) for {moderator} in {} of {}",
            jn.regions
                .iter()
                .map(span)
                .collect::<Vec<_>>()
                .join(" and "),
            span(&jn.range)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quadratic_regions() {
        // (m - 1)(m - 3) > 0 outside [1, 3].
        assert_eq!(
            solve_jn([1.0, -4.0, 3.0]),
            (vec![1.0, 3.0], Significance::Outside)
        );
        assert_eq!(
            solve_jn([-1.0, 4.0, -3.0]),
            (vec![1.0, 3.0], Significance::Inside)
        );
        assert_eq!(
            solve_jn([1.0, 0.0, 1.0]),
            (vec![], Significance::Everywhere)
        );
        assert_eq!(solve_jn([-1.0, 0.0, -1.0]), (vec![], Significance::Nowhere));
        let range = Region {
            low: 0.0,
            high: 2.0,
        };
        assert_eq!(
            clip(&[1.0, 3.0], Significance::Outside, range),
            vec![Region {
                low: 0.0,
                high: 1.0
            }]
        );
        assert_eq!(
            clip(&[1.0, 3.0], Significance::Inside, range),
            vec![Region {
                low: 1.0,
                high: 2.0
            }]
        );
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(nice_ticks(1.0, 5.0).0, vec![1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(nice_ticks(3.2, 17.9).0, vec![0.0, 5.0, 10.0, 15.0, 20.0]);
    }

    fn jn(significant: Significance, bounds: &[f64], regions: &[(f64, f64)]) -> JohnsonNeyman {
        JohnsonNeyman {
            alpha: 0.05,
            t_crit: 1.96,
            bounds: bounds.to_vec(),
            significant,
            range: Region {
                low: 1.0,
                high: 5.0,
            },
            regions: regions
                .iter()
                .map(|&(low, high)| Region { low, high })
                .collect(),
        }
    }

    #[test]
    fn johnson_neyman_in_words() {
        assert_eq!(
            jn_sentence(
                "migration[mother]",
                "belonging",
                &jn(Significance::Below, &[2.5], &[(1.0, 2.5)]),
                2
            ),
            "The effect of migration[mother] is significant (p < .05) when belonging is below 2.50; within the observed range 1.00 to 5.00, that is 1.00 to 2.50."
        );
        assert_eq!(
            jn_sentence("x", "m", &jn(Significance::Outside, &[-9.0, 9.0], &[]), 2),
            "The effect of x is significant (p < .05) when m is below −9.00 or above 9.00; none of it within the observed range 1.00 to 5.00."
        );
        assert_eq!(
            jn_sentence("x", "m", &jn(Significance::Everywhere, &[], &[]), 2),
            "The effect of x is significant (p < .05) at every value of m."
        );
        assert_eq!(
            jn_sentence("x", "m", &jn(Significance::Nowhere, &[], &[]), 2),
            "The effect of x is not significant (p < .05) at any value of m."
        );
        assert_eq!(
            jn_short(
                "best_friends",
                &jn(Significance::Below, &[3.79], &[(1.0, 3.79)]),
                2
            ),
            "significant (p < .05) for best_friends in [1.00, 3.79] of [1.00, 5.00]"
        );
        assert_eq!(
            jn_short("m", &jn(Significance::Nowhere, &[], &[]), 2),
            "not significant (p < .05) anywhere in the observed m [1.00, 5.00]"
        );
    }
}
