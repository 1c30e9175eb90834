//! Conditions on a dataset's rows (`sample=questionnaire`, `depression>=20`): the analysis
//! sample of a model (Stata's `if`, R's `subset =`), and the rows a listing keeps.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::data::{Column, Dataset, MISSING, Values};
use crate::{Error, Result};

/// A comparison between a value and the one a condition gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub enum Cmp {
    /// `=`
    #[serde(rename = "=")]
    Eq,
    /// `!=`
    #[serde(rename = "!=")]
    Ne,
    /// `<`
    #[serde(rename = "<")]
    Lt,
    /// `<=`
    #[serde(rename = "<=")]
    Le,
    /// `>`
    #[serde(rename = ">")]
    Gt,
    /// `>=`
    #[serde(rename = ">=")]
    Ge,
}

impl Cmp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            Cmp::Eq => "=",
            Cmp::Ne => "!=",
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Gt => ">",
            Cmp::Ge => ">=",
        }
    }

    /// Whether the operator orders values (`<`, `<=`, `>`, `>=`) rather than matching them.
    pub fn orders(self) -> bool {
        !matches!(self, Cmp::Eq | Cmp::Ne)
    }

    /// Whether a value that compares `ordering` to the condition's value passes.
    pub fn holds(self, ordering: Ordering) -> bool {
        match self {
            Cmp::Eq => ordering == Ordering::Equal,
            Cmp::Ne => ordering != Ordering::Equal,
            Cmp::Lt => ordering == Ordering::Less,
            Cmp::Le => ordering != Ordering::Greater,
            Cmp::Gt => ordering == Ordering::Greater,
            Cmp::Ge => ordering != Ordering::Less,
        }
    }

    /// Split `key OP value` at its first operator: `depression>=20` → (`depression`, `>=`,
    /// `20`). The key and value are trimmed; `None` when there is no operator.
    pub fn split(s: &str) -> Option<(&str, Cmp, &str)> {
        let at = s.find(['=', '<', '>', '!'])?;
        let rest = &s[at..];
        let (op, len) = if rest.starts_with(">=") {
            (Cmp::Ge, 2)
        } else if rest.starts_with("<=") {
            (Cmp::Le, 2)
        } else if rest.starts_with("!=") {
            (Cmp::Ne, 2)
        } else if rest.starts_with('>') {
            (Cmp::Gt, 1)
        } else if rest.starts_with('<') {
            (Cmp::Lt, 1)
        } else if rest.starts_with('=') {
            (Cmp::Eq, 1)
        } else {
            return None;
        };
        Some((s[..at].trim(), op, s[at + len..].trim()))
    }
}

/// A condition on one column: `sample=questionnaire`, `depression>=20`, `migration!=none`.
///
/// A row missing the column fails every condition on it. Numeric columns compare as numbers
/// (`=` included, so `grade=7` matches `7.0`); categorical columns take `=` and `!=` only, and
/// compare the level as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Condition {
    /// The column.
    pub column: String,
    /// How the row's value must compare.
    pub op: Cmp,
    /// The value compared with.
    pub value: String,
}

impl Condition {
    /// Parse `column OP value`, with OP one of `=`, `!=`, `<`, `<=`, `>`, `>=`.
    pub fn parse(s: &str) -> Result<Condition> {
        let (column, op, value) = Cmp::split(s).ok_or_else(|| {
            Error::invalid(format!(
                "condition `{s}` needs the form column=value or column>=number, e.g. sample=questionnaire"
            ))
        })?;
        if column.is_empty() {
            return Err(Error::invalid(format!(
                "condition `{s}` has no column name before `{}`",
                op.as_str()
            )));
        }
        Ok(Condition {
            column: column.to_string(),
            op,
            value: value.to_string(),
        })
    }
}

impl std::fmt::Display for Condition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}{}", self.column, self.op.as_str(), self.value)
    }
}

