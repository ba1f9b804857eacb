"""English terms of art and their katakana renderings in machine-translated summaries."""

from __future__ import annotations

import pytest

from rag.answer.loanwords import latin_words, rendered, same_word


@pytest.mark.parametrize(
    ("english", "katakana"),
    [
        ("hyperfitting", "ハイパーフィッティング"),
        ("Wasserstein", "ワッサースタイン"),
        ("entanglement", "エンタングルメント"),
        ("entropy", "エントロピー"),
        ("transformer", "トランスフォーマー"),
        ("sampling", "サンプリング"),
        ("gating", "ゲーティング"),
        ("benchmark", "ベンチマーク"),
        ("polysemantic", "ポリセマンティック"),
        ("hyperfit", "ハイパーフィッティング"),  # a stem begins its rendering
    ],
)
def test_an_english_word_and_its_katakana_rendering_are_the_same_word(english, katakana):
    assert same_word(english, katakana)


@pytest.mark.parametrize(
    ("english", "katakana"),
    [
        ("model", "メモリ"),
        ("network", "ネット"),
        ("data", "デバイス"),
        ("token", "テキスト"),
        ("hyperfitting", "ハイブリッド"),
    ],
)
def test_words_that_only_share_some_sounds_are_not(english, katakana):
    assert not same_word(english, katakana)


def test_the_english_words_a_japanese_sentence_renders():
    question = "hyperfittingって具体的に何をすること？"
    sentence = (
        "小さなサンプルのセット(ハイパーフィッティングと呼ばれるプロセス)でゼロに近いトレーニング損失を達成する。"
    )
    assert latin_words(question) == ["hyperfitting"]
    assert rendered(latin_words(question), sentence) == {"hyperfitting"}
    assert rendered(["quantization"], sentence) == set()
