//! The words the search index sees.
//!
//! Letters and digits in a run form one word, as in most tokenizers, except in scripts written
//! without spaces between words: Chinese characters and Japanese kana. There each character is
//! its own token, at consecutive positions, so that a query for `妈妈` becomes the phrase
//! `妈 妈` and matches inside `我想妈妈了`, where a run-is-a-word tokenizer would index only the
//! whole run and never match a word inside it. Korean (Hangul) separates words with spaces and
//! keeps the run rule.

use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenStream, Tokenizer};

/// The name the tokenizer is registered under in the index.
pub(crate) const NAME: &str = "braid";

/// Whether a character is written without spaces between words: CJK ideographs (with their
/// extensions and compatibility forms), Hiragana and Katakana.
pub(crate) fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x31F0..=0x31FF    // Katakana phonetic extensions
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF66..=0xFF9F    // half-width Katakana
        | 0x20000..=0x3134F  // CJK extensions B–G
    )
}

/// Splits text into words (runs of letters and digits) and single unspaced-script characters.
#[derive(Clone, Default)]
pub(crate) struct WordTokenizer {
    token: Token,
}

pub(crate) struct WordStream<'a> {
    text: &'a str,
    at: usize,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream { text, at: 0, token: &mut self.token }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        let rest = &self.text[self.at..];
        let Some((skip, first)) = rest.char_indices().find(|(_, c)| c.is_alphanumeric()) else {
            self.at = self.text.len();
            return false;
        };
        let start = self.at + skip;
        let end = if is_unspaced(first) {
            start + first.len_utf8()
        } else {
            let word = &self.text[start..];
            start + word.char_indices().find(|(_, c)| !c.is_alphanumeric() || is_unspaced(*c)).map_or(word.len(), |(i, _)| i)
        };
        self.token.position = self.token.position.wrapping_add(1);
        self.token.offset_from = start;
        self.token.offset_to = end;
        self.token.text.clear();
        self.token.text.push_str(&self.text[start..end]);
        self.at = end;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// The analyzer of the text field: words, no longer than 40 bytes, lowercased.
pub(crate) fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default()).filter(RemoveLongFilter::limit(40)).filter(LowerCaser).build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut a = analyzer();
        let mut out = Vec::new();
        a.token_stream(text).process(&mut |t| out.push((t.text.clone(), t.position, t.offset_from, t.offset_to)));
        out
    }

    #[test]
    fn latin_words_are_runs_of_letters_and_digits() {
        let t = tokens("Mom's in Korea, since 2019!");
        let words: Vec<&str> = t.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(words, ["mom", "s", "in", "korea", "since", "2019"]);
        assert_eq!((t[3].2, t[3].3), (9, 14));
        assert_eq!(t.iter().map(|x| x.1).collect::<Vec<_>>(), [0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn chinese_characters_are_one_token_each_at_consecutive_positions() {
        let t = tokens("我想妈妈了。Mom");
        let words: Vec<&str> = t.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(words, ["我", "想", "妈", "妈", "了", "mom"]);
        // Byte offsets: each of these characters is three bytes; the full stop too.
        assert_eq!((t[2].2, t[2].3), (6, 9));
        assert_eq!((t[5].2, t[5].3), (18, 21));
        assert_eq!(t.iter().map(|x| x.1).collect::<Vec<_>>(), [0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn mixed_runs_split_where_the_script_changes() {
        let words: Vec<String> = tokens("QQ群里聊天abc").into_iter().map(|x| x.0).collect();
        assert_eq!(words, ["qq", "群", "里", "聊", "天", "abc"]);
        // Korean keeps its space-separated words; kana splits like Chinese.
        let words: Vec<String> = tokens("엄마가 보고 싶어요 おかあさん").into_iter().map(|x| x.0).collect();
        assert_eq!(words, ["엄마가", "보고", "싶어요", "お", "か", "あ", "さ", "ん"]);
    }

    #[test]
    fn empty_and_punctuation_only_text_has_no_tokens() {
        assert!(tokens("").is_empty());
        assert!(tokens(" … —!? 。，").is_empty());
    }
}
