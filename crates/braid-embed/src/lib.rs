//! Sentence embeddings on the researcher's machine: a sentence-transformers BERT checkpoint
//! (by default `all-MiniLM-L6-v2`: 6 layers, 384 dimensions, mean pooling, normalised) run
//! with candle, its WordPiece tokenizer with `tokenizers`. No network, no Python.
//!
//! A model folder holds what sentence-transformers saves: `config.json` (the BERT),
//! `tokenizer.json`, `model.safetensors`, and optionally `modules.json` (whether the vectors
//! are normalised), `sentence_bert_config.json` (the longest input, in word pieces) and
//! `1_Pooling/config.json` (mean or CLS pooling). The folder's own files are read, never
//! assumed, so any such BERT checkpoint works, e.g. a multilingual one for a Chinese study.

use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use sha2::{Digest, Sha256};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

/// The model Braid ships and looks for by default.
pub const MODEL_NAME: &str = "all-MiniLM-L6-v2";

/// The most word pieces one window of a long turn holds (its special tokens included).
pub const MAX_WINDOW_PIECES: usize = 256;

/// Texts embedded in one forward pass.
const BATCH: usize = 16;

/// What can go wrong with a model folder or a run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file the folder must hold is missing.
    #[error("{}: no {file}; install the model with scripts/fetch-model, or point BRAID_MODEL_DIR at a sentence-transformers BERT folder", dir.display())]
    Missing {
        /// The folder.
        dir: PathBuf,
        /// The file.
        file: &'static str,
    },
    /// A file that cannot be read as what it should be.
    #[error("{}: {message}", path.display())]
    Bad {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The model failed while running.
    #[error("the embedding model failed: {0}")]
    Run(String),
}

/// A result of this crate.
pub type Result<T> = std::result::Result<T, Error>;

fn run<E: std::fmt::Display>(e: E) -> Error {
    Error::Run(e.to_string())
}

/// How token vectors become one vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pooling {
    /// The mean of the tokens' vectors (padding left out).
    Mean,
    /// The first token's (`[CLS]`) vector.
    Cls,
}

/// A loaded model, ready to embed.
pub struct Embedder {
    model: BertModel,
    tokenizer: Tokenizer,
    /// The same tokenizer without truncation or padding, for counting word pieces.
    plain: Tokenizer,
    pooling: Pooling,
    normalize: bool,
    max_pieces: usize,
    dims: usize,
    sha256: String,
    dir: PathBuf,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedder").field("dir", &self.dir).field("dims", &self.dims).field("sha256", &self.sha256).finish_non_exhaustive()
    }
}

/// The folders Braid looks in for the model, in order: `$BRAID_MODEL_DIR`; the user's data
/// folder (`$XDG_DATA_HOME/braid/models/all-MiniLM-L6-v2`, else under `~/.local/share`); and
/// the folder the Debian package installs (`/usr/share/braid/models/all-MiniLM-L6-v2`).
pub fn model_dirs() -> Vec<PathBuf> {
    if let Some(dir) = std::env::var_os("BRAID_MODEL_DIR").filter(|d| !d.is_empty()) {
        return vec![PathBuf::from(dir)];
    }
    let mut out = Vec::new();
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")));
    if let Some(data) = data {
        out.push(data.join("braid/models").join(MODEL_NAME));
    }
    out.push(PathBuf::from("/usr/share/braid/models").join(MODEL_NAME));
    out
}

/// The first of [`model_dirs`] that holds a model's weights, if any.
pub fn find_model_dir() -> Option<PathBuf> {
    model_dirs().into_iter().find(|d| d.join("model.safetensors").is_file())
}

/// The one line that says how to get the model when it is absent.
pub fn install_hint() -> String {
    let dirs: Vec<String> = model_dirs().iter().map(|d| d.display().to_string()).collect();
    format!(
        "the assist needs the local model {MODEL_NAME}, which is not installed (looked in {}); run scripts/fetch-model, or set BRAID_MODEL_DIR to a sentence-transformers BERT folder",
        dirs.join(", ")
    )
}

