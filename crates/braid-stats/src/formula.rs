//! R model formulas: `y ~ a + b`, `a*b`, `a:b`, `(a + b)^2`, `- 1`, `0 +`, `factor(x)`.
//!
//! The parser turns the right-hand side into an ordered set of terms the way R's
//! `terms.formula` does: a term is a set of variables; repeated terms are merged; terms are
//! sorted by order (main effects, then two-way interactions, ...), keeping first appearance
//! within an order; inside an interaction, variables follow their first appearance in the
//! formula. So `a + c + a*b` gives `a + c + b + a:b`.
//!
//! Every input is bounded: the formula's length ([`MAX_FORMULA_CHARS`]), the nesting of its
//! parentheses ([`MAX_FORMULA_NESTING`]) and the number of terms any part of it expands to
//! ([`MAX_FORMULA_TERMS`]), each refused with an error naming the limit.

use std::collections::HashMap;
use std::fmt;

use crate::{Error, Result};

/// The longest formula accepted, in characters. Real formulas are a few hundred characters;
/// the limit bounds the work of parsing an arbitrary string.
pub const MAX_FORMULA_CHARS: usize = 20_000;

/// The deepest nesting of parentheses accepted. The parser recurses once per level, so an
/// unbounded depth would overflow the stack; real formulas nest two or three levels.
pub const MAX_FORMULA_NESTING: usize = 256;

/// The most terms a formula, or any part of it, may expand to. `a*b*c` has 7 terms and a
/// 20-way `*` has 2^20 - 1; counting comes before building, so a formula past the limit is
/// refused at once, without materialising its terms.
pub const MAX_FORMULA_TERMS: usize = 10_000;

/// The most pairs of terms a formula's expansion may combine, over the whole formula.
/// `:`, `*` and `^` combine every term of one side with every term of the other; when the
/// sides share variables most combinations repeat a term, so the terms stay under
/// [`MAX_FORMULA_TERMS`] while the work does not (`(a + ... + m)^13 * (a + ... + m)^13`
/// combines 67 million pairs into 8,191 terms). Real formulas combine a few thousand.
pub const MAX_FORMULA_COMBINATIONS: usize = 2_000_000;

/// A standardisation written around a numeric column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub(crate) enum Transform {
    /// The values as they are.
    #[default]
    None,
    /// `center(x)`: minus its mean over the rows the model uses.
    Center,
    /// `scale(x)`: centred and divided by its standard deviation (n - 1) over those rows.
    Scale,
}

impl Transform {
    /// The function's name in a formula.
    pub(crate) fn name(self) -> Option<&'static str> {
        match self {
            Transform::None => None,
            Transform::Center => Some("center"),
            Transform::Scale => Some("scale"),
        }
    }
}

/// A variable as written in a formula.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct VarRef {
    /// The column name.
    pub column: String,
    /// Written `factor(column)`: treat a numeric column as categorical.
    pub factor: bool,
    /// Written `center(column)` or `scale(column)`.
    pub transform: Transform,
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

