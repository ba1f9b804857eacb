"""The shipped Japanese arXiv digest, and digests with damaged entries."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from rag.models import Paper, paper_id_from_title
from rag.readers import ReadProblem, read_paths

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "arxiv-digest-2025-02-26.txt"
# SHA-256 of the seed file the corpus was shipped as: the copy in corpus/ must stay byte-identical to it.
SEED_SHA256 = "d1e4027d54073925e5c24e39a4989ba8600e4d3c1824730f4278c4c182fef85c"

EXPECTED = [
    (
        "Agentic Reward Modeling: Integrating Human Preferences with Verifiable Correctness "
        "Signals for Reliable Reward Systems",
        ["Hao Peng", "Yunjia Qi", "Xiaozhi Wang", "Zijun Yao", "Bin Xu", "Lei Hou", "Juanzi Li"],
        ["cs.AI", "cs.CL"],
    ),
    (
        "Modality Interactive Mixture-of-Experts for Fake News Detection",
        ["Yifan Liu", "Yaokun Liu", "Zelin Li", "Ruichen Yao", "Yang Zhang", "Dong Wang"],
        ["cs.AI", "cs.CL", "cs.LG", "I.2.4"],
    ),
    (
        "Joint Optimal Transport and Embedding for Network Alignment",
        ["Qi Yu", "Zhichen Zeng", "Yuchen Yan", "Lei Ying", "R. Srikant", "Hanghang Tong"],
        ["cs.AI", "cs.LG", "cs.SI"],
    ),
    (
        "Wasserstein Distances, Neuronal Entanglement, and Sparsity",
        ["Shashata Sawmya", "Linghao Kong", "Ilia Markov", "Dan Alistarh", "Nir Shavit"],
        ["cs.AI", "cs.LG"],
    ),
    (
        "Provable Acceleration for Diffusion Models under Minimal Assumptions",
        ["Gen Li", "Changxiao Cai"],
        ["cs.AI", "cs.LG", "math.OC", "stat.ML"],
    ),
    (
        "Controlled Diversity: Length-optimized Natural Language Generation",
        ["Diana Marie Schenke", "Timo Baumann"],
        ["cs.AI", "cs.CL"],
    ),
    (
        "Energy-Efficient Transformer Inference: Optimization Strategies for Time Series Classification",
        ["Arshia Kermani", "Ehsan Zeraatkar", "Habib Irani"],
        ["cs.AI", "cs.LG", "cs.PF"],
    ),
    (
        "The Hyperfitting Phenomenon: Sharpening and Stabilizing LLMs for Open-Ended Text Generation",
        ["Fredrik Carlsson", "Fangyu Liu", "Daniel Ward", "Murathan Kurfali", "Joakim Nivre"],
        ["cs.AI", "cs.CL"],
    ),
    (
        "Physics-Based Hybrid Machine Learning for Critical Heat Flux Prediction with Uncertainty Quantification",
        ["Aidan Furlong", "Xingang Zhao", "Robert Salko", "Xu Wu"],
        ["cs.AI", "cs.LG"],
    ),
    (
        "DataMan: Data Manager for Pre-training Large Language Models",
        ["Ru Peng", "Kexin Yang", "Yawen Zeng", "Junyang Lin", "Dayiheng Liu", "Junbo Zhao"],
        ["cs.AI", "cs.CL"],
    ),
]


def read(path: Path) -> tuple[list[Paper], list[ReadProblem]]:
    results = list(read_paths([path]))
    return (
        [r for r in results if isinstance(r, Paper)],
        [r for r in results if isinstance(r, ReadProblem)],
    )


def test_corpus_copy_is_byte_identical_to_the_seed():
    assert hashlib.sha256(CORPUS.read_bytes()).hexdigest() == SEED_SHA256


def test_all_ten_shipped_papers_parse_exactly():
    papers, problems = read(CORPUS)
    assert problems == []
    assert [(p.title, list(p.authors), list(p.categories)) for p in papers] == EXPECTED
    for paper in papers:
        assert paper.published == "2025-02-26" and paper.published_at.startswith("2025-02-26T")
        assert paper.id == paper_id_from_title(paper.title)  # never an invented arXiv number
        assert paper.url is None
        assert paper.source == str(CORPUS)
        assert paper.abstract and "  " not in paper.abstract and "\n" not in paper.abstract
        assert paper.summary_ja and "\n\n" not in paper.summary_ja
    assert len({p.id for p in papers}) == 10


def test_fields_keep_their_content():
    papers, _ = read(CORPUS)
    by_title = {p.title: p for p in papers}
    joena = by_title["Joint Optimal Transport and Embedding for Network Alignment"]
    assert "20x speedup" in joena.abstract
    assert joena.abstract.startswith("Network alignment, which aims to find node correspondence")
    assert joena.abstract.endswith("compared with the state-of-the-art alignment methods.")
    # The Japanese summary keeps one sentence a line, without the boilerplate around it.
    assert joena.summary_ja.startswith("さまざまなネットワーク全体でノード対応")
    assert "MRRの最大16%の改善と20倍のスピードアップ" in joena.summary_ja
    assert joena.summary_ja.count("\n") == 7
    assert "arxiv" not in joena.summary_ja.lower() and "カテゴリー" not in joena.summary_ja
    reward = papers[0]
    assert reward.abstract.endswith("(https://github.com/THU-KEG/Agentic-Reward-Modeling).")
    assert "要約" not in reward.abstract and "著者" not in reward.abstract


def test_ids_are_stable_across_reads():
    first, _ = read(CORPUS)
    second, _ = read(CORPUS)
    assert [p.id for p in first] == [p.id for p in second]
    assert [p.content_hash for p in first] == [p.content_hash for p in second]


def _write(tmp_path: Path, text: str, name: str = "digest.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _lines() -> list[str]:
    return CORPUS.read_text(encoding="utf-8").split("\n")


def test_entry_without_title_is_a_problem_at_its_first_line(tmp_path):
    lines = _lines()
    assert lines[29] == EXPECTED[1][0]
    del lines[29:31]  # the title of paper 2 and the blank line after it
    papers, problems = read(_write(tmp_path, "\n".join(lines)))
    assert len(papers) == 9 and EXPECTED[1][0] not in {p.title for p in papers}
    [problem] = problems
    assert problem.where == "line 30" and problem.reason == "entry has no title"
    assert str(problem) == f"{tmp_path / 'digest.txt'}: line 30: entry has no title"


def test_entry_without_abstract_is_a_problem_naming_its_title_line(tmp_path):
    lines = _lines()
    start = lines.index("要約(オリジナル)", 60)  # paper 3's English abstract section
    del lines[start : start + 3]
    papers, problems = read(_write(tmp_path, "\n".join(lines)))
    assert [p.title for p in papers] == [t for t, _, _ in EXPECTED if "Network Alignment" not in t]
    [problem] = problems
    assert (problem.where, problem.reason) == ("line 60", "entry has no abstract")


def test_a_lost_category_line_does_not_merge_two_entries(tmp_path):
    lines = _lines()
    assert lines[114].startswith("カテゴリー: cs.AI, cs.LG | Wasserstein")
    del lines[114]
    path = _write(tmp_path, "\n".join(lines))
    papers, problems = read(path)
    assert problems == []
    original, _ = read(CORPUS)
    expected = [replace(p, source=str(path)) for p in original]
    expected[3] = replace(expected[3], categories=())  # its only source was the lost line
    assert papers == expected


def test_markdown_copy_with_header_bom_and_crlf(tmp_path):
    text = "# arXiv digest 2025-02-26\n\n" + CORPUS.read_text(encoding="utf-8")
    path = tmp_path / "digest.md"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    papers, problems = read(path)
    assert problems == []
    assert [p.title for p in papers] == [t for t, _, _ in EXPECTED]


def test_digest_that_is_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "digest-sjis.txt"
    path.write_bytes(CORPUS.read_text(encoding="utf-8").encode("cp932", errors="replace"))
    papers, problems = read(path)
    assert papers == []
    [problem] = problems
    assert problem.reason.startswith("file is not valid UTF-8 (byte 0x")
    assert problem.reason.endswith("at line 3)")  # line 1 is an ASCII title, line 3 is 要約


def test_text_file_that_is_not_a_digest(tmp_path):
    path = _write(tmp_path, "Meeting notes\n\n- buy milk\n- read papers\n", "notes.txt")
    papers, problems = read(path)
    assert papers == []
    assert [(p.where, p.reason) for p in problems] == [(None, "not a recognised paper digest (no 要約 sections)")]


def test_control_characters_in_a_digest_entry(tmp_path):
    text = CORPUS.read_text(encoding="utf-8").replace("Reward models (RMs)", "Reward\x07models (RMs)")
    papers, problems = read(_write(tmp_path, text))
    assert len(papers) == 9
    [problem] = problems
    assert (problem.where, problem.reason) == ("line 1", "abstract contains control characters (U+0007)")


def test_summary_sentences_that_start_like_a_field_name(tmp_path):
    text = CORPUS.read_text(encoding="utf-8").replace(
        "Regidagentはバニラ報酬モデルを大幅に上回り",
        "著者らは、Regidagentがバニラ報酬モデルを大幅に上回り",
    )
    papers, problems = read(_write(tmp_path, text))
    assert problems == [] and len(papers) == 10
    assert "\n著者らは、Regidagentがバニラ報酬モデル" in papers[0].summary_ja
    assert papers[0].authors == tuple(EXPECTED[0][1])


def test_the_digest_gives_each_paper_its_moment_in_utc():
    papers, _ = read(CORPUS)
    assert papers[0].published_at == "2025-02-26T17:19:12Z"  # 「発行日 2025-02-26 17:19:12+00:00」
