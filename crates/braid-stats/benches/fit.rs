//! Fit speed: the paper's Table 4 model 1 (605 rows × 15 coefficients) and a synthetic
//! 1,000,000 × 20 design. Run with `cargo bench -p braid-stats --bench fit`.

use std::hint::black_box;

use braid_stats::{ColumnValues, CsvOptions, Dataset, FitOptions, Robust, fit_ols};
use criterion::{Criterion, criterion_group, criterion_main};

const T4M1: &str = "depression ~ migration * belonging + girl + age + grade + siblings + korean + mother_edu + father_edu";

fn survey() -> (Dataset, FitOptions) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../corpus/survey/survey.csv"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let data = Dataset::from_csv(&text, "survey.csv", &CsvOptions::default()).unwrap();
    let mut options = FitOptions::default();
    options.refs.insert("migration".into(), "none".into());
    options.subset = vec![braid_stats::Condition::parse("sample=questionnaire").unwrap()];
    options.complete_on = "depression migration girl age grade siblings korean mother_edu father_edu belonging \
                           teacher_attitude teacher_satisfaction best_friends closeness peer_satisfaction"
        .split_whitespace()
        .map(String::from)
        .collect();
    (data, options)
}

/// `rows` × (`predictors` + 1) with standard-normal-ish predictors from a fixed generator.
pub fn synthetic(rows: usize, predictors: usize) -> (Dataset, String) {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut uniform = move || {
        // xorshift64*: deterministic and dependency-free.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut columns = Vec::with_capacity(predictors + 1);
    let mut y = vec![0.0; rows];
    for j in 0..predictors {
        let x: Vec<f64> = (0..rows)
            .map(|_| (0..4).map(|_| uniform()).sum::<f64>() - 2.0)
            .collect();
        for (yi, xi) in y.iter_mut().zip(&x) {
            *yi += (j as f64 + 1.0) * 0.1 * xi;
        }
        columns.push((format!("x{j}"), ColumnValues::Numeric(x)));
    }
    for yi in &mut y {
        *yi += uniform() - 0.5;
    }
    columns.insert(0, ("y".to_string(), ColumnValues::Numeric(y)));
    let formula = format!(
        "y ~ {}",
        (0..predictors)
            .map(|j| format!("x{j}"))
            .collect::<Vec<_>>()
            .join(" + ")
    );
    (
        Dataset::from_columns("synthetic", columns).unwrap(),
        formula,
    )
}

fn bench(c: &mut Criterion) {
    let (data, options) = survey();
    assert_eq!(
        fit_ols(&data, T4M1, &options).unwrap().coefficients.len(),
        15
    );
    c.bench_function("fit 605x15 (survey, Table 4 model 1)", |b| {
        b.iter(|| fit_ols(black_box(&data), T4M1, &options).unwrap())
    });
    let hc3 = FitOptions {
        robust: Some(Robust::Hc3),
        ..options.clone()
    };
    c.bench_function("fit 605x15 HC3", |b| {
        b.iter(|| fit_ols(black_box(&data), T4M1, &hc3).unwrap())
    });

    let (big, formula) = synthetic(1_000_000, 19);
    let mut group = c.benchmark_group("large");
    group.sample_size(10);
    group.bench_function("fit 1e6x20", |b| {
        b.iter(|| fit_ols(black_box(&big), &formula, &FitOptions::default()).unwrap())
    });
    let robust = FitOptions {
        robust: Some(Robust::Hc3),
        ..Default::default()
    };
    group.bench_function("fit 1e6x20 HC3", |b| {
        b.iter(|| fit_ols(black_box(&big), &formula, &robust).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