fn read(dir: &Path, file: &'static str) -> Result<Vec<u8>> {
    let path = dir.join(file);
    std::fs::read(&path).map_err(|e| if e.kind() == std::io::ErrorKind::NotFound { Error::Missing { dir: dir.to_path_buf(), file } } else { Error::Bad { path, message: e.to_string() } })
}

fn json(dir: &Path, file: &'static str) -> Result<Option<serde_json::Value>> {
    match read(dir, file) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| Error::Bad { path: dir.join(file), message: format!("not JSON: {e}") }),
        Err(Error::Missing { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

impl Embedder {
    /// Load the model in `dir`. Its weights are hashed, so that stored vectors can say which
    /// model made them.
    pub fn load(dir: &Path) -> Result<Embedder> {
        let config_bytes = read(dir, "config.json")?;
        let config: Config = serde_json::from_slice(&config_bytes).map_err(|e| Error::Bad { path: dir.join("config.json"), message: format!("not a BERT config: {e}") })?;
        let weights = read(dir, "model.safetensors")?;
        let sha256: String = Sha256::digest(&weights).iter().map(|b| format!("{b:02x}")).collect();
        let tokenizer_path = dir.join("tokenizer.json");
        if !tokenizer_path.is_file() {
            return Err(Error::Missing { dir: dir.to_path_buf(), file: "tokenizer.json" });
        }
        let mut tokenizer = Tokenizer::from_file(&tokenizer_path).map_err(|e| Error::Bad { path: tokenizer_path.clone(), message: e.to_string() })?;
        let mut plain = tokenizer.clone();
        plain.with_truncation(None).map_err(|e| Error::Bad { path: tokenizer_path.clone(), message: e.to_string() })?;
        plain.with_padding(None);
        let max_pieces = json(dir, "sentence_bert_config.json")?
            .and_then(|v| v.get("max_seq_length").and_then(serde_json::Value::as_u64))
            .map_or(MAX_WINDOW_PIECES, |n| n as usize)
            .min(config.max_position_embeddings);
        tokenizer
            .with_truncation(Some(TruncationParams { max_length: max_pieces, ..Default::default() }))
            .map_err(|e| Error::Bad { path: tokenizer_path.clone(), message: e.to_string() })?;
        tokenizer.with_padding(Some(PaddingParams { strategy: PaddingStrategy::BatchLongest, ..Default::default() }));
        let pooling = match json(dir, "1_Pooling/config.json")? {
            Some(p) if p.get("pooling_mode_cls_token").and_then(serde_json::Value::as_bool) == Some(true) => Pooling::Cls,
            _ => Pooling::Mean,
        };
        let normalize = json(dir, "modules.json")?.is_none_or(|m| m.to_string().contains("sentence_transformers.models.Normalize"));
        let vb = VarBuilder::from_buffered_safetensors(weights, DType::F32, &Device::Cpu).map_err(|e| Error::Bad { path: dir.join("model.safetensors"), message: e.to_string() })?;
        let model = BertModel::load(vb, &config).map_err(|e| Error::Bad { path: dir.join("model.safetensors"), message: format!("not the weights of this BERT: {e}") })?;
        Ok(Embedder { model, tokenizer, plain, pooling, normalize, max_pieces, dims: config.hidden_size, sha256, dir: dir.to_path_buf() })
    }

    /// The vectors' length.
    pub fn dims(&self) -> usize {
        self.dims
    }

    /// SHA-256 of the weights.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// The model's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The longest input, in word pieces (special tokens included); longer text is cut.
    pub fn max_pieces(&self) -> usize {
        self.max_pieces
    }

    /// One vector per text, in order.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        // Batches of texts of like length, so that little of each batch is padding.
        let lengths: Vec<usize> = texts.iter().map(|t| t.len()).collect();
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| lengths[i]);
        let batches: Vec<&[usize]> = order.chunks(BATCH).collect();
        // One worker per core, each taking every n-th batch: the matrix products of one batch
        // leave a second core mostly idle.
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8).min(batches.len().max(1));
        let results: Vec<Result<Vec<(usize, Vec<f32>)>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|w| {
                    let batches = &batches;
                    scope.spawn(move || -> Result<Vec<(usize, Vec<f32>)>> {
                        let mut mine = Vec::new();
                        for batch in batches.iter().skip(w).step_by(workers) {
                            let chunk: Vec<&str> = batch.iter().map(|&i| texts[i]).collect();
                            mine.extend(batch.iter().copied().zip(self.embed_batch(&chunk)?));
                        }
                        Ok(mine)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err(Error::Run("an embedding worker stopped".to_string())))).collect()
        });
        let mut out: Vec<Vec<f32>> = vec![Vec::new(); texts.len()];
        for r in results {
            for (i, v) in r? {
                out[i] = v;
            }
        }
        Ok(out)
    }

    fn embed_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let encodings = self.tokenizer.encode_batch(texts.to_vec(), true).map_err(run)?;
        let rows = encodings.len();
        let len = encodings.first().map_or(0, |e| e.get_ids().len());
        let flat = |f: &dyn Fn(&tokenizers::Encoding) -> &[u32]| -> Vec<u32> { encodings.iter().flat_map(|e| f(e).iter().copied()).collect() };
        let device = &self.model.device;
        let ids = Tensor::from_vec(flat(&|e| e.get_ids()), (rows, len), device).map_err(run)?;
        let types = Tensor::from_vec(flat(&|e| e.get_type_ids()), (rows, len), device).map_err(run)?;
        let mask = Tensor::from_vec(flat(&|e| e.get_attention_mask()), (rows, len), device).map_err(run)?;
        let hidden = self.model.forward(&ids, &types, Some(&mask)).map_err(run)?;
        let pooled = match self.pooling {
            Pooling::Cls => hidden.narrow(1, 0, 1).and_then(|t| t.squeeze(1)).map_err(run)?,
            Pooling::Mean => {
                let m = mask.to_dtype(DType::F32).and_then(|m| m.unsqueeze(2)).map_err(run)?;
                let sum = hidden.broadcast_mul(&m).and_then(|t| t.sum(1)).map_err(run)?;
                let count = m.sum(1).and_then(|c| c.clamp(1e-9f32, f32::MAX)).map_err(run)?;
                sum.broadcast_div(&count).map_err(run)?
            }
        };
        let pooled = if self.normalize {
            let norm = pooled.sqr().and_then(|s| s.sum_keepdim(1)).and_then(|s| s.sqrt()).and_then(|n| n.clamp(1e-12f32, f32::MAX)).map_err(run)?;
            pooled.broadcast_div(&norm).map_err(run)?
        } else {
            pooled
        };
        pooled.to_vec2::<f32>().map_err(run)
    }

    /// How many word pieces `text` is (without the special tokens).
    pub fn pieces(&self, text: &str) -> Result<usize> {
        Ok(self.plain.encode(text, false).map_err(run)?.get_ids().len())
    }

    /// Cut a long text into windows the model reads whole: each at most
    /// [`Embedder::max_pieces`] word pieces with its special tokens, cut between sentences,
    /// each window starting with the last sentence of the one before. A sentence longer than a
    /// window is cut between words. Byte ranges into `text`; a text that fits is one window.
    pub fn windows(&self, text: &str) -> Result<Vec<(usize, usize)>> {
        let budget = self.max_pieces.saturating_sub(2).max(8);
        let sentences = sentences(text);
        if self.pieces(text)? <= budget {
            return Ok(match (sentences.first(), sentences.last()) {
                (Some(first), Some(last)) => vec![(first.0, last.1)],
                _ => Vec::new(),
            });
        }
        let mut sized = Vec::with_capacity(sentences.len());
        for (s, e) in sentences {
            let n = self.pieces(&text[s..e])?;
            if n <= budget {
                sized.push((s, e, n));
            } else {
                // Too long for one window: cut it between words.
                let words = words(&text[s..e]);
                let mut start = s;
                let mut count = 0;
                let mut end = s;
                for (ws, we) in words {
                    let k = self.pieces(&text[s + ws..s + we])?;
                    if count + k > budget && end > start {
                        sized.push((start, end, count));
                        start = s + ws;
                        count = 0;
                    }
                    count += k;
                    end = s + we;
                }
                if end > start {
                    sized.push((start, end, count));
                }
            }
        }
        Ok(pack(&sized, budget))
    }
}

