//! R model formulas: `y ~ a + b`, `a*b`, `a:b`, `(a + b)^2`, `- 1`, `0 +`, `factor(x)`.
//!
//! The parser turns the right-hand side into an ordered set of terms the way R's
//! `terms.formula` does: a term is a set of variables; repeated terms are merged; terms are
//! sorted by order (main effects, then two-way interactions, ...), keeping first appearance
//! within an order; inside an interaction, variables follow their first appearance in the
//! formula. So `a + c + a*b` gives `a + c + b + a:b`.

use crate::{Error, Result};

/// A variable as written in a formula.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VarRef {
    /// The column name.
    pub column: String,
    /// Written `factor(column)`: treat a numeric column as categorical.
    pub factor: bool,
}

/// A parsed formula. `terms` index into `vars`; each term's indices are ascending, which is
/// the variables' order of first appearance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Formula {
    pub response: String,
    pub vars: Vec<VarRef>,
    pub terms: Vec<Vec<usize>>,
    pub intercept: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Num(String),
    Tilde,
    Plus,
    Minus,
    Star,
    Colon,
    Caret,
    LParen,
    RParen,
    End,
}

impl Tok {
    fn show(&self) -> String {
        match self {
            Tok::Ident(s) | Tok::Num(s) => s.clone(),
            Tok::Tilde => "~".into(),
            Tok::Plus => "+".into(),
            Tok::Minus => "-".into(),
            Tok::Star => "*".into(),
            Tok::Colon => ":".into(),
            Tok::Caret => "^".into(),
            Tok::LParen => "(".into(),
            Tok::RParen => ")".into(),
            Tok::End => "the end of the formula".into(),
        }
    }
}

/// What a sub-expression evaluates to: terms, or the number 0 or 1 (intercept control).
enum Val {
    Terms(Vec<Vec<usize>>),
    Num(u8),
}

struct Parser<'a> {
    text: &'a str,
    toks: Vec<(Tok, usize)>,
    pos: usize,
    vars: Vec<VarRef>,
}

/// Parses `text` as an R formula.
pub(crate) fn parse(text: &str) -> Result<Formula> {
    let toks = tokenize(text)?;
    let mut p = Parser {
        text,
        toks,
        pos: 0,
        vars: Vec::new(),
    };
    let response = match p.next() {
        (Tok::Ident(name), _) if p.peek() == &Tok::LParen => {
            return Err(p.err(format!(
                "the response must be a plain column name, not `{name}(...)`"
            )));
        }
        (Tok::Ident(name), _) => name,
        (Tok::Tilde, _) => {
            return Err(p.err("a formula needs a response before `~`, as in `y ~ x`".into()));
        }
        (t, at) => {
            return Err(p.err(format!(
                "expected the response column, found `{}` at character {}",
                t.show(),
                at + 1
            )));
        }
    };
    // The response is variable 0 so that right-hand variables are numbered after it, as in R.
    p.vars.push(VarRef {
        column: response.clone(),
        factor: false,
    });
    match p.next() {
        (Tok::Tilde, _) => {}
        (t, at) => {
            return Err(p.err(format!(
                "expected `~` after the response, found `{}` at character {}",
                t.show(),
                at + 1
            )));
        }
    }
    let (terms, intercept) = p.sum(true)?;
    let (t, at) = p.next();
    if t != Tok::End {
        return Err(p.err(format!("unexpected `{}` at character {}", t.show(), at + 1)));
    }
    if terms.iter().any(|t| t.contains(&0)) {
        return Err(p.err(format!(
            "the response `{response}` also appears on the right-hand side"
        )));
    }
    let mut terms = terms;
    // R orders terms by their order (number of variables), keeping first appearance within.
    terms.sort_by_key(Vec::len);
    let intercept = intercept.unwrap_or(true);
    if terms.is_empty() && !intercept {
        return Err(p.err("the model has no terms and no intercept; add a predictor or `1`".into()));
    }
    Ok(Formula {
        response,
        vars: p.vars,
        terms,
        intercept,
    })
}

