use braid_stats::*;
fn main() {
    let text = std::fs::read_to_string("corpus/survey/survey.csv").unwrap();
    let d = Dataset::from_csv(&text, "survey.csv", &CsvOptions::default()).unwrap();
    let mut o = FitOptions::default();
    o.refs.insert("migration".into(), "none".into());
    let f = fit_ols(&d, "depression ~ migration * belonging + girl + age + grade + siblings + korean + mother_edu + father_edu", &o).unwrap();
    println!("{}", serde_json::to_string_pretty(&f).unwrap());
    o.robust = Some(Robust::Hc3);
    let f = fit_ols(&d, "depression ~ migration * belonging + girl + age + grade + siblings + korean + mother_edu + father_edu", &o).unwrap();
    println!("{}", serde_json::to_string(&f.coefficients[1]).unwrap());
    println!("{:?} {:?}", f.f, f.f_p);
}