/// Group sized pieces `(start, end, pieces)` into windows of at most `budget` pieces, each
/// after the first starting with the last piece of the window before (the overlap).
pub fn pack(sized: &[(usize, usize, usize)], budget: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < sized.len() {
        let start = i;
        let mut total = 0;
        while i < sized.len() && (i == start || total + sized[i].2 <= budget) {
            total += sized[i].2;
            i += 1;
        }
        out.push((sized[start].0, sized[i - 1].1));
        if i < sized.len() && i - start > 1 {
            // Overlap: the next window starts with this window's last sentence.
            i -= 1;
        }
    }
    out
}

/// Sentences as byte ranges: cut after `.`, `!`, `?`, `。`, `！`, `？` or a line break,
/// with surrounding blanks left out.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let is_end = |c: char| matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '\n');
    // A closing quote or bracket right after an end mark belongs to the sentence it closes.
    let closes = |c: char| matches!(c, '"' | '”' | '’' | '\'' | ')' | '」' | '』');
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_end(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, n)) = chars.peek() {
            if is_end(n) || closes(n) {
                end = j + n.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        push_trimmed(text, start, end, &mut out);
        start = end;
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push((start + lead, end - trail));
    }
}

/// The cosine of two vectors (their dot product when both are normalised).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    if na == 0.0 || nb == 0.0 { 0.0 } else { dot / (na * nb) }
}

