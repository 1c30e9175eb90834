//! Householder QR with column pivoting and rank detection, in the manner of LINPACK's
//! `dqrdc2` (the routine behind R's `lm`).
//!
//! Why not `nalgebra::ColPivQR`: it pivots on the largest single entry of the trailing
//! block (`icamax_full`), which does not reveal rank, and it has no tolerance for rank
//! detection. R's strategy keeps the columns in model order and moves a column to the end
//! only when its norm, after projecting out the columns before it, falls below `tol` times
//! its original norm. That makes the *later* of two collinear terms the aliased one, which
//! is what users of R and Stata expect to see reported.
//!
//! Storage is column-major (`a[j * n + i]`). Columns are not moved in memory: `perm[l]` is
//! the physical column at logical position `l`. Reflectors follow LAPACK's convention
//! `H = I - tau v v'` with `v[l] = 1` implicit and `v[l+1..]` stored below the diagonal.

/// The factorisation `A P = Q R` of an `n × p` matrix, overwriting it.
#[derive(Debug)]
pub(crate) struct Qr {
    pub a: Vec<f64>,
    pub n: usize,
    pub perm: Vec<usize>,
    pub tau: Vec<f64>,
    pub rank: usize,
}

impl Qr {
    /// Factorises `a` (`n × p`, column-major). `tol` is relative: R's `lm` uses `1e-7`.
    pub fn new(mut a: Vec<f64>, n: usize, p: usize, tol: f64) -> Qr {
        assert_eq!(a.len(), n * p);
        let col_norm = |a: &[f64], j: usize| sum_sq(&a[j * n..(j + 1) * n]).sqrt();
        let mut cur: Vec<f64> = (0..p).map(|j| col_norm(&a, j)).collect();
        // A zero column gets reference norm 1, so that it is always found deficient.
        let orig: Vec<f64> = cur
            .iter()
            .map(|&x| if x == 0.0 { 1.0 } else { x })
            .collect();
        let mut perm: Vec<usize> = (0..p).collect();
        let mut tau = Vec::new();
        // Logical positions k.. hold the columns found deficient.
        let mut k = p;
        for l in 0..n.min(p) {
            while l < k && cur[perm[l]] < orig[perm[l]] * tol {
                let c = perm.remove(l);
                perm.push(c);
                k -= 1;
            }
            if l >= k {
                break;
            }
            let (head, mut rest) = split_column(&mut a, n, perm[l]);
            let t = if l + 1 < n {
                make_reflector(&mut head[l..])
            } else {
                0.0
            };
            tau.push(t);
            let trailing = &perm[l + 1..k];
            if t != 0.0 {
                reflect_columns(&head[l + 1..], l, t, &mut rest, trailing, Some(&mut cur));
            } else {
                for &c in trailing {
                    cur[c] = sum_sq(&rest.column(c)[l + 1..]).sqrt();
                }
            }
        }
        let rank = k.min(n).min(tau.len());
        tau.truncate(rank);
        Qr {
            a,
            n,
            perm,
            tau,
            rank,
        }
    }

    /// `R[i][j]` for `i <= j < rank`, in logical (pivoted) order.
    pub fn r(&self, i: usize, j: usize) -> f64 {
        self.a[self.perm[j] * self.n + i]
    }

    /// The reflector `v` of step `l`, rows `l+1..n` (row `l` is an implicit 1).
    fn v(&self, l: usize) -> &[f64] {
        let c = self.perm[l];
        &self.a[c * self.n + l + 1..(c + 1) * self.n]
    }

    /// `y ← Q' y` using the first `rank` reflectors.
    pub fn apply_qt(&self, y: &mut [f64]) {
        for l in 0..self.rank {
            self.reflect(l, y);
        }
    }

    /// `y ← Q y` using the first `rank` reflectors.
    pub fn apply_q(&self, y: &mut [f64]) {
        for l in (0..self.rank).rev() {
            self.reflect(l, y);
        }
    }

    fn reflect(&self, l: usize, y: &mut [f64]) {
        let t = self.tau[l];
        if t == 0.0 {
            return;
        }
        let v = self.v(l);
        let w = y[l] + dot(v, &y[l + 1..]);
        y[l] -= t * w;
        axpy(-t * w, v, &mut y[l + 1..]);
    }

    /// Solves `R b = z` for the leading `rank × rank` block.
    pub fn solve_r(&self, z: &[f64]) -> Vec<f64> {
        let r = self.rank;
        let mut b = z[..r].to_vec();
        for i in (0..r).rev() {
            let s: f64 = b[i] - (i + 1..r).map(|j| self.r(i, j) * b[j]).sum::<f64>();
            b[i] = s / self.r(i, i);
        }
        b
    }

