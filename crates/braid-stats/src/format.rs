//! How Braid words its numbers, in one place for every shell: significance stars, numbers
//! with a true minus sign, and a coefficient as papers print it. (The Johnson–Neyman result in
//! words lives with the probe, in `moderation.rs`.) The app shows these strings
//! as the core sends them rather than formatting the numbers again.

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