fn tokenize(text: &str) -> Result<Vec<(Tok, usize)>> {
    let err = |message: String| Error::Formula {
        formula: text.to_string(),
        message,
    };
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    // Positions are reported in characters, 1-based, for people.
    while i < chars.len() {
        let (_, c) = chars[i];
        let tok = match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '~' => Tok::Tilde,
            '+' => Tok::Plus,
            '-' => Tok::Minus,
            '*' => Tok::Star,
            ':' => Tok::Colon,
            '^' => Tok::Caret,
            '(' => Tok::LParen,
            ')' => Tok::RParen,
            '`' => {
                let start = i;
                let mut name = String::new();
                i += 1;
                while i < chars.len() && chars[i].1 != '`' {
                    name.push(chars[i].1);
                    i += 1;
                }
                if i == chars.len() {
                    return Err(err(format!(
                        "the backquote at character {} is not closed",
                        start + 1
                    )));
                }
                if name.is_empty() {
                    return Err(err(format!(
                        "empty column name `` at character {}",
                        start + 1
                    )));
                }
                out.push((Tok::Ident(name), start));
                i += 1;
                continue;
            }
            c if c.is_ascii_digit() => {
                let start = i;
                let mut s = String::new();
                while i < chars.len() && (chars[i].1.is_ascii_alphanumeric() || chars[i].1 == '.') {
                    s.push(chars[i].1);
                    i += 1;
                }
                out.push((Tok::Num(s), start));
                continue;
            }
            c if c.is_alphabetic() || c == '_' || c == '.' => {
                let start = i;
                let mut s = String::new();
                while i < chars.len()
                    && (chars[i].1.is_alphanumeric() || chars[i].1 == '_' || chars[i].1 == '.')
                {
                    s.push(chars[i].1);
                    i += 1;
                }
                out.push((Tok::Ident(s), start));
                continue;
            }
            other => {
                return Err(err(format!(
                    "unexpected `{other}` at character {}; formulas use column names with + - * : ^ ( ) and factor(); \
                     quote other names in backquotes",
                    i + 1
                )));
            }
        };
        out.push((tok, i));
        i += 1;
    }
    out.push((Tok::End, chars.len()));
    Ok(out)
}

