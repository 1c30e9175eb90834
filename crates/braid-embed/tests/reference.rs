//! The port against the model's own library: Braid's embeddings of five fixed sentences agree
//! with sentence-transformers' (tests/data/reference.json, made by tests/data/reference.py) to
//! 1e-4 in cosine. Needs the model (scripts/fetch-model); `scripts/setup` fetches it.

use braid_embed::{Embedder, cosine, find_model_dir};

#[test]
fn embeddings_match_sentence_transformers() {
    let dir = find_model_dir().unwrap_or_else(|| panic!("{}", braid_embed::install_hint()));
    let embedder = Embedder::load(&dir).unwrap();
    assert_eq!((embedder.dims(), embedder.max_pieces()), (384, 256));
    let reference: serde_json::Value = serde_json::from_str(include_str!("data/reference.json")).unwrap();
    let sentences: Vec<&str> = reference["sentences"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    let mine = embedder.embed(&sentences).unwrap();
    for (i, v) in reference["vectors"].as_array().unwrap().iter().enumerate() {
        let theirs: Vec<f32> = v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap() as f32).collect();
        let c = cosine(&mine[i], &theirs);
        assert!(c > 1.0 - 1e-4, "sentence {i} ({:?}): cosine {c}", sentences[i]);
        let norm: f32 = mine[i].iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "normalised: {norm}");
    }
    // One at a time gives what the batch gave (padding changes nothing).
    let alone = embedder.embed(&sentences[1..2]).unwrap();
    assert!(cosine(&alone[0], &mine[1]) > 1.0 - 1e-5);
    // Saying the same thing in other words is nearer than another topic.
    assert!(cosine(&mine[0], &mine[1]) > cosine(&mine[0], &mine[3]));
}

#[test]
fn long_text_is_cut_into_overlapping_windows_that_fit() {
    let dir = find_model_dir().unwrap_or_else(|| panic!("{}", braid_embed::install_hint()));
    let embedder = Embedder::load(&dir).unwrap();
    let sentence = "My mother works in Seoul and calls me every night after her shift, and I tell her that school is fine.";
    let text = vec![sentence; 40].join(" ");
    let windows = embedder.windows(&text).unwrap();
    assert!(windows.len() > 1, "{windows:?}");
    for w in &windows {
        assert!(embedder.pieces(&text[w.0..w.1]).unwrap() + 2 <= embedder.max_pieces());
    }
    // Consecutive windows share a sentence, and together they cover the text.
    for pair in windows.windows(2) {
        assert!(pair[1].0 < pair[0].1, "{pair:?}");
    }
    assert_eq!((windows[0].0, windows.last().unwrap().1), (0, text.len()));
    assert_eq!(embedder.windows(sentence).unwrap(), [(0, sentence.len())]);
}

#[test]
fn a_folder_without_the_model_says_how_to_install_it() {
    let dir = tempfile::tempdir().unwrap();
    let err = Embedder::load(dir.path()).unwrap_err().to_string();
    assert!(err.contains("no config.json") && err.contains("scripts/fetch-model"), "{err}");
    std::fs::write(dir.path().join("config.json"), "{}").unwrap();
    let err = Embedder::load(dir.path()).unwrap_err().to_string();
    assert!(err.contains("config.json: not a BERT config"), "{err}");
}
