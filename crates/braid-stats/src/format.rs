//! How Braid words its numbers, in one place for every shell: significance stars, numbers
//! with a true minus sign, and the Johnson–Neyman result in words. The app shows these strings
//! as the core sends them rather than formatting the numbers again.

use crate::moderation::{JohnsonNeyman, Region, Significance};

/// Significance stars: `***` below .001, `**` below .01, `*` below .05; none otherwise or
/// when `p` is not a number.
pub fn stars(p: f64) -> &'static str {
    if p.is_nan() || p < 0.0 {
        ""
    } else if p < 0.001 {
        "***"
    } else if p < 0.01 {
        "**"
    } else if p < 0.05 {
        "*"
    } else {
        ""
    }
}

/// A number to `digits` places with a true minus sign (`−1.234`); `–` when it is not finite.
pub fn number(x: f64, digits: usize) -> String {
    if !x.is_finite() {
        return "–".to_string();
    }
    let s = format!("{x:.digits$}");
    match s.strip_prefix('-') {
        // A value that rounds to zero prints without a sign.
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
        Some(rest) => format!("−{rest}"),
        None => s,
    }
}

/// An estimate with its stars and standard error, as papers print a cell: `−3.244* (1.390)`.
pub fn cell(estimate: f64, se: f64, stars: &str, digits: usize) -> String {
    if !estimate.is_finite() {
        return "–".to_string();
    }
    let est = format!("{}{stars}", number(estimate, digits));
    if se.is_finite() {
        format!("{est} ({})", number(se, digits))
    } else {
        est
    }
}

/// The significance level as papers print it: `p < .05`.
fn level(alpha: f64) -> String {
    let a = alpha.to_string();
    format!("p < {}", a.strip_prefix('0').unwrap_or(&a))
}

/// `1.00 to 2.50`.
fn range(r: &Region, digits: usize) -> String {
    format!("{} to {}", number(r.low, digits), number(r.high, digits))
}

/// The Johnson–Neyman result in a sentence, e.g. `The effect of migration[mother] is
/// significant (p < .05) when belonging is below 2.50; within the observed range 1.00 to 5.00,
/// that is 1.00 to 2.50.`
pub fn jn_sentence(focal: &str, moderator: &str, jn: &JohnsonNeyman, digits: usize) -> String {
    let level = level(jn.alpha);
    let bound = |i: usize| {
        jn.bounds
            .get(i)
            .map_or_else(|| "–".to_string(), |b| number(*b, digits))
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
    let span = |r: &Region| format!("[{}, {}]", number(r.low, digits), number(r.high, digits));
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
    fn numbers_stars_and_cells() {
        assert_eq!(
            (
                number(-0.4613, 3),
                number(6.5633, 3),
                number(-0.0001, 2),
                number(f64::NAN, 3)
            ),
            ("−0.461".into(), "6.563".into(), "0.00".into(), "–".into())
        );
        assert_eq!(
            [
                stars(0.00025),
                stars(0.0063),
                stars(0.02),
                stars(0.76),
                stars(f64::NAN)
            ],
            ["***", "**", "*", "", ""]
        );
        assert_eq!(cell(-4.383, 1.5, "**", 3), "−4.383** (1.500)");
        assert_eq!(cell(f64::NAN, 1.5, "", 3), "–");
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
