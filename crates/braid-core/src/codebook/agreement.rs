//! Intercoder agreement between two coders. Pure: codings and turns in, statistics out.
//!
//! The unit is a speaker turn × code: each coder either applied the code somewhere in the turn
//! or did not. Per code and pooled over codes we report percent agreement, Cohen's κ and
//! Krippendorff's α (nominal). A character-level figure counts only text that at least one
//! coder coded with the code, so the mass of uncoded text never inflates agreement.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use ts_rs::TS;

/// A coding as agreement sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodedSpan<'a> {
    /// Document name.
    pub document: &'a str,
    /// Code path.
    pub code: &'a str,
    /// Which of the two coders: 0 or 1.
    pub coder: usize,
    /// Span start, code points.
    pub start: usize,
    /// Span end.
    pub end: usize,
}

/// A speaker turn as agreement sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TurnUnit<'a> {
    /// Document name.
    pub document: &'a str,
    /// Turn number in the document.
    pub ord: usize,
    /// Span start.
    pub start: usize,
    /// Span end.
    pub end: usize,
}

/// Agreement on one code, or pooled over all codes.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AgreementRow {
    /// The code path, or `(all codes)`.
    pub code: String,
    /// Turns either coder coded with it.
    pub coded_units: usize,
    /// Turns the first coder coded.
    pub a: usize,
    /// Turns the second coder coded.
    pub b: usize,
    /// Turns both coded.
    pub both: usize,
    /// Share of all turn × code units on which the coders agree.
    pub percent_agreement: f64,
    /// Cohen's κ; `null` when undefined (both coders constant).
    pub kappa: Option<f64>,
    /// Krippendorff's α, nominal; `null` when undefined.
    pub alpha: Option<f64>,
    /// Characters coded by both / characters coded by either.
    pub char_agreement: Option<f64>,
}

/// A turn × code on which the coders differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Disagreement {
    /// Document name.
    pub document: String,
    /// Turn number.
    pub turn: usize,
    /// The turn's span.
    pub start: usize,
    /// The turn's span end.
    pub end: usize,
    /// The code.
    pub code: String,
    /// The coder who applied it (the other did not).
    pub coded_by: String,
}

/// The full agreement report.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AgreementReport {
    /// The two coders.
    pub coders: [String; 2],
    /// Number of speaker turns (units per code).
    pub turns: usize,
    /// Pooled over all codes.
    pub overall: AgreementRow,
    /// One row per code that either coder used, in path order.
    pub codes: Vec<AgreementRow>,
    /// Every disagreement, to review.
    pub disagreements: Vec<Disagreement>,
}

/// Counts of a 2×2 presence table: (a only, b only, both, neither).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Table2 {
    /// First coder only.
    pub a_only: usize,
    /// Second coder only.
    pub b_only: usize,
    /// Both.
    pub both: usize,
    /// Neither.
    pub neither: usize,
}

impl Table2 {
    fn n(&self) -> usize {
        self.a_only + self.b_only + self.both + self.neither
    }

    /// Observed agreement.
    pub fn percent_agreement(&self) -> f64 {
        if self.n() == 0 { 1.0 } else { (self.both + self.neither) as f64 / self.n() as f64 }
    }

    /// Cohen's κ = (p_o − p_e) / (1 − p_e), with p_e from each coder's own marginals.
    pub fn kappa(&self) -> Option<f64> {
        let n = self.n() as f64;
        if n == 0.0 {
            return None;
        }
        let pa = (self.a_only + self.both) as f64 / n;
        let pb = (self.b_only + self.both) as f64 / n;
        let pe = pa * pb + (1.0 - pa) * (1.0 - pb);
        (pe < 1.0).then(|| (self.percent_agreement() - pe) / (1.0 - pe))
    }

    /// Krippendorff's α for two coders, nominal data, no missing values:
    /// α = 1 − (2N − 1) · d / (n₀ · n₁), with d the disagreeing units and n₀, n₁ the pooled value counts.
    pub fn alpha(&self) -> Option<f64> {
        let n_units = self.n() as f64;
        let d = (self.a_only + self.b_only) as f64;
        let n1 = (2 * self.both + self.a_only + self.b_only) as f64;
        let n0 = 2.0 * n_units - n1;
        (n0 * n1 > 0.0).then(|| 1.0 - (2.0 * n_units - 1.0) * d / (n0 * n1))
    }
}

fn overlaps(s: &CodedSpan<'_>, t: &TurnUnit<'_>) -> bool {
    s.document == t.document && s.start < t.end && t.start < s.end
}