impl Parser<'_> {
    fn err(&self, message: String) -> Error {
        Error::Formula {
            formula: self.text.to_string(),
            message,
        }
    }

    fn peek(&self) -> &Tok {
        &self.toks[self.pos].0
    }

    fn next(&mut self) -> (Tok, usize) {
        let t = self.toks[self.pos].clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn var(&mut self, column: String, factor: bool) -> usize {
        let v = VarRef { column, factor };
        if let Some(i) = self.vars.iter().position(|x| *x == v) {
            return i;
        }
        self.vars.push(v);
        self.vars.len() - 1
    }

    /// `sum := ['-'] product (('+' | '-') product)*`. Returns the terms and what the numbers
    /// 0 and 1 did to the intercept (only allowed at the top level).
    fn sum(&mut self, top: bool) -> Result<(Vec<Vec<usize>>, Option<bool>)> {
        let mut terms: Vec<Vec<usize>> = Vec::new();
        let mut intercept = None;
        let mut plus = true;
        if self.peek() == &Tok::Minus {
            self.next();
            plus = false;
        }
        loop {
            let at = self.toks[self.pos].1;
            match self.product()? {
                Val::Num(n) => {
                    if !top {
                        return Err(self.err(format!(
                            "`{n}` at character {} can only be added or removed at the top level, as in `y ~ 0 + x` or `y ~ x - 1`",
                            at + 1
                        )));
                    }
                    // `+ 1` and `- 0` keep the intercept; `+ 0` and `- 1` drop it.
                    intercept = Some((n == 1) == plus);
                }
                Val::Terms(ts) => {
                    for t in ts {
                        if plus {
                            if !terms.contains(&t) {
                                terms.push(t);
                            }
                        } else {
                            terms.retain(|x| *x != t);
                        }
                    }
                }
            }
            match self.peek() {
                Tok::Plus => plus = true,
                Tok::Minus => plus = false,
                _ => break,
            }
            self.next();
        }
        Ok((terms, intercept))
    }

    /// `product := interaction ('*' interaction)*`; `a*b` is `a + b + a:b`.
    fn product(&mut self) -> Result<Val> {
        let at = self.toks[self.pos].1;
        let mut acc = self.interaction()?;
        while self.peek() == &Tok::Star {
            self.next();
            let rhs = self.interaction()?;
            let (Val::Terms(a), Val::Terms(b)) = (&acc, &rhs) else {
                return Err(self.err(format!(
                    "`*` near character {} needs columns on both sides, not 0 or 1",
                    at + 1
                )));
            };
            let mut out = a.clone();
            for t in b.iter().chain(cross(a, b).iter()) {
                if !out.contains(t) {
                    out.push(t.clone());
                }
            }
            acc = Val::Terms(out);
        }
        Ok(acc)
    }

    /// `interaction := power (':' power)*`.
    fn interaction(&mut self) -> Result<Val> {
        let at = self.toks[self.pos].1;
        let mut acc = self.power()?;
        while self.peek() == &Tok::Colon {
            self.next();
            let rhs = self.power()?;
            let (Val::Terms(a), Val::Terms(b)) = (&acc, &rhs) else {
                return Err(self.err(format!(
                    "`:` near character {} needs columns on both sides, not 0 or 1",
                    at + 1
                )));
            };
            acc = Val::Terms(cross(a, b));
        }
        Ok(acc)
    }

    /// `power := atom ('^' integer)?`; `(a + b + c)^2` is every term of order up to 2.
    fn power(&mut self) -> Result<Val> {
        let base = self.atom()?;
        if self.peek() != &Tok::Caret {
            return Ok(base);
        }
        let (_, at) = self.next();
        let k = match self.next() {
            (Tok::Num(s), _) => s.parse::<usize>().ok().filter(|&k| k >= 1),
            _ => None,
        };
        let Some(k) = k else {
            return Err(self.err(format!(
                "`^` at character {} needs a positive whole number after it",
                at + 1
            )));
        };
        let Val::Terms(a) = base else {
            return Err(self.err(format!(
                "`^` at character {} needs columns before it",
                at + 1
            )));
        };
        let mut acc = a.clone();
        for _ in 1..k {
            let mut next = acc.clone();
            for t in cross(&acc, &a) {
                if !next.contains(&t) {
                    next.push(t);
                }
            }
            acc = next;
        }
        Ok(Val::Terms(acc))
    }

    fn atom(&mut self) -> Result<Val> {
        match self.next() {
            (Tok::Ident(name), at) if self.peek() == &Tok::LParen => {
                if name != "factor" {
                    return Err(self.err(format!(
                        "unknown function `{name}` at character {}; only factor(column) is supported",
                        at + 1
                    )));
                }
                self.next();
                let col = match self.next() {
                    (Tok::Ident(c), _) if self.peek() == &Tok::RParen => c,
                    _ => {
                        return Err(self.err(format!(
                            "factor() at character {} takes one column name, as in `factor(grade)`",
                            at + 1
                        )));
                    }
                };
                self.next();
                Ok(Val::Terms(vec![vec![self.var(col, true)]]))
            }
            (Tok::Ident(name), _) => Ok(Val::Terms(vec![vec![self.var(name, false)]])),
            (Tok::Num(s), at) => match s.as_str() {
                "0" => Ok(Val::Num(0)),
                "1" => Ok(Val::Num(1)),
                _ => Err(self.err(format!(
                    "unexpected number `{s}` at character {}; only 0 and 1 (the intercept) may appear",
                    at + 1
                ))),
            },
            (Tok::LParen, at) => {
                let (terms, intercept) = self.sum(false)?;
                debug_assert!(intercept.is_none());
                match self.next() {
                    (Tok::RParen, _) => Ok(Val::Terms(terms)),
                    _ => Err(self.err(format!("the `(` at character {} is not closed", at + 1))),
                }
            }
            (Tok::End, _) => Err(self.err("the formula ends where a term was expected".into())),
            (t, at) => Err(self.err(format!("expected a term, found `{}` at character {}", t.show(), at + 1))),
        }
    }
}

