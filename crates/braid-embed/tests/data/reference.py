"""Reference embeddings (sentence-transformers 6.3.0, torch 2.15.0 on CPU) for braid-embed's port of all-MiniLM-L6-v2, made once with
sentence-transformers (the model's own library) from the same model folder Braid reads.

Usage: python reference.py MODEL_DIR > reference.json
(MODEL_DIR: what scripts/fetch-model unpacks, e.g. ~/.local/share/braid/models/all-MiniLM-L6-v2)
"""
import json
import sys

from sentence_transformers import SentenceTransformer

SENTENCES = [
    "I don't tell my friends that my mother works in Korea.",
    "I keep it to myself.",
    "The head teacher is very strict, everybody is quiet when she comes in.",
    "We play basketball after school and talk about everything.",
    "妈妈在韩国工作，我很想她。",
]

model = SentenceTransformer(sys.argv[1], device="cpu")
vectors = model.encode(SENTENCES, normalize_embeddings=False, convert_to_numpy=True)
json.dump(
    {
        "model": "all-MiniLM-L6-v2",
        "library": "sentence-transformers",
        "sentences": SENTENCES,
        "vectors": [[round(float(x), 7) for x in v] for v in vectors],
    },
    sys.stdout,
    ensure_ascii=False,
)
sys.stdout.write("\n")