    /// `R⁻¹` (upper triangular, `rank × rank`, row-major).
    pub fn r_inverse(&self) -> Vec<f64> {
        let r = self.rank;
        let mut inv = vec![0.0; r * r];
        for col in 0..r {
            // Solve R x = e_col; x is zero below row `col`.
            for i in (0..=col).rev() {
                let mut s = if i == col { 1.0 } else { 0.0 };
                for j in i + 1..=col {
                    s -= self.r(i, j) * inv[j * r + col];
                }
                inv[i * r + col] = s / self.r(i, i);
            }
        }
        inv
    }

    /// Overwrites the factorisation with the thin `Q1` (`n × rank`), as LAPACK's `dorg2r`
    /// does, and returns its columns in logical order. `R` must be read before this.
    pub fn into_q1(self) -> (Vec<f64>, Vec<usize>) {
        let Qr {
            mut a,
            n,
            perm,
            tau,
            rank,
        } = self;
        for i in (0..rank).rev() {
            let (head, mut rest) = split_column(&mut a, n, perm[i]);
            let t = tau[i];
            if t != 0.0 {
                reflect_columns(&head[i + 1..], i, t, &mut rest, &perm[i + 1..rank], None);
            }
            for x in &mut head[i + 1..] {
                *x *= -t;
            }
            head[i] = 1.0 - t;
            for x in &mut head[..i] {
                *x = 0.0;
            }
        }
        (a, perm[..rank].to_vec())
    }
}

/// One column of `a` borrowed mutably, with a handle to borrow any other column.
fn split_column(a: &mut [f64], n: usize, c: usize) -> (&mut [f64], Others<'_>) {
    let (left, right) = a.split_at_mut(c * n);
    let (head, right) = right.split_at_mut(n);
    (head, Others { left, right, n, c })
}

struct Others<'a> {
    left: &'a mut [f64],
    right: &'a mut [f64],
    n: usize,
    c: usize,
}

impl Others<'_> {
    fn column(&mut self, j: usize) -> &mut [f64] {
        let n = self.n;
        if j < self.c {
            &mut self.left[j * n..(j + 1) * n]
        } else {
            let j = j - self.c - 1;
            &mut self.right[j * n..(j + 1) * n]
        }
    }
}

/// Applies `H = I - tau v v'`, with `v = (1, v_tail)` starting at `row`, to the columns
/// `cols` of `rest`. With `norms`, stores each column's new norm below `row` (the norm the
/// next pivoting step needs).
///
/// The rows are taken in chunks that fit in L1 with the reflector, so a tall matrix is read
/// twice per reflector (for the dots, then the updates) rather than once per column.
fn reflect_columns(
    v_tail: &[f64],
    row: usize,
    tau: f64,
    rest: &mut Others<'_>,
    cols: &[usize],
    norms: Option<&mut Vec<f64>>,
) {
    const CHUNK: usize = 512;
    let len = v_tail.len();
    let mut w: Vec<f64> = cols.iter().map(|&c| rest.column(c)[row]).collect();
    for start in (0..len).step_by(CHUNK) {
        let end = (start + CHUNK).min(len);
        let v = &v_tail[start..end];
        for (wc, &c) in w.iter_mut().zip(cols) {
            *wc += dot(v, &rest.column(c)[row + 1 + start..row + 1 + end]);
        }
    }
    let mut ss = vec![0.0; cols.len()];
    for (wc, &c) in w.iter_mut().zip(cols) {
        *wc *= -tau;
        rest.column(c)[row] += *wc;
    }
    for start in (0..len).step_by(CHUNK) {
        let end = (start + CHUNK).min(len);
        let v = &v_tail[start..end];
        for ((wc, s), &c) in w.iter().zip(&mut ss).zip(cols) {
            let col = &mut rest.column(c)[row + 1 + start..row + 1 + end];
            if norms.is_some() {
                *s += axpy_sum_sq(*wc, v, col);
            } else {
                axpy(*wc, v, col);
            }
        }
    }
    if let Some(norms) = norms {
        for (s, &c) in ss.iter().zip(cols) {
            norms[c] = s.sqrt();
        }
    }
}

/// Turns `x` into a reflector in place (LAPACK `dlarfg`): on return `x[0]` is `beta` and
/// `x[1..]` is `v[1..]`; returns `tau`.
fn make_reflector(x: &mut [f64]) -> f64 {
    let alpha = x[0];
    let xnorm = sum_sq(&x[1..]).sqrt();
    if xnorm == 0.0 {
        return 0.0;
    }
    let beta = -alpha.hypot(xnorm).copysign(alpha);
    let t = (beta - alpha) / beta;
    let scale = 1.0 / (alpha - beta);
    for v in &mut x[1..] {
        *v *= scale;
    }
    x[0] = beta;
    t
}