/// A formula error, showing a long formula shortened so that the message stays readable.
pub(crate) fn formula_error(text: &str, message: String) -> Error {
    const SHOWN: usize = 120;
    let formula = match text.char_indices().nth(SHOWN) {
        None => text.to_string(),
        Some((cut, _)) => format!("{}… ({} characters)", &text[..cut], text.chars().count()),
    };
    Error::Formula { formula, message }
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

type Term = Vec<usize>;

/// Terms in order of first appearance, each once. Removing a term leaves a hole, so that
/// `a - a + a - a ...` stays linear; holes are swept out when they outnumber the terms.
#[derive(Debug, Clone, Default)]
struct TermSet {
    slots: Vec<Option<Term>>,
    index: HashMap<Term, usize>,
}

impl TermSet {
    fn one(t: Term) -> TermSet {
        let mut s = TermSet::default();
        s.insert(t);
        s
    }

    fn len(&self) -> usize {
        self.index.len()
    }

    /// Adds `t` at the end unless present; says whether it was new.
    fn insert(&mut self, t: Term) -> bool {
        if self.index.contains_key(&t) {
            return false;
        }
        self.index.insert(t.clone(), self.slots.len());
        self.slots.push(Some(t));
        true
    }

    fn remove(&mut self, t: &Term) {
        if let Some(i) = self.index.remove(t) {
            self.slots[i] = None;
            if self.slots.len() > 2 * self.index.len() + 16 {
                let live: Vec<Term> = self.slots.drain(..).flatten().collect();
                self.index.clear();
                for t in live {
                    self.insert(t);
                }
            }
        }
    }

    fn iter(&self) -> impl Iterator<Item = &Term> {
        self.slots.iter().flatten()
    }

    /// Every variable the terms use, ascending.
    fn variables(&self) -> Vec<usize> {
        let mut out: Vec<usize> = self.iter().flatten().copied().collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    fn into_vec(self) -> Vec<Term> {
        self.slots.into_iter().flatten().collect()
    }
}

/// What a sub-expression evaluates to: terms, or the number 0 or 1 (intercept control).
enum Val {
    Terms(TermSet),
    Num(u8),
}

struct Parser<'a> {
    text: &'a str,
    toks: Vec<(Tok, usize)>,
    pos: usize,
    vars: Vec<VarRef>,
    var_index: HashMap<VarRef, usize>,
    /// Combinations of terms the expansion may still examine.
    combinations_left: usize,
}

/// Parses `text` as an R formula.
pub(crate) fn parse(text: &str) -> Result<Formula> {
    let length = text.chars().count();
    if length > MAX_FORMULA_CHARS {
        return Err(formula_error(
            text,
            format!(
                "the formula has {length} characters, more than {MAX_FORMULA_CHARS} (the limit); \
                 shorten it, e.g. by grouping terms as `(a + b + c)^2`"
            ),
        ));
    }
    let toks = tokenize(text)?;
    let mut p = Parser {
        text,
        toks,
        pos: 0,
        vars: Vec::new(),
        var_index: HashMap::new(),
        combinations_left: MAX_FORMULA_COMBINATIONS,
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
    p.var(response.clone(), false, Transform::None);
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
    let (terms, intercept) = p.rhs()?;
    let (t, at) = p.next();
    if t != Tok::End {
        return Err(p.err(format!("unexpected `{}` at character {}", t.show(), at + 1)));
    }
    if terms.iter().any(|t| t.contains(&0)) {
        return Err(p.err(format!(
            "the response `{response}` also appears on the right-hand side"
        )));
    }
    let mut terms = terms.into_vec();
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
    let err = |message: String| formula_error(text, message);
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
            c if is_name_start(c) => {
                let start = i;
                let mut s = String::new();
                while i < chars.len() && is_name_char(chars[i].1) {
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

fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || c == '.'
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.'
}

impl Parser<'_> {
    fn err(&self, message: String) -> Error {
        formula_error(self.text, message)
    }

    /// The error of an expansion past [`MAX_FORMULA_TERMS`]; `count` is the exact number of
    /// terms when it was counted, `None` when building stopped at the limit.
    fn refused(&self, op: &str, at: usize, why: Refusal) -> Error {
        match why {
            Refusal::Terms => self.too_many(op, at, None),
            Refusal::Combinations => self.err(format!(
                "expanding the formula up to the `{op}` at character {} combines more than {MAX_FORMULA_COMBINATIONS} \
                 pairs of terms (the limit); write the terms out, or use `(a + b + c)^2` rather than products of expansions",
                at + 1
            )),
        }
    }

    /// `cross` of two term sets, charged to the formula's combinations.
    fn cross(&mut self, a: &TermSet, b: &TermSet, op: &str, at: usize) -> Result<TermSet> {
        cross(a, b, &mut self.combinations_left).map_err(|why| self.refused(op, at, why))
    }

    fn too_many(&self, op: &str, at: usize, count: Option<usize>) -> Error {
        let count = match count {
            Some(n) => format!("{n} terms, more than {MAX_FORMULA_TERMS}"),
            None => format!("more than {MAX_FORMULA_TERMS} terms"),
        };
        self.err(format!(
            "`{op}` at character {} expands to {count} (the limit); \
             use fewer interactions, e.g. `(a + b + c)^2` for the main effects and two-way interactions",
            at + 1
        ))
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

    fn var(&mut self, column: String, factor: bool, transform: Transform) -> usize {
        let v = VarRef {
            column,
            factor,
            transform,
        };
        if let Some(&i) = self.var_index.get(&v) {
            return i;
        }
        self.vars.push(v.clone());
        self.var_index.insert(v, self.vars.len() - 1);
        self.vars.len() - 1
    }

    /// The right-hand side: `sum := ['-'] product (('+' | '-') product)*`, `product :=
    /// interaction ('*' interaction)*`, `interaction := power (':' power)*`, `power := atom
    /// ('^' integer)?`, `atom := name | factor(name) | 0 | 1 | '(' sum ')'`. Returns the
    /// terms and what the numbers 0 and 1 did to the intercept (only allowed at the top).
    ///
    /// Parentheses nest a sum inside an atom. Instead of recursing, the parser keeps the
    /// enclosing levels on a stack of its own, so that no formula can overflow the thread's
    /// stack; [`MAX_FORMULA_NESTING`] bounds that stack.
    fn rhs(&mut self) -> Result<(TermSet, Option<bool>)> {
        let mut stack: Vec<Level> = Vec::new();
        let mut level = self.open(true, 0);
        loop {
            // An operand starts here: maybe an interaction, maybe a product too.
            let at = self.toks[self.pos].1;
            if level.interaction.is_none() {
                level.interaction_at = at;
                if level.product.is_none() {
                    level.product_at = at;
                }
            }
            let mut value = match self.next() {
                (Tok::LParen, open_at) => {
                    if stack.len() >= MAX_FORMULA_NESTING {
                        return Err(self.err(format!(
                            "the `(` at character {} nests parentheses deeper than {MAX_FORMULA_NESTING} levels (the limit); \
                             simplify the formula",
                            open_at + 1
                        )));
                    }
                    stack.push(level);
                    level = self.open(false, open_at);
                    continue;
                }
                tok => self.atom(tok)?,
            };
            // Fold the operand into what it completes, up to the next operator.
            loop {
                value = self.power(value)?;
                if let Some(acc) = level.interaction.take() {
                    value = self.interact(acc, value, level.interaction_at, level.colon_at)?;
                }
                if self.peek() == &Tok::Colon {
                    level.colon_at = self.next().1;
                    level.interaction = Some(value);
                    break;
                }
                if let Some(acc) = level.product.take() {
                    value = self.multiply(acc, value, level.product_at, level.star_at)?;
                }
                if self.peek() == &Tok::Star {
                    level.star_at = self.next().1;
                    level.product = Some(value);
                    break;
                }
                self.add(&mut level, value)?;
                match self.peek() {
                    Tok::Plus | Tok::Minus => {
                        level.plus = self.next().0 == Tok::Plus;
                        break;
                    }
                    _ => {}
                }
                // The sum of this level is complete: close its parenthesis and hand its terms,
                // as one operand, to the enclosing level.
                let Some(parent) = stack.pop() else {
                    return Ok((level.terms, level.intercept));
                };
                if self.next().0 != Tok::RParen {
                    let open_at = level.open_at;
                    return Err(self.err(format!(
                        "the `(` at character {} is not closed",
                        open_at + 1
                    )));
                }
                debug_assert!(level.intercept.is_none());
                value = Val::Terms(std::mem::take(&mut level.terms));
                level = parent;
            }
        }
    }

    /// A new level: the top, or the inside of the `(` at `open_at`.
    fn open(&mut self, top: bool, open_at: usize) -> Level {
        let mut plus = true;
        if self.peek() == &Tok::Minus {
            self.next();
            plus = false;
        }
        Level {
            top,
            open_at,
            terms: TermSet::default(),
            intercept: None,
            plus,
            product: None,
            product_at: 0,
            star_at: 0,
            interaction: None,
            interaction_at: 0,
            colon_at: 0,
        }
    }

    /// Adds a complete product to the level's sum, or removes it after `-`.
    fn add(&self, level: &mut Level, value: Val) -> Result<()> {
        match value {
            Val::Num(n) => {
                if !level.top {
                    let at = level.product_at;
                    return Err(self.err(format!(
                        "`{n}` at character {} can only be added or removed at the top level, as in `y ~ 0 + x` or `y ~ x - 1`",
                        at + 1
                    )));
                }
                // `+ 1` and `- 0` keep the intercept; `+ 0` and `- 1` drop it.
                level.intercept = Some((n == 1) == level.plus);
            }
            Val::Terms(ts) => {
                for t in ts.into_vec() {
                    if level.plus {
                        level.terms.insert(t);
                        if level.terms.len() > MAX_FORMULA_TERMS {
                            let end = self.toks[self.pos].1;
                            return Err(self.err(format!(
                                "the terms before character {} number more than {MAX_FORMULA_TERMS} (the limit); \
                                 use fewer terms or interactions",
                                end + 1
                            )));
                        }
                    } else {
                        level.terms.remove(&t);
                    }
                }
            }
        }
        Ok(())
    }

    /// `a * b` is `a + b + a:b`; `at` is where the product starts, `star` where this `*` is.
    fn multiply(&mut self, a: Val, b: Val, at: usize, star: usize) -> Result<Val> {
        let (Val::Terms(a), Val::Terms(b)) = (a, b) else {
            return Err(self.err(format!(
                "`*` near character {} needs columns on both sides, not 0 or 1",
                at + 1
            )));
        };
        // With no variable in common, every term is new: count before building.
        if disjoint(&a, &b) {
            let count = a.len() + b.len() + a.len().saturating_mul(b.len());
            if count > MAX_FORMULA_TERMS {
                return Err(self.too_many("*", star, Some(count)));
            }
        }
        let crossed = self.cross(&a, &b, "*", star)?;
        let mut out = a;
        for t in b.into_vec().into_iter().chain(crossed.into_vec()) {
            out.insert(t);
            if out.len() > MAX_FORMULA_TERMS {
                return Err(self.too_many("*", star, None));
            }
        }
        Ok(Val::Terms(out))
    }

    /// `a:b`; `at` is where the interaction starts, `colon` where this `:` is.
    fn interact(&mut self, a: Val, b: Val, at: usize, colon: usize) -> Result<Val> {
        let (Val::Terms(a), Val::Terms(b)) = (a, b) else {
            return Err(self.err(format!(
                "`:` near character {} needs columns on both sides, not 0 or 1",
                at + 1
            )));
        };
        if disjoint(&a, &b) {
            let count = a.len().saturating_mul(b.len());
            if count > MAX_FORMULA_TERMS {
                return Err(self.too_many(":", colon, Some(count)));
            }
        }
        Ok(Val::Terms(self.cross(&a, &b, ":", colon)?))
    }

    /// An optional `^k` after an atom; `(a + b + c)^2` is every term of order up to 2.
    fn power(&mut self, base: Val) -> Result<Val> {
        if self.peek() != &Tok::Caret {
            return Ok(base);
        }
        let (_, at) = self.next();
        // A power past the number of variables changes nothing, so a huge one saturates.
        let k = match self.next() {
            (Tok::Num(s), _) if s.bytes().all(|b| b.is_ascii_digit()) => {
                Some(s.parse::<usize>().unwrap_or(usize::MAX)).filter(|&k| k >= 1)
            }
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
            let crossed = self.cross(&acc, &a, "^", at)?;
            let before = acc.len();
            for t in crossed.into_vec() {
                acc.insert(t);
                if acc.len() > MAX_FORMULA_TERMS {
                    return Err(self.too_many("^", at, None));
                }
            }
            // Each round adds the terms one order higher; once none is new, no later round
            // adds any, so `(a + b)^1000000000` stops after two rounds.
            if acc.len() == before {
                break;
            }
        }
        Ok(Val::Terms(acc))
    }

    /// An atom other than a parenthesis, whose first token `tok` was just read.
    fn atom(&mut self, tok: (Tok, usize)) -> Result<Val> {
        match tok {
            (Tok::Ident(name), at) if self.peek() == &Tok::LParen => {
                let (factor, transform) = match name.as_str() {
                    "factor" => (true, Transform::None),
                    "center" => (false, Transform::Center),
                    "scale" => (false, Transform::Scale),
                    _ => {
                        return Err(self.err(format!(
                            "unknown function `{name}` at character {}; only factor(column), center(column) and scale(column) are supported",
                            at + 1
                        )));
                    }
                };
                self.next();
                let col = match self.next() {
                    (Tok::Ident(c), _) if self.peek() == &Tok::RParen => c,
                    _ => {
                        return Err(self.err(format!(
                            "{name}() at character {} takes one column name, as in `{name}(grade)`",
                            at + 1
                        )));
                    }
                };
                self.next();
                Ok(Val::Terms(TermSet::one(vec![self.var(col, factor, transform)])))
            }
            (Tok::Ident(name), _) => Ok(Val::Terms(TermSet::one(vec![self.var(name, false, Transform::None)]))),
            (Tok::Num(s), at) => match s.as_str() {
                "0" => Ok(Val::Num(0)),
                "1" => Ok(Val::Num(1)),
                _ => Err(self.err(format!(
                    "unexpected number `{s}` at character {}; only 0 and 1 (the intercept) may appear",
                    at + 1
                ))),
            },
            (Tok::End, _) => Err(self.err("the formula ends where a term was expected".into())),
            (t, at) => Err(self.err(format!("expected a term, found `{}` at character {}", t.show(), at + 1))),
        }
    }
}

/// One level of parentheses being parsed (or the top): its sum so far, and the product and
/// interaction being built, with where each started and where its last operator is, for
/// messages.
struct Level {
    /// The top level, where 0 and 1 control the intercept.
    top: bool,
    /// Where the `(` that opened the level is.
    open_at: usize,
    terms: TermSet,
    intercept: Option<bool>,
    /// The sign of the product being parsed.
    plus: bool,
    product: Option<Val>,
    product_at: usize,
    star_at: usize,
    interaction: Option<Val>,
    interaction_at: usize,
    colon_at: usize,
}

/// Whether two term sets have no variable in common; then every union of a term of one with
/// a term of the other is distinct, and their number is known without building them.
fn disjoint(a: &TermSet, b: &TermSet) -> bool {
    let va = a.variables();
    b.variables().iter().all(|v| va.binary_search(v).is_err())
}

/// Why an expansion was refused.
enum Refusal {
    /// It would have more than [`MAX_FORMULA_TERMS`] terms.
    Terms,
    /// It would combine more than [`MAX_FORMULA_COMBINATIONS`] pairs.
    Combinations,
}

/// Every union of a term of `a` with a term of `b`, merged and deduplicated, in order of
/// first appearance. Refused once there are more than [`MAX_FORMULA_TERMS`], so that memory
/// stays bounded whatever the operands, or once `budget` combinations are spent, so that
/// time does.
fn cross(a: &TermSet, b: &TermSet, budget: &mut usize) -> std::result::Result<TermSet, Refusal> {
    let mut out = TermSet::default();
    let mut union: Term = Vec::new();
    for x in a.iter() {
        let Some(left) = budget.checked_sub(b.len()) else {
            return Err(Refusal::Combinations);
        };
        *budget = left;
        for y in b.iter() {
            merge_sorted(x, y, &mut union);
            // Most combinations of overlapping operands repeat a term: look it up by slice,
            // and allocate only for a new one.
            if out.index.contains_key(union.as_slice()) {
                continue;
            }
            out.insert(union.clone());
            if out.len() > MAX_FORMULA_TERMS {
                return Err(Refusal::Terms);
            }
        }
    }
    Ok(out)
}

/// The union of two ascending lists of variables, ascending, into `out`.
fn merge_sorted(x: &[usize], y: &[usize], out: &mut Term) {
    out.clear();
    let (mut i, mut j) = (0, 0);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => {
                out.push(x[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(y[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(x[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&x[i..]);
    out.extend_from_slice(&y[j..]);
}

/// A column name as a formula writes it: bare when the tokenizer reads it back as one
/// name, in backquotes otherwise.
fn write_name(f: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
    let mut chars = name.chars();
    let bare = chars.next().is_some_and(is_name_start) && chars.all(is_name_char);
    if bare {
        f.write_str(name)
    } else {
        write!(f, "`{name}`")
    }
}

impl Formula {
    fn write_var(&self, f: &mut fmt::Formatter<'_>, i: usize) -> fmt::Result {
        let v = &self.vars[i];
        let wrap = if v.factor {
            Some("factor")
        } else {
            v.transform.name()
        };
        match wrap {
            Some(function) => {
                f.write_str(function)?;
                f.write_str("(")?;
                write_name(f, &v.column)?;
                f.write_str(")")
            }
            None => write_name(f, &v.column),
        }
    }
}

/// The canonical text of a formula: its terms in model order, `0 +` without an intercept,
/// `1` with nothing else. Parsing the text gives the same model.
impl fmt::Display for Formula {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_name(f, &self.response)?;
        f.write_str(" ~ ")?;
        let mut first = true;
        let mut sep = |f: &mut fmt::Formatter<'_>, minus: bool| {
            let s = match (first, minus) {
                (true, false) => "",
                (true, true) => "- ",
                (false, false) => " + ",
                (false, true) => " - ",
            };
            first = false;
            f.write_str(s)
        };
        if !self.intercept {
            sep(f, false)?;
            f.write_str("0")?;
        }
        // A variable's place inside an interaction is its first appearance in the text.
        // Written in model order the terms may introduce the variables in another order
        // (`y ~ x - x + w + x:z` numbers x before w); then the text first names each
        // variable and takes it away again, which fixes the order and adds no term.
        let mut seen: Vec<usize> = Vec::new();
        for t in &self.terms {
            for &v in t {
                if !seen.contains(&v) {
                    seen.push(v);
                }
            }
        }
        if seen.windows(2).any(|w| w[0] > w[1]) {
            seen.sort_unstable();
            for minus in [false, true] {
                for &v in &seen {
                    sep(f, minus)?;
                    self.write_var(f, v)?;
                }
            }
        }
        for t in &self.terms {
            sep(f, false)?;
            for (k, &v) in t.iter().enumerate() {
                if k > 0 {
                    f.write_str(":")?;
                }
                self.write_var(f, v)?;
            }
        }
        if first {
            f.write_str("1")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders the parsed formula as R would print `attr(terms, "term.labels")`.
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
                            match (v.factor, v.transform.name()) {
                                (true, _) => format!("factor({})", v.column),
                                (false, Some(t)) => format!("{t}({})", v.column),
                                (false, None) => v.column.clone(),
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

    /// What a formula means: the response, the intercept, and each term's variables in
    /// order. Variable numbers are left out: they may differ for the same model.
    fn meaning(f: &Formula) -> (String, bool, Vec<Vec<VarRef>>) {
        let terms = f
            .terms
            .iter()
            .map(|t| t.iter().map(|&i| f.vars[i].clone()).collect())
            .collect();
        (f.response.clone(), f.intercept, terms)
    }

    /// Renders `input` and checks that the text means the same model.
    fn check_render(input: &str, expect: &str) {
        let f = parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        let text = f.to_string();
        assert_eq!(text, expect, "input: {input}");
        let again = parse(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(meaning(&again), meaning(&f), "input: {input}");
    }

    fn message(input: &str) -> String {
        match parse(input) {
            Ok(f) => panic!("{input} parsed as {f}"),
            Err(Error::Formula { message, .. }) => message,
            Err(e) => panic!("{input}: not a formula error: {e:?}"),
        }
    }

    fn sum_of(prefix: &str, n: usize) -> String {
        (1..=n)
            .map(|i| format!("{prefix}{i}"))
            .collect::<Vec<_>>()
            .join(" + ")
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
            "error: formula `y ~ log(a)`: unknown function `log` at character 5; only factor(column), center(column) and scale(column) are supported",
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

    #[test]
    fn renders_text_that_parses_to_the_same_model() {
        check_render("y ~ a + c + a*b", "y ~ a + c + b + a:b");
        check_render("y ~ x - 1", "y ~ 0 + x");
        check_render("y ~ 1", "y ~ 1");
        check_render("y ~ 0 + x + 1", "y ~ x");
        check_render("y ~ factor(g) * x", "y ~ factor(g) + x + factor(g):x");
        check_render(
            "`my y` ~ `my var` + `2nd` + x.1 + _z + 年龄",
            "`my y` ~ `my var` + `2nd` + x.1 + _z + 年龄",
        );
        check_render("y ~ factor(`a b`)", "y ~ factor(`a b`)");
        // A column named like the function is still a column.
        check_render("f ~ factor + factor(x)", "f ~ factor + factor(x)");
        // R numbers x before w, which only a removed term shows: the text names the variables
        // in order first, then takes them away.
        check_render("y ~ x - x + w + x:z", "y ~ x + w + z - x - w - z + w + x:z");
        check_render("y ~ b:a + a", "y ~ b + a - b - a + a + b:a");
    }

    /// Issue #10: a formula with 20,000 nested parentheses overflowed the stack.
    #[test]
    fn nesting_is_limited() {
        let nested = |depth: usize| format!("y ~ {}x{}", "(".repeat(depth), ")".repeat(depth));
        check(&nested(MAX_FORMULA_NESTING), "y ~ x");
        assert_eq!(
            message(&nested(MAX_FORMULA_NESTING + 1)),
            "the `(` at character 261 nests parentheses deeper than 256 levels (the limit); simplify the formula"
        );
        assert!(message(&nested(5_000)).contains("deeper than 256 levels (the limit)"));
        // Unclosed, too: the depth is refused before the missing `)` is noticed.
        assert!(
            message(&format!("y ~ {}", "(".repeat(19_990)))
                .contains("deeper than 256 levels (the limit)")
        );
        // The 20,000 levels are refused for their length before their depth.
        assert!(message(&nested(20_000)).contains("more than 20000 (the limit)"));
        // The message shows a long formula shortened.
        let Err(Error::Formula { formula, .. }) = parse(&nested(5_000)) else {
            panic!()
        };
        assert!(formula.ends_with("… (10005 characters)"), "{formula}");
    }

    #[test]
    fn length_is_limited() {
        let long = format!("y ~ {}", sum_of("x", 3_000));
        assert_eq!(
            message(&long),
            "the formula has 22894 characters, more than 20000 (the limit); shorten it, e.g. by grouping terms as `(a + b + c)^2`"
        );
    }

    /// Issue #10: `(age + girl)^1000000000` never returned.
    #[test]
    fn a_power_stops_once_the_terms_stop_changing() {
        check(
            "depression ~ (age + girl)^1000000000",
            "depression ~ age + girl + age:girl",
        );
        check(
            "y ~ (a + b + c)^99999999999999999999999999",
            "y ~ a + b + c + a:b + a:c + b:c + a:b:c",
        );
        check("y ~ a^3", "y ~ a");
        assert_eq!(
            message("y ~ (a + b)^0"),
            "`^` at character 12 needs a positive whole number after it"
        );
    }

    /// Issue #10: a 20-way `a*b*...*t` never returned. It is refused by counting, at the
    /// first `*` past the limit, without building 2^20 terms.
    #[test]
    fn expansion_is_limited() {
        let vars: Vec<String> = ('a'..='t').map(String::from).collect();
        let formula = format!("y ~ {}", vars.join("*"));
        assert_eq!(
            message(&formula),
            "`*` at character 30 expands to 16383 terms, more than 10000 (the limit); use fewer interactions, \
             e.g. `(a + b + c)^2` for the main effects and two-way interactions"
        );
        // 13 variables make 8191 terms, under the limit.
        let thirteen = format!("y ~ {}", vars[..13].join("*"));
        assert_eq!(parse(&thirteen).map(|f| f.terms.len()), Ok(8191));
        // `:` of two disjoint sums: 200 × 200 terms, counted.
        let colon = format!("y ~ ({}):({})", sum_of("a", 200), sum_of("b", 200));
        assert!(
            message(&colon).starts_with(
                "`:` at character 1296 expands to 40000 terms, more than 10000 (the limit)"
            ),
            "{}",
            message(&colon)
        );
        // Overlapping operands cannot be counted in advance; building stops at the limit.
        let power = format!("y ~ ({})^30", sum_of("x", 30));
        assert!(
            message(&power).starts_with("`^` at character "),
            "{}",
            message(&power)
        );
        assert!(message(&power).contains("expands to more than 10000 terms (the limit)"));
        // Sums of parts each under the limit.
        let sum = format!("y ~ ({})^2 + ({})^2", sum_of("a", 100), sum_of("b", 100));
        assert!(
            message(&sum).starts_with("the terms before character"),
            "{}",
            message(&sum)
        );
        assert!(message(&sum).contains("number more than 10000 (the limit)"));
        // Every term of 13 variables: 8,191 terms, built by combining fewer than 2 million pairs.
        let all = format!("({})^13", vars[..13].join(" + "));
        assert_eq!(
            parse(&format!("y ~ {all}")).map(|f| f.terms.len()),
            Ok(8191)
        );
        // Crossed with itself, it is itself again, but only after 67 million combinations.
        assert_eq!(
            message(&format!("y ~ {all} * {all}")),
            "expanding the formula up to the `*` at character 60 combines more than 2000000 pairs of terms (the limit); \
             write the terms out, or use `(a + b + c)^2` rather than products of expansions"
        );
        // The limit is over the whole formula, so repeating a costly part does not multiply it.
        let repeated = vec![all.clone(); 40].join(" + ");
        assert!(
            message(&format!("y ~ {repeated}"))
                .contains("more than 2000000 pairs of terms (the limit)")
        );
    }

    #[test]
    fn removing_terms_stays_linear() {
        // 2,000 additions and removals of one term among a thousand others.
        let others = sum_of("x", 1_000);
        let churn = " + a - a".repeat(1_000);
        check(&format!("y ~ b{churn} + a"), "y ~ b + a");
        let f = parse(&format!("y ~ {others}{churn}")).map(|f| f.terms.len());
        assert_eq!(f, Ok(1_000));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Text from the formula's own alphabet, where the parser's paths are.
        fn formula_like() -> impl Strategy<Value = String> {
            "[ab `y~+*:^()0123-]{0,60}"
        }

        /// Formulas built from the grammar, valid apart from the odd misplaced `0`/`1`.
        fn formula() -> impl Strategy<Value = String> {
            let leaf = prop::sample::select(vec![
                "a",
                "b",
                "c",
                "x.1",
                "_z",
                "年龄",
                "`my var`",
                "`2nd`",
                "factor(g)",
                "g",
                "factor(`a b`)",
            ])
            .prop_map(String::from);
            let expr = leaf.prop_recursive(4, 16, 2, |inner| {
                prop_oneof![
                    (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} + {b}")),
                    (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} - {b}")),
                    (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) * ({b})")),
                    (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a}:{b}")),
                    (inner.clone(), 1..5u8).prop_map(|(a, k)| format!("({a})^{k}")),
                    inner.prop_map(|a| format!("({a})")),
                ]
            });
            let intercept = prop::sample::select(vec!["", "0 + ", "1 + ", "- 1 + ", "-"]);
            (intercept, expr).prop_map(|(i, e)| format!("y ~ {i}{e}"))
        }

        /// A parsed formula renders to text that parses to the same model and renders the same.
        fn assert_stable(input: &str, f: &Formula) -> Result<(), TestCaseError> {
            let text = f.to_string();
            let again =
                parse(&text).map_err(|e| TestCaseError::fail(format!("{input} -> {text}: {e}")))?;
            prop_assert_eq!(meaning(&again), meaning(f), "{} -> {}", input, text);
            prop_assert_eq!(again.to_string(), text);
            Ok(())
        }

        /// Any error is a formula error with a message.
        fn assert_refused_well(result: &Result<Formula>) -> Result<(), TestCaseError> {
            if let Err(e) = result {
                let Error::Formula { message, .. } = e else {
                    return Err(TestCaseError::fail(format!("not a formula error: {e:?}")));
                };
                prop_assert!(!message.is_empty() && !message.ends_with('.'));
            }
            Ok(())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn arbitrary_text_never_panics(input in any::<String>()) {
                let result = parse(&input);
                assert_refused_well(&result)?;
                if let Ok(f) = &result {
                    assert_stable(&input, f)?;
                }
            }

            #[test]
            fn formula_like_text_never_panics(input in formula_like()) {
                let result = parse(&input);
                assert_refused_well(&result)?;
                if let Ok(f) = &result {
                    assert_stable(&input, f)?;
                }
            }

            #[test]
            fn parse_render_parse_is_stable(input in formula()) {
                let result = parse(&input);
                assert_refused_well(&result)?;
                if let Ok(f) = &result {
                    assert_stable(&input, f)?;
                }
            }
        }
    }
}
