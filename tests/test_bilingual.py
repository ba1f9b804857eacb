"""Aligning a machine-translated Japanese summary with its English abstract, sentence by sentence."""

from __future__ import annotations

from rag.answer.bilingual import align, lost_in_translation, originals

ENGLISH = [
    "Reward models (RMs) are crucial for training large language models (LLMs).",
    "We empirically implement a reward agent, named RewardAgent, that combines two verifiable signals.",
    "RewardAgent significantly outperforms vanilla reward models.",
    "Our code is released.",
]
JAPANESE = [
    "報酬モデル(RMS)は、大規模な言語モデル(LLM)のトレーニングに不可欠です。",
    "私たちは、2つの検証可能な信号を組み合わせたRegidagentという名前の報酬エージェントを実装します。",
    "Regidagentはバニラ報酬モデルを大幅に上回ります。",
    "コードは公開されています。",
]


def test_sentences_are_aligned_in_order_by_what_translation_keeps():
    assert align(JAPANESE, ENGLISH)[:3] == [0, 1, 2]
    # nothing anchors "our code is released", but it is the last of both, after a pair that is anchored
    assert align(JAPANESE, ENGLISH)[3] == 3
    # one with no anchor alone between two anchored ones translates the English sentence between theirs
    assert align([JAPANESE[0], JAPANESE[3], JAPANESE[1]], [ENGLISH[0], ENGLISH[3], ENGLISH[1]]) == [0, 1, 2]
    # where there is no English sentence between theirs, it translates none
    assert align([JAPANESE[0], JAPANESE[3], JAPANESE[1]], ENGLISH[:2]) == [0, None, 1]


def test_a_translation_that_lost_a_name_or_number_gets_its_original():
    assert lost_in_translation(JAPANESE[1], ENGLISH[1])  # RewardAgent became Regidagent
    assert not lost_in_translation(JAPANESE[0], ENGLISH[0])  # RMs and LLMs are kept
    assert not lost_in_translation("ワッサースタインニューロン", "Wasserstein neurons")  # kept in katakana
    assert originals(JAPANESE, ENGLISH) == {1: 1, 2: 2}


def test_mathematics_always_gets_its_original():
    assert lost_in_translation(
        "$ \\ widetilde {o}(d/\\ varepsilon)$反復の複雑さを改善します。",
        "improving upon the $\\widetilde{O}(d/\\varepsilon)$ iteration complexity.",
    )


def test_a_term_with_a_one_letter_variable_is_a_name_translation_can_lose():
    """ "top-k sampling" translated as 「上位サンプリング」 loses the k the original gives."""
    assert lost_in_translation("上位サンプリングで評価します。", "We evaluate with top-k sampling.")
    assert not lost_in_translation("top-kサンプリングで評価します。", "We evaluate with top-k sampling.")