// The kernels below keep eight partial sums so that the compiler can vectorise them.

pub(crate) fn dot(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut acc = [0.0; 8];
    let ca = a.chunks_exact(8);
    let cb = b.chunks_exact(8);
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    let mut s = 0.0;
    for (x, y) in ra.iter().zip(rb) {
        s += x * y;
    }
    s + ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]))
}

pub(crate) fn sum_sq(a: &[f64]) -> f64 {
    dot(a, a)
}

fn axpy(alpha: f64, x: &[f64], y: &mut [f64]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += alpha * xi;
    }
}

/// `y ← y + alpha x`, returning the sum of squares of the new `y`.
fn axpy_sum_sq(alpha: f64, x: &[f64], y: &mut [f64]) -> f64 {
    let mut acc = [0.0; 8];
    let n = x.len().min(y.len());
    let (x, y) = (&x[..n], &mut y[..n]);
    let split = n - n % 8;
    let (xh, xt) = x.split_at(split);
    let (yh, yt) = y.split_at_mut(split);
    for (xc, yc) in xh.chunks_exact(8).zip(yh.chunks_exact_mut(8)) {
        for k in 0..8 {
            yc[k] += alpha * xc[k];
            acc[k] += yc[k] * yc[k];
        }
    }
    let mut s = 0.0;
    for (xi, yi) in xt.iter().zip(yt) {
        *yi += alpha * xi;
        s += *yi * *yi;
    }
    s + ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(rows: &[&[f64]]) -> (Vec<f64>, usize, usize) {
        let n = rows.len();
        let p = rows[0].len();
        let mut a = vec![0.0; n * p];
        for (i, r) in rows.iter().enumerate() {
            for (j, &x) in r.iter().enumerate() {
                a[j * n + i] = x;
            }
        }
        (a, n, p)
    }

    #[test]
    fn q1_times_r_reproduces_the_matrix() {
        let rows: &[&[f64]] = &[
            &[1.0, 2.0, 0.5],
            &[1.0, -1.0, 2.0],
            &[1.0, 0.0, 3.0],
            &[1.0, 4.0, -1.0],
            &[1.0, 2.5, 0.0],
        ];
        let (a, n, p) = matrix(rows);
        let qr = Qr::new(a.clone(), n, p, 1e-7);
        assert_eq!(qr.rank, 3);
        let r: Vec<Vec<f64>> = (0..3)
            .map(|i| {
                (0..3)
                    .map(|j| if i <= j { qr.r(i, j) } else { 0.0 })
                    .collect()
            })
            .collect();
        let perm = qr.perm.clone();
        let (q, cols) = qr.into_q1();
        for i in 0..n {
            for j in 0..3 {
                let x: f64 = (0..3).map(|k| q[cols[k] * n + i] * r[k][j]).sum();
                assert!((x - a[perm[j] * n + i]).abs() < 1e-13, "{i},{j}: {x}");
            }
        }
        // Q1 has orthonormal columns.
        for j in 0..3 {
            for k in 0..3 {
                let d = dot(
                    &q[cols[j] * n..(cols[j] + 1) * n],
                    &q[cols[k] * n..(cols[k] + 1) * n],
                );
                assert!((d - if j == k { 1.0 } else { 0.0 }).abs() < 1e-14);
            }
        }
    }

    #[test]
    fn a_duplicated_column_is_moved_to_the_end() {
        let rows: &[&[f64]] = &[
            &[1.0, 2.0, 2.0, 1.0],
            &[1.0, 3.0, 3.0, 0.0],
            &[1.0, 5.0, 5.0, 2.0],
            &[1.0, 1.0, 1.0, 7.0],
        ];
        let (a, n, p) = matrix(rows);
        let qr = Qr::new(a, n, p, 1e-7);
        assert_eq!(qr.rank, 3);
        assert_eq!(qr.perm, vec![0, 1, 3, 2]);
    }

    #[test]
    fn a_zero_column_is_deficient() {
        let rows: &[&[f64]] = &[&[0.0, 1.0], &[0.0, 2.0], &[0.0, 4.0]];
        let (a, n, p) = matrix(rows);
        let qr = Qr::new(a, n, p, 1e-7);
        assert_eq!((qr.rank, qr.perm.clone()), (1, vec![1, 0]));
    }

    #[test]
    fn more_columns_than_rows() {
        let rows: &[&[f64]] = &[&[1.0, 2.0, 3.0], &[4.0, 5.0, 7.0]];
        let (a, n, p) = matrix(rows);
        let qr = Qr::new(a, n, p, 1e-7);
        assert_eq!(qr.rank, 2);
    }
}