/// Which rows of one column pass one condition.
fn passes(data: &Dataset, column: &Column, c: &Condition) -> Result<Vec<bool>> {
    match &column.values {
        Values::Numeric(x) => {
            let v: f64 = c.value.parse().ok().filter(|v: &f64| v.is_finite()).ok_or_else(|| {
                Error::invalid(format!(
                    "condition `{c}`: `{}` in {} is numeric, and `{}` is not a number",
                    c.column,
                    data.name(),
                    c.value
                ))
            })?;
            Ok(x.iter()
                .map(|x| !x.is_nan() && c.op.holds(x.total_cmp(&v)))
                .collect())
        }
        Values::Categorical { levels, codes } => {
            if c.op.orders() {
                return Err(Error::invalid(format!(
                    "condition `{c}`: `{}` in {} is categorical, so it takes = or != only",
                    c.column,
                    data.name()
                )));
            }
            let level = levels.iter().position(|l| *l == c.value);
            Ok(codes
                .iter()
                .map(|&k| k != MISSING && c.op.holds(if Some(k as usize) == level { Ordering::Equal } else { Ordering::Less }))
                .collect())
        }
    }
}

impl Dataset {
    /// Which rows pass every condition. Conditions on different columns must all hold; `=`
    /// conditions repeated on one column are alternatives (`migration=mother`,
    /// `migration=both` keeps either), as attribute filters are.
    pub fn rows_where(&self, conditions: &[Condition]) -> Result<Vec<bool>> {
        let mut keep = vec![true; self.n_rows()];
        let mut either: Vec<(&str, Vec<bool>)> = Vec::new();
        for c in conditions {
            let column = self.column(&c.column)?;
            let ok = passes(self, column, c)?;
            if c.op == Cmp::Eq {
                match either.iter_mut().find(|(name, _)| *name == c.column) {
                    Some((_, any)) => any.iter_mut().zip(&ok).for_each(|(a, o)| *a |= o),
                    None => either.push((&c.column, ok)),
                }
            } else {
                keep.iter_mut().zip(&ok).for_each(|(k, o)| *k &= o);
            }
        }
        for (_, any) in either {
            keep.iter_mut().zip(&any).for_each(|(k, o)| *k &= o);
        }
        Ok(keep)
    }

    /// The rows that pass every condition (see [`Dataset::rows_where`]), as a new dataset
    /// with the same columns, labels and name; without conditions, this dataset itself.
    pub fn subset(&self, conditions: &[Condition]) -> Result<std::borrow::Cow<'_, Dataset>> {
        if conditions.is_empty() {
            return Ok(std::borrow::Cow::Borrowed(self));
        }
        let keep = self.rows_where(conditions)?;
        Ok(std::borrow::Cow::Owned(self.keep_rows(&keep)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ColumnValues, Dataset};

    fn data() -> Dataset {
        Dataset::from_columns(
            "t.csv",
            vec![
                ("x".into(), ColumnValues::Numeric(vec![1.0, 2.0, f64::NAN, 4.0])),
                (
                    "g".into(),
                    ColumnValues::Categorical(vec![Some("a".into()), Some("b".into()), Some("a".into()), None]),
                ),
            ],
        )
        .unwrap()
    }

    #[test]
    fn operators_split_at_the_first() {
        assert_eq!(Cmp::split("depression>=20"), Some(("depression", Cmp::Ge, "20")));
        assert_eq!(Cmp::split(" a != b "), Some(("a", Cmp::Ne, "b")));
        assert_eq!(Cmp::split("a<b=c"), Some(("a", Cmp::Lt, "b=c")));
        assert_eq!(Cmp::split("ab"), None);
    }

    #[test]
    fn rows_pass_by_number_level_and_missing() {
        let d = data();
        let c = |s: &str| Condition::parse(s).unwrap();
        assert_eq!(d.rows_where(&[c("x>=2")]).unwrap(), [false, true, false, true]);
        assert_eq!(d.rows_where(&[c("x=2.0")]).unwrap(), [false, true, false, false]);
        assert_eq!(d.rows_where(&[c("g!=b")]).unwrap(), [true, false, true, false]);
        assert_eq!(d.rows_where(&[c("g=a"), c("g=b"), c("x<4")]).unwrap(), [true, true, false, false]);
        assert_eq!(d.subset(&[c("g=a")]).unwrap().n_rows(), 2);
        let err = d.rows_where(&[c("g>a")]).unwrap_err().to_string();
        assert!(err.contains("categorical, so it takes = or != only"), "{err}");
        let err = d.rows_where(&[c("x>lots")]).unwrap_err().to_string();
        assert!(err.contains("`lots` is not a number"), "{err}");
        assert!(Condition::parse("=3").is_err() && Condition::parse("x").is_err());
    }
}