/// Reciprocal rank fusion: each item scores Σ 1 / (k + rank) over the rankings it appears in
/// (ranks from 1), highest first; ties keep the order of first appearance. `k = 60` is the
/// usual constant (Cormack, Clarke & Büttcher 2009).
pub fn reciprocal_rank_fusion<K: Clone + PartialEq>(rankings: &[Vec<K>], k: f64) -> Vec<(K, f64)> {
    let mut out: Vec<(K, f64)> = Vec::new();
    for ranking in rankings {
        for (i, key) in ranking.iter().enumerate() {
            let add = 1.0 / (k + (i + 1) as f64);
            match out.iter_mut().find(|(k2, _)| k2 == key) {
                Some((_, s)) => *s += add,
                None => out.push((key.clone(), add)),
            }
        }
    }
    out.sort_by(|a, b| b.1.total_cmp(&a.1));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_are_cut_at_their_ends_and_trimmed() {
        let text = "I miss her. Do you?  Yes!\nEvery night... \"Really?\" 妈妈。好";
        let got: Vec<&str> = sentences(text).into_iter().map(|(s, e)| &text[s..e]).collect();
        assert_eq!(got, ["I miss her.", "Do you?", "Yes!", "Every night...", "\"Really?\"", "妈妈。", "好"]);
        assert!(sentences("   ").is_empty());
    }

    #[test]
    fn windows_pack_sentences_and_overlap_by_one() {
        // Sentences of 5, 5, 5, 5 pieces in windows of 12: [0,1] then [1,2] then [2,3].
        let sized = [(0, 10, 5), (11, 20, 5), (21, 30, 5), (31, 40, 5)];
        assert_eq!(pack(&sized, 12), [(0, 20), (11, 30), (21, 40)]);
        // Everything fits: one window. A piece larger than the budget still gets a window.
        assert_eq!(pack(&sized, 100), [(0, 40)]);
        assert_eq!(pack(&[(0, 5, 50), (6, 9, 2)], 10), [(0, 5), (6, 9)]);
        assert!(pack(&[], 10).is_empty());
    }

    #[test]
    fn fusion_adds_reciprocal_ranks() {
        let fused = reciprocal_rank_fusion(&[vec!["a", "b", "c"], vec!["c", "a"]], 60.0);
        let keys: Vec<&str> = fused.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["a", "c", "b"]);
        assert!((fused[0].1 - (1.0 / 61.0 + 1.0 / 62.0)).abs() < 1e-12);
        assert!((fused[2].1 - 1.0 / 62.0).abs() < 1e-12);
    }

    #[test]
    fn cosine_of_vectors() {
        assert!((cosine(&[1.0, 0.0], &[1.0, 0.0]) - 1.0).abs() < 1e-6);
        assert!(cosine(&[1.0, 0.0], &[0.0, 2.0]).abs() < 1e-6);
        assert_eq!(cosine(&[0.0, 0.0], &[1.0, 1.0]), 0.0);
    }
}