/// Merge spans into disjoint intervals and return their total length.
fn covered(mut spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    spans.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (s, e) in spans {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

fn length(iv: &[(usize, usize)]) -> usize {
    iv.iter().map(|(s, e)| e - s).sum()
}

fn intersection_length(a: &[(usize, usize)], b: &[(usize, usize)]) -> usize {
    let (mut i, mut j, mut total) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let s = a[i].0.max(b[j].0);
        let e = a[i].1.min(b[j].1);
        if s < e {
            total += e - s;
        }
        if a[i].1 < b[j].1 { i += 1 } else { j += 1 }
    }
    total
}

/// Compute agreement between coder 0 and coder 1 over the given turns.
pub fn compute(coders: [&str; 2], turns: &[TurnUnit<'_>], spans: &[CodedSpan<'_>]) -> AgreementReport {
    let codes: BTreeSet<&str> = spans.iter().map(|s| s.code).collect();
    let mut by_doc: BTreeMap<&str, Vec<&CodedSpan<'_>>> = BTreeMap::new();
    for s in spans {
        by_doc.entry(s.document).or_default().push(s);
    }
    let mut rows = Vec::new();
    let mut disagreements = Vec::new();
    let mut pooled = Table2::default();
    let (mut pooled_both_chars, mut pooled_either_chars) = (0usize, 0usize);
    for code in &codes {
        let mut t = Table2::default();
        for turn in turns {
            let mut has = [false, false];
            for s in by_doc.get(turn.document).into_iter().flatten() {
                if s.code == *code && overlaps(s, turn) {
                    has[s.coder] = true;
                }
            }
            match has {
                [true, true] => t.both += 1,
                [true, false] => t.a_only += 1,
                [false, true] => t.b_only += 1,
                [false, false] => t.neither += 1,
            }
            if has[0] != has[1] {
                disagreements.push(Disagreement {
                    document: turn.document.to_string(),
                    turn: turn.ord,
                    start: turn.start,
                    end: turn.end,
                    code: code.to_string(),
                    coded_by: coders[usize::from(has[1])].to_string(),
                });
            }
        }
        let (mut both_chars, mut either_chars) = (0, 0);
        for doc_spans in by_doc.values() {
            let of = |c: usize| covered(doc_spans.iter().filter(|s| s.code == *code && s.coder == c).map(|s| (s.start, s.end)).collect());
            let (a, b) = (of(0), of(1));
            let inter = intersection_length(&a, &b);
            both_chars += inter;
            either_chars += length(&a) + length(&b) - inter;
        }
        pooled_both_chars += both_chars;
        pooled_either_chars += either_chars;
        pooled.a_only += t.a_only;
        pooled.b_only += t.b_only;
        pooled.both += t.both;
        pooled.neither += t.neither;
        rows.push(row(code, &t, both_chars, either_chars));
    }
    AgreementReport {
        coders: [coders[0].to_string(), coders[1].to_string()],
        turns: turns.len(),
        overall: row("(all codes)", &pooled, pooled_both_chars, pooled_either_chars),
        codes: rows,
        disagreements,
    }
}

fn row(code: &str, t: &Table2, both_chars: usize, either_chars: usize) -> AgreementRow {
    AgreementRow {
        code: code.to_string(),
        coded_units: t.a_only + t.b_only + t.both,
        a: t.a_only + t.both,
        b: t.b_only + t.both,
        both: t.both,
        percent_agreement: t.percent_agreement(),
        kappa: t.kappa(),
        alpha: t.alpha(),
        char_agreement: (either_chars > 0).then(|| both_chars as f64 / either_chars as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hand-worked: 10 units, a only 1, b only 2, both 3, neither 4.
    /// p_o = 7/10; p_a = 4/10, p_b = 5/10; p_e = .2 + .3 = .5; κ = (.7 − .5)/.5 = 0.4.
    /// α: N = 10, d = 3, n₁ = 2·3 + 3 = 9, n₀ = 11; α = 1 − 19·3/99 = 0.424242...
    #[test]
    fn hand_worked_two_by_two() {
        let t = Table2 { a_only: 1, b_only: 2, both: 3, neither: 4 };
        assert!((t.percent_agreement() - 0.7).abs() < 1e-12);
        assert!((t.kappa().unwrap() - 0.4).abs() < 1e-12);
        assert!((t.alpha().unwrap() - (1.0 - 57.0 / 99.0)).abs() < 1e-12);
        // Both coders constant: κ and α undefined.
        let t = Table2 { neither: 5, ..Default::default() };
        assert_eq!((t.kappa(), t.alpha()), (None, None));
    }

    #[test]
    fn units_are_turns_and_characters_count_only_coded_text() {
        let turns = [
            TurnUnit { document: "d", ord: 0, start: 0, end: 10 },
            TurnUnit { document: "d", ord: 1, start: 11, end: 30 },
            TurnUnit { document: "d", ord: 2, start: 31, end: 1000 },
        ];
        let spans = [
            CodedSpan { document: "d", code: "X", coder: 0, start: 2, end: 8 },
            CodedSpan { document: "d", code: "X", coder: 1, start: 4, end: 10 },
            CodedSpan { document: "d", code: "X", coder: 1, start: 12, end: 20 },
        ];
        let r = compute(["a", "b"], &turns, &spans);
        let x = &r.codes[0];
        assert_eq!((x.a, x.b, x.both, x.coded_units), (1, 2, 1, 2));
        // Chars: a = [2,8), b = [4,10) ∪ [12,20); both 4, either 6 + 14 - 4 = 16.
        assert_eq!(x.char_agreement, Some(0.25));
        assert_eq!(r.disagreements, [Disagreement { document: "d".into(), turn: 1, start: 11, end: 30, code: "X".into(), coded_by: "b".into() }]);
    }
}
