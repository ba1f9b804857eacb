"""English terms of art and their katakana renderings in machine-translated summaries."""

from __future__ import annotations

import pytest

from rag.loanwords import latin_words, rendered, renders_name, renders_phrase, renders_whole, romaji, same_word


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
        # "-tion" sounds ション
        ("iterations", "イテレーション"),
        ("quantization", "クオンタイゼーション"),
        ("annotation", "アノテーション"),
        ("attention", "アテンション"),
        ("question", "クエスチョン"),  # but "-stion" チョン
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


@pytest.mark.parametrize(
    ("name", "katakana"),
    [
        ("JOENA", "ジョエナ"),
        ("JOENA", "ジョーナ"),
        ("DataMan", "データマン"),
        ("RewardAgent", "リワードエージェント"),
        ("MIMoE-FND", "ミモエ"),
    ],
)
def test_a_coined_name_written_as_it_sounds(name, katakana):
    assert renders_name(name, katakana)


@pytest.mark.parametrize(
    ("name", "katakana"),
    [("DataMan", "データマイニング"), ("DataMan", "データ"), ("JOENA", "シーン"), ("RewardAgent", "リワード")],
)
def test_a_katakana_word_sharing_only_part_of_a_name_is_not_it(name, katakana):
    assert not renders_name(name, katakana)


def test_katakana_in_latin_letters():
    assert [romaji(k) for k in ("ジョーナ", "キョウト", "ティー", "シャッフル")] == ["jona", "kyouto", "ti", "shafuru"]


def test_a_few_words_run_together_in_katakana_render_a_phrase_name():
    """エージェンティックリワードモデリング sounds "Agentic Reward Modeling"; エネルギー alone is no phrase name."""
    assert renders_phrase("Agentic Reward Modeling", "エージェンティックリワードモデリング")
    assert not renders_phrase("energy-efficient transformer inference", "エネルギー")


@pytest.mark.parametrize(
    ("english", "katakana", "whole"),
    [
        ("quantization", "クオンタイゼーション", True),
        ("iterations", "イテレーション", True),  # the English plural
        ("computational", "コンピュータ", False),  # a longer word it only begins
    ],
)
def test_a_katakana_word_renders_the_whole_english_word(english, katakana, whole):
    assert renders_whole(english, katakana) == whole