/// Every union of a term of `a` with a term of `b`, merged and deduplicated.
fn cross(a: &[Vec<usize>], b: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for x in a {
        for y in b {
            let mut t: Vec<usize> = x.iter().chain(y).copied().collect();
            t.sort_unstable();
            t.dedup();
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders the parsed right-hand side as R would print `attr(terms, "term.labels")`.
    fn check(input: &str, expect: &str) {
        let got = match parse(input) {
            Ok(f) => {
                let mut parts: Vec<String> = Vec::new();
                if !f.intercept {
                    parts.push("0".into());
                }
                for t in &f.terms {
                    let names: Vec<String> = t
                        .iter()
                        .map(|&i| {
                            let v = &f.vars[i];
                            if v.factor {
                                format!("factor({})", v.column)
                            } else {
                                v.column.clone()
                            }
                        })
                        .collect();
                    parts.push(names.join(":"));
                }
                format!("{} ~ {}", f.response, parts.join(" + "))
            }
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(got, expect, "input: {input}");
    }

    #[test]
    fn terms_are_merged_and_ordered_as_in_r() {
        check("y ~ a + b", "y ~ a + b");
        check("y ~ a*b", "y ~ a + b + a:b");
        check("y ~ a + c + a*b", "y ~ a + c + b + a:b");
        check("y ~ b:a + a", "y ~ a + b:a");
        check("y ~ a:b + b:a", "y ~ a:b");
        check("y ~ a*b*c", "y ~ a + b + c + a:b + a:c + b:c + a:b:c");
        check("y ~ (a + b + c)^2", "y ~ a + b + c + a:b + a:c + b:c");
        check("y ~ (a + b):c", "y ~ a:c + b:c");
        check("y ~ a*b - a:b", "y ~ a + b");
        check("y ~ a + a", "y ~ a");
        check("y ~ a:a", "y ~ a");
        check(
            "y ~ migration * belonging + girl",
            "y ~ migration + belonging + girl + migration:belonging",
        );
        check("y ~ factor(x) + x", "y ~ factor(x) + x");
        check("y ~ `my var` + b", "y ~ my var + b");
    }

    #[test]
    fn intercept_controls() {
        check("y ~ x - 1", "y ~ 0 + x");
        check("y ~ 0 + x", "y ~ 0 + x");
        check("y ~ x + 0", "y ~ 0 + x");
        check("y ~ -1 + x", "y ~ 0 + x");
        check("y ~ 0 + x + 1", "y ~ x");
        check("y ~ 1", "y ~ ");
        check(
            "y ~ 0",
            "error: formula `y ~ 0`: the model has no terms and no intercept; add a predictor or `1`",
        );
    }

    #[test]
    fn bad_formulas_name_the_token() {
        check(
            "y ~ a + ",
            "error: formula `y ~ a + `: the formula ends where a term was expected",
        );
        check(
            "y ~ a $ b",
            "error: formula `y ~ a $ b`: unexpected `$` at character 7; formulas use column names with + - * : ^ ( ) and factor(); quote other names in backquotes",
        );
        check(
            "y ~ log(a)",
            "error: formula `y ~ log(a)`: unknown function `log` at character 5; only factor(column) is supported",
        );
        check(
            "~ a",
            "error: formula `~ a`: a formula needs a response before `~`, as in `y ~ x`",
        );
        check(
            "y a",
            "error: formula `y a`: expected `~` after the response, found `a` at character 3",
        );
        check(
            "y ~ (a + b",
            "error: formula `y ~ (a + b`: the `(` at character 5 is not closed",
        );
        check(
            "y ~ a + y",
            "error: formula `y ~ a + y`: the response `y` also appears on the right-hand side",
        );
        check(
            "y ~ 2 + a",
            "error: formula `y ~ 2 + a`: unexpected number `2` at character 5; only 0 and 1 (the intercept) may appear",
        );
        check(
            "y ~ a ) b",
            "error: formula `y ~ a ) b`: unexpected `)` at character 7",
        );
        check(
            "y ~ a:1",
            "error: formula `y ~ a:1`: `:` near character 5 needs columns on both sides, not 0 or 1",
        );
        check(
            "y ~ factor(a, b)",
            "error: formula `y ~ factor(a, b)`: unexpected `,` at character 13; formulas use column names with + - * : ^ ( ) and factor(); quote other names in backquotes",
        );
    }
}
