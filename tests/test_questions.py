"""Question analysis and conversation scope: what a question asks, before anything is retrieved."""

from __future__ import annotations

import pytest

from rag.answer.conversation import others_asked, resolve
from rag.answer.questions import (
    Kind,
    alternatives,
    analyse,
    asked_terms,
    asking_sentences,
    asks_an_aspect_only,
    asks_gist,
    asks_original_wording,
    asks_own_name,
    set_aside,
    topic_of,
)


def test_each_part_of_a_multi_part_question_is_a_clause_and_an_elliptical_part_keeps_the_topic():
    q = analyse("What problem does hyperfitting solve, and how?")
    assert [c.asks for c in q.clauses] == ["problem", "method"]
    assert q.clauses[1].topic == q.clauses[0].topic  # "and how?" is about hyperfitting's problem


def test_a_japanese_question_ending_in_ka_and_a_full_stop_ends_a_part():
    q = analyse("ハイパーフィッティングは本当に役立つのか。予測分布にはどんな特徴があるのか。")
    assert len(q.clauses) == 2 and q.clauses[0].text == "ハイパーフィッティングは本当に役立つのか"


def test_a_space_after_a_japanese_te_form_divides_parts_as_a_comma_does():
    """Typed, or spoken to a phone, a pause is a space: 「何を提案してて どういう仮定で…」."""
    q = analyse("拡散モデル加速の論文って何を提案してて どういう仮定で証明してるん")
    assert [c.text for c in q.clauses] == ["拡散モデル加速の論文って何を提案してて", "どういう仮定で証明してるん？"]


def test_a_count_asked_then_a_comma_divides_parts():
    """「手法３つと、…比較結果をまとめて」: the three methods, then the comparison, each its own part; a
    summary of a result is asked of the result, not of the whole paper."""
    q = analyse("CHFの論文で使われた不確実性定量化の手法３つと、純粋なＭＬのベースラインとの比較結果をまとめてください")
    assert [c.text.endswith(end) for c, end in zip(q.clauses, ("手法３つ", "まとめてください？"))] == [True, True]
    assert not asks_gist(q.clauses[1].text) and asks_gist("CHFの論文の内容をまとめてください")


def test_a_fragment_that_asks_nothing_joins_the_next_part():
    q = analyse(
        "In JOENA, how does optimal transport help the embedding part, and how do the embeddings in turn help OT?"
    )
    assert len(q.clauses) == 2 and q.clauses[0].text.startswith("In JOENA")


def test_quantity_parts_know_what_they_count():
    q = analyse("where did DataMan's quality criteria come from? how many criteria, how many domains?")
    assert [c.counted for c in q.clauses] == ["", "criteria", "domains"]
    assert [c.wants_number for c in q.clauses] == [False, True, True]
    # a Japanese count is 何 and a counter: 何件, 何回, 何エポック
    assert all(analyse(t).wants_number for t in ("データは何件ですか", "何回試しましたか", "何エポック学習しましたか"))
    assert not analyse("何を提案していますか").wants_number


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("JOENAの論文は何を提案していますか？", Kind.FACT),  # about a paper, not "how many papers"
        ("MIMoE-FNDの論文はいくつのベンチマークで評価されましたか？", Kind.FACT),
        ("論文は何本ありますか？", Kind.COUNT),
        ("このコレクションにはいくつの論文がありますか？", Kind.COUNT),
        ("論文の一覧をください", Kind.LIST),
        ("MoEを使った論文の一覧", Kind.SET),  # those on a topic, not the whole collection
        ("Mixture-of-Experts 構造 利用 論文 一覧", Kind.SET),
        ("list the papers you've got", Kind.LIST),
        ("How many papers are indexed?", Kind.COUNT),
        ("which paper has the latest timestamp in the set?", Kind.DATE),
    ],
)
def test_collection_questions_only_when_about_the_collection(question, kind):
    assert analyse(question).kind == kind


def test_a_clause_is_not_a_compared_thing():
    asked = analyse("Which datasets were used in the study, and which two families of optimizations did they compare?")
    assert asked.kind != Kind.COMPARE
    compared = analyse("How do the hyperfitting paper and Controlled Diversity differ in the problem they try to fix?")
    assert compared.kind == Kind.COMPARE and compared.parts == ("hyperfitting", "Controlled Diversity")


def test_the_things_said_to_share_something_are_compared_not_the_aspects_named_later():
    shared = analyse("JOENA と DataMan 論文はどちらも最適化を使うが、その目標と手段の違いを述べよ。")
    # (the spaces beside the Japanese are dropped before the question is read)
    assert shared.kind == Kind.COMPARE and shared.parts == ("JOENA", "DataMan論文")
    labelled = analyse("the heat flux ensembles and the Wasserstein neurons - what do they measure, in each?")
    assert labelled.kind == Kind.COMPARE and labelled.parts == ("heat flux ensembles", "Wasserstein neurons")


def test_whether_it_only_works_in_one_setting_asks_how_far_it_reaches():
    assert analyse("does that only work for text?").asks == "scope"
    assert analyse("Is the speedup restricted to stochastic samplers?").asks == "scope"
    assert analyse("is it purely a text thing, or did they try other kinds of output?").asks == "scope"


def test_are_there_papers_asks_for_every_paper_on_it():
    asked = analyse("Are there papers dealing with models that ignore a requested output length?")
    assert asked.plural and asked.identifies
    assert analyse("Are there studies on pruning?").plural


def test_the_thing_asked_for_runs_to_its_own_verb():
    assert (
        analyse("Which empirical heat flux correlations serve as base models?").focus
        == "empirical heat flux correlations"
    )
    assert analyse("Which deep uncertainty technique performed worst?").focus == "deep uncertainty technique"
    # "which kinds of experiments": the experiments are asked for, not the kinds
    assert analyse("…and how did they check it, which kinds of experiments?").focus == "experiments"
    assert analyse("What types of data did they filter?").focus == "data"


def test_how_it_was_validated_with_the_thing_validated_in_between():
    asked = analyse("JOENAって要するに何するもの？で、どうやって精度を確かめてる？")
    assert [c.asks for c in asked.clauses] == ["definition", "evaluation"]


def test_polite_japanese_asks_who_wrote_it():
    assert analyse("JOENAの論文はどなたが書いたのですか？").kind == Kind.AUTHORS
    assert analyse("それはどなたが書かれたのでしょう").kind == Kind.AUTHORS


def test_two_record_fields_asked_at_once():
    assert analyse("when did the JOENA paper come out, and by whom?").fields == ("date", "authors")


def test_when_it_was_published_in_statement_word_order_asks_the_date():
    assert analyse("when JOENA paper was published?").kind == Kind.DATE
    assert analyse("When the hyperfitting preprint was first posted?").kind == Kind.DATE
    assert analyse("hyperfitting paper – publish date?").kind == Kind.DATE  # "publish date", as typed


def test_three_things_listed_for_comparison_are_each_compared():
    listed = analyse("Compare the data of JOENA, DataMan and the hyperfitting paper")
    assert listed.kind == Kind.COMPARE and listed.parts == ("JOENA", "DataMan", "hyperfitting")
    # 「…をまとめて」 asks for a summary, but of three things side by side
    ja = analyse("DataMan、JOENA、臨界熱流束の論文について、それぞれの評価方法を比較してまとめて")
    assert ja.kind == Kind.COMPARE and ja.parts == ("DataMan", "JOENA", "臨界熱流束")


def test_what_a_question_wants_named_counted_or_ranked():
    assert analyse("What GPU did they use?").wants_name
    assert not analyse("Which failure regime do they target?").wants_name
    assert analyse("Which uncertainty technique did worst?").ranks
    assert analyse("which paper has the latest timestamp?").superlative == "latest"
    late = analyse("この中で最も遅い時刻に投稿された論文はどれですか")
    assert late.kind == Kind.DATE and late.superlative == "latest"
    assert analyse("一番早く公開された論文は？").superlative == "earliest"
    assert analyse("Which is the oldest paper?").superlative == "earliest"


def test_a_topic_shift_marker_ends_the_follow_up():
    history = [
        {"role": "user", "content": "What does DataMan annotate?"},
        {
            "role": "assistant",
            "content": "It annotates a corpus [1].\n\nReferences:\n[1] DataMan: Data Manager. Someone",
        },
    ]
    titled = lambda title: "dataman" if title.startswith("DataMan") else None  # noqa: E731
    named = lambda text: []  # noqa: E731
    assert resolve("Which of its models worked best?", history, named, titled).papers == ("dataman",)
    assert resolve("Different question: which of its models worked best?", history, named, titled) is None
    assert resolve("話は変わりますが、そのモデルは？", history, named, titled) is None
    assert resolve("別件なんですが、そのモデルの学習時間は？", history, named, titled) is None
    # after thanks for the last answer
    assert resolve("ありがとう！ところで、そのモデルの評価は？", history, named, titled) is None
    assert resolve("Thanks! By the way, which of its models worked best?", history, named, titled) is None
    assert resolve("Separately - which of its models worked best?", history, named, titled) is None
    assert resolve("switching: which of its models worked best?", history, named, titled) is None
    assert resolve("separate q: which of its models worked best?", history, named, titled) is None
    assert resolve("totally unrelated, but how long should I let it ferment?", history, named, titled) is None
    assert resolve("全然別件で、そのモデルの著者は？", history, named, titled) is None
    assert resolve("ok diff paper: which of its models worked best?", history, named, titled) is None
    assert resolve("一方、そのモデルの学習時間は？", history, named, titled) is None  # "on the other hand"
    assert resolve("あ、関係ないけど、その発表は何分？", history, named, titled) is None  # "unrelated, but"
    assert resolve("余談ですが、その著者の他の研究は？", history, named, titled) is None  # "an aside, but"
    assert resolve("先ほどとは別件ですが、その論文の著者は？", history, named, titled) is None  # "apart from that"


def test_a_follow_up_takes_the_reference_list_over_names_in_the_text():
    history = [
        {"role": "user", "content": "q"},
        {
            "role": "assistant",
            "content": "JOENA is mentioned here [1].\n\nReferences:\n[1] DataMan: Data Manager. Someone",
        },
    ]
    titled = lambda title: "dataman" if title.startswith("DataMan") else None  # noqa: E731
    named = lambda text: ["joena"] if "JOENA" in text else []  # noqa: E731
    assert resolve("Who wrote it?", history, named, titled).papers == ("dataman",)


def test_the_transcript_of_an_answer_is_read_back_as_its_papers(corpus_store):
    """The format follow-ups read is written beside its parser: a round trip gives the cited papers back."""
    from rag.answer.conversation import exchange
    from rag.answer.pipeline import Pipeline

    pipeline = Pipeline(corpus_store.settings, corpus_store)
    answer = pipeline.ask("Compare DataMan with JOENA")
    history = exchange("Compare DataMan with JOENA", answer)
    catalog = corpus_store.catalog
    follow = resolve(
        "Who wrote the second one?", history, lambda text: list(catalog.papers_named(text)), catalog.paper_titled
    )
    assert follow.previous == tuple(c.paper.id for c in answer.citations) and follow.papers == (
        answer.citations[1].paper.id,
    )


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("その論文は誰が書いたの?", Kind.AUTHORS),
        ("What complexity do standard samplers have, according to the authors?", Kind.FACT),
        ("この問題に対して、著者らはどのような対処法を示していますか", Kind.FACT),  # what the authors did
        ("著者らは何を提案していますか", Kind.FACT),
        ("どのような弱点があると著者らは指摘しているのでしょうか。", Kind.FACT),  # any verb of the work
        ("著者は、どこの国の大学に所属していますか", Kind.FACT),  # where they work: no field of the record
        ("JOENAの著者は？", Kind.AUTHORS),
        (
            "How do the authors of the hyperfitting paper stop models from repeating themselves?",
            Kind.FACT,
        ),  # what they did
        ("What do the authors of JOENA claim about convergence?", Kind.FACT),
        ("Who are the authors of the DataMan paper?", Kind.AUTHORS),
        ("DataManの著者は何人ですか", Kind.AUTHORS),
        ("原子力の分野にMLを応用した論文ってあります?", Kind.FACT),
        ("arxiv cats for DataMan?", Kind.CATEGORIES),
        ("時系列の論文とCHFの論文、それぞれ一番良かった数値を並べて", Kind.COMPARE),
        ("How does that compare to how DataMan feeds into training?", Kind.COMPARE),
        ("What's the core idea of JOENA, and how do its two sides help each other?", Kind.FACT),
        ("What's the core idea of JOENA?", Kind.GIST),
        ("DataManは具体的に何をするモデルですか？", Kind.GIST),  # what it does: its gist
        ("じゃあ、偽ニュース検出の論文を書いたのは?", Kind.AUTHORS),
        ("Wassersteinの論文とJOENA、どっちもOTを使ってるけど、問題は同じ?", Kind.COMPARE),
        ("Give me a list of every paper in the digest, one line each.", Kind.LIST),
        ("Can you list all the papers you have? Just titles is fine.", Kind.LIST),
        ("論文は全部で何本?タイトルを一覧にしてください。", Kind.COUNT),
        ("hyperfittingの論文がarXivに出たのはいつ?", Kind.DATE),
        ("Were DataMan and JOENA posted on the same day?", Kind.DATE),  # not a comparison of their days
        ("DataManとJOENAは同じ日に公開されましたか？", Kind.DATE),
        ("Hyperfittingの論文っていつarXivに出たんですか？", Kind.DATE),
        ("When was the JOENA paper uploaded to arXiv?", Kind.DATE),
        ("when did the fake news paper go online?", Kind.DATE),
        (
            "Between the CHF paper and the energy-efficient transformer paper, which reports a bigger gain?",
            Kind.COMPARE,
        ),
        ("Which papers use a list of benchmarks?", Kind.SET),
        ("Back to the papers: does the length-control work use existing fine-tuning?", Kind.FACT),
        ("Who's behind the diffusion acceleration paper?", Kind.AUTHORS),
        ("Both the hyperfitting paper and the length control paper fine-tune LLMs - what is each for?", Kind.COMPARE),
        ("あの論文、書いた人って誰だっけ？", Kind.AUTHORS),
        ("How many people rated the outputs in the length-control study?", Kind.FACT),
        ("How many people worked on DataMan?", Kind.AUTHORS),
        ("あれ書いたのだれ?", Kind.AUTHORS),
        ("ところで、その研究っていつ頃出たの？", Kind.DATE),
        ("One of these papers coins the term 'controlled diversity': what does it mean?", Kind.FACT),
    ],
)
def test_the_kind_of_answer_survives_phrasing(question, kind):
    assert analyse(question).kind == kind


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("How did they test whether it works?", "evaluation"),
        ("それをどうやって評価しているのか", "evaluation"),
        ("そして、どうやってその効果を確認しましたか？", "evaluation"),
        ("どのような実験で確かめたのですか", "evaluation"),  # どのような and どんな ask the same
        ("and how did they check that it really helps?", "evaluation"),
        ("How did the authors show it works?", "evaluation"),
        ("How did they come up with the criteria?", "origin"),
        ("この基準はどういう発想で作られたの？", "origin"),
        # 「…由来でないと」 describes the data, and 回避 asks how to avoid it
        ("学習データがベースモデル由来でないと品質が変わるそうですが、どう回避しますか？", "remedy"),
        ("どういう課題に取り組んでいますか", "problem"),
        ("Is there any downside to their training?", "drawback"),
        ("What training-data choice gets rid of the quality shift?", "remedy"),
        ("What's the training recipe?", "method"),
        ("For the fake news detector, how are the text and image fused?", "method"),  # a scene-setting opening
        ("DataMan - how does it rate documents?", "method"),
        ("How does JOENA stack up against other aligners?", "result"),  # a "how" that asks how well
        ("How does it measure up to plain reward models?", "result"),
        ("What's the weakness this framework is meant to work around?", "problem"),
        ("Why not just use a standard reward model?", "problem"),
        ("DataManって何をやっているの", "definition"),
        ("Does hyperfitting really work?", "result"),  # whether it works: what it achieves says so
        ("ハイパーフィッティングってほんまに効くん？", "result"),
        ("なんで効くんかの説明もあるん？", "explanation"),  # なんで効く: why it works, not the result 効く
        ("What do the DataMan authors conclude about the criteria?", "conclusion"),
        ("DataManの結論は？", "conclusion"),
        # "what is … the weakness of …?" asks what is wrong, not what a thing is
        ("What is, in the authors' view, the principal weakness of OT-based alignment?", "reason"),
        ("What is the problem JOENA solves?", "problem"),
        ("By what means is it evaluated?", "evaluation"),
        ("Was it evaluated against what, exactly?", "evaluation"),
    ],
)
def test_what_a_part_asks_for(question, asks):
    assert analyse(question).clauses[0].asks == asks


@pytest.mark.parametrize(
    ("question", "described"),
    [
        ("For the CHF hybrid models, what correlations did they use?", "CHF hybrid models"),
        ("話変わるけど、フェイクニュース検出の論文ってテキストも画像も扱うの?", "フェイクニュース検出"),
        ("On how many benchmarks was MIMoE-FND tested?", ""),
        ("Anything about graphs — matching nodes across networks?", ""),
        ("出力長を制御する研究ってどれですか？", ""),
        ("Separately - is there anything on graph matching?", ""),  # a change of subject, not a paper's label
        ("別件だけど、拡散モデルの論文ではステップ数はどう決めている？", "拡散モデル"),  # 別件 opens, describes nothing
        # a spaced dash ends the description: what follows is the question
        (
            "The paper on speeding up diffusion models - do you have to retrain, or does it plug in?",
            "speeding up diffusion models",
        ),
        ("The one about network alignment - what's the headline?", "network alignment"),
        ("For the reactor safety one, which model had the lowest error?", "reactor safety"),
        ("For the second one, how many tokens did they select?", ""),  # refers back
        ("Switching to the reactor one: who are its authors?", "reactor"),
        ("フェイクニュース検出の件ですが、言語はいくつ扱っていますか？", "フェイクニュース検出"),  # a topic set first
        ("Which is the best one?", ""),
        ("Who are the authors of the second one?", ""),  # refers back
        ("偽ニュース検出の研究について質問です。何種類のモダリティを扱っていますか？", "偽ニュース検出"),
        (
            "熱流束のハイブリッドモデルって、ベースに使った相関式はどれ？",
            "熱流束",
        ),  # って、 sets it off
        ("一方、Wasserstein 論文において、その neuron は LLM のどこにあるか。", "Wasserstein"),
        ("ok diff paper: for the fake news MoE, what do they say prior work ignores?", "fake news MoE"),
        (
            "続いて、拡散モデルを速くする論文。必要な反復は何回？",
            "拡散モデルを速くする",
        ),  # named in a sentence of its own
        # up to what the asker says of it
        ("The study about detecting fake news reportedly beat older methods. By how much?", "detecting fake news"),
        ("ネットワークアライメントの論文：何を統合していますか", "ネットワークアライメント"),  # a colon sets it off
    ],
)
def test_a_paper_described_rather_than_named(question, described):
    assert analyse(question).described == described


def test_ya_after_a_kanji_noun_ending_in_kana_lists_alternatives_but_not_in_an_adjective():
    listed = alternatives(analyse("同じ文の繰り返しや出力の長さを扱っている論文は？").topic)
    assert any(a.startswith("出力の長さ") for a in listed)
    easy = analyse("使いやすいツールの論文は？").topic  # 使いやすい: や begins やすい, lists nothing
    assert alternatives(easy) == [easy]


def test_a_list_of_one_word_items_is_a_list_of_alternatives():
    from rag.answer.questions import alternatives

    found = alternatives("model compression - pruning, quantization, sparsity")
    assert {"pruning", "quantization", "sparsity"} <= {a.strip() for a in found}
    assert "transport" in [a.strip() for a in alternatives("optimal transportやWasserstein距離")][1]
    assert "最適輸送(optimal transport)" in alternatives("最適輸送(optimal transport)やWasserstein距離")
    # one word before a comma and the question proper opens it ("honestly, how…"): no alternative of its own
    assert "honestly" not in [a.strip() for a in alternatives("honestly, how do eddy currents heat a transformer core")]
    # a condition ("when data is limited") says under what the question is asked, not a question of its own
    assert "sparsity" in [
        a.strip() for a in alternatives("making inference cheaper, like pruning, sparsity or quantization")
    ]
    assert "比較でそれが示され" not in alternatives(
        "Xは有効なのか 有効であるとすれば、比較でそれが示され、予測分布には特徴があるか"
    )
    assert "rather than just experiments" not in [
        a.strip() for a in alternatives("guarantees, proofs, rather than just experiments")
    ]
    assert "training data is limited" not in [
        a.strip() for a in alternatives("does it hold up when training data is limited")
    ]


def test_a_one_word_alternative_shares_the_tail_of_the_next():
    from rag.answer.questions import alternatives

    # "pruning / sparsity to make X cheaper": each word is the thing asked, the tail belongs to both
    assert "sparsity" in alternatives("pruning / sparsity to make decoding cheaper")
    # only after a one-word alternative: a longer one ("batch norm") says what the tail is not shared with
    assert "dropout" not in alternatives("batch norm or dropout for small data")
    # an article opens a phrase of its own, not a word sharing a tail
    assert "length" not in alternatives("hyperfitting or the length paper's approach to repetition")


def test_which_paper_is_asked_after_a_change_of_subject_too():
    assert analyse("Different question: which paper predicts heat flux?").identifies
    assert analyse("話は変わりますが、どの論文が拡散モデルを扱っていますか？").identifies
    assert not analyse("Different question: how fast is JOENA?").identifies


def test_asking_for_a_list_of_papers_wants_every_paper_that_fits():
    assert analyse("量子化を扱っている論文を挙げてください").plural
    assert analyse("which papers use quantization?").plural
    assert analyse("any quantization work in this collection?").plural
    assert analyse("量子化の論文ってどれ?").plural
    assert not analyse("量子化の論文で使われたデータセットを挙げてください").plural


def test_a_question_saying_how_many_things_it_wants_prefers_the_sentence_with_that_number():
    from rag.answer.evidence import stated_count

    pattern = stated_count("On what two criteria do they decide?")
    assert pattern and pattern.search("evaluating two key aspects: a and b") and not pattern.search("three datasets")
    assert stated_count("MIMoE-FNDの3つのベンチマーク").search("3つの実際のベンチマーク")
    assert stated_count("How many datasets?") is None


def test_asking_the_name_of_the_papers_own_method_wants_no_other_name():
    for question in (
        "What is the name of their proposed framework?",
        "この研究のモデルの名称と、学習データの量を教えて",
    ):
        assert asks_own_name(question) and not analyse(question).wants_name, question
    assert analyse("What are the names of the datasets?").wants_name
    # the model it chose, then its name: not the paper's own
    assert analyse("その研究では、どのLLMを使いましたか?モデルの名前を教えてください。").wants_name


def test_a_versus_in_brackets_contrasts_an_aspect_not_the_compared_papers():
    q = analyse("How do JOENA and the diffusion paper differ in what they speed up (training vs. sampling)?")
    assert q.kind == Kind.COMPARE and q.parts == ("JOENA", "diffusion")


def test_bare_words_after_a_question_are_guesses_at_its_answer_not_parts():
    q = analyse("which optimizer did DataMan train with? adam? sgd?")
    assert len(q.clauses) == 1 and q.focus.startswith("optimizer")
    assert len(analyse("What does JOENA solve? And how?").clauses) == 2
    # a Japanese part opening with a name is a part, not a guess ("…学習されていて、DataMan で選んだ…は何で測ってる?")
    assert len(analyse("DataMan 自体はどう学習されていて、DataMan で選んだデータの効果は何で測ってる?").clauses) == 2


def test_both_ends_the_second_compared_thing():
    q = analyse("DataMan and the RewardAgent paper both judge quality - how do they differ?")
    assert q.kind == Kind.COMPARE and q.parts == ("DataMan", "RewardAgent")


def test_the_asked_for_thing_runs_up_to_its_verb():
    assert analyse("Which good old empirical correlations did the reactor CHF model sit on?").focus == (
        "good old empirical correlations"
    )
    assert analyse("What GPU did they use?").focus == "GPU"


def test_how_the_answer_should_read_is_no_topic():
    """ "like I'm writing for a general magazine" says how to answer, not what about."""
    assert analyse(
        "The Wasserstein neurons thing - explain it like I'm writing for a general magazine."
    ).topic.split() == [
        "The",
        "Wasserstein",
        "neurons",
        "thing",
        "-",
        "it",
        ".",
    ]


def test_a_how_long_a_verb_governs_names_a_length_and_asks_no_number():
    """ "controlling how long an LLM's answers are" is about length; "how long does it take?" asks a number."""
    assert "length" in topic_of("Which paper deals with controlling how long an LLM's answers are?").split()
    assert "length" not in topic_of("How long does JOENA take to train?").split()


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "Both the agentic reward paper and DataMan use a model to score text. Where does each sit"
            " — pretraining data vs post-training?",
            ("agentic reward", "DataMan"),
        ),
        (
            "Two of these papers use MoE in different ways — the fake news one and the Wasserstein neurons one."
            " What role does it play in each?",
            ("fake news", "Wasserstein neurons"),
        ),
        ("RewardAgentとDataMan、「学習データをどう作るか」という軸で比べて", ("RewardAgent", "DataMan")),
        ("do they and the DataMan paper both fine-tune a model?", ("they", "DataMan")),
        (
            "The paper about graph matching and the diffusion one: what does each assume?",
            ("graph matching", "diffusion"),
        ),
        ("その論文と、偽ニュース検出の研究は、どちらもMoEを使っていますか？", ("その", "偽ニュース検出")),
        ("さっきの論文と、DataManの論文を比較してください", ("さっき", "DataMan")),
    ],
)
def test_two_papers_side_by_side_are_compared_not_the_aspects_named_later(question, parts):
    q = analyse(question)
    assert q.kind == Kind.COMPARE and q.parts == parts


def test_vice_versa_asks_the_other_direction_as_a_part_of_its_own():
    q = analyse("JOENA - how does the OT part help the embeddings and vice versa?")
    assert [c.text for c in q.clauses][1] == "how does the embeddings help the OT part?"


def test_a_plea_for_no_jargon_and_the_word_that_quotes_a_term_are_no_topic():
    """ "without the jargon", "the term 'X'": the quoted term is the topic, the rest says how to answer."""
    topic = analyse("A paper here uses the phrase 'neuronal entanglement'. Can you put it without any jargon?").topic
    assert "entanglement" in topic and "jargon" not in topic and "phrase" not in topic


def test_a_marker_leaving_the_last_topic_is_no_word_of_the_new_one():
    assert "nrelated" not in analyse("Unrelated to that: which paper studies energy use?").topic
    assert "nrelated" not in analyse("unrelated to the above, is DataMan open source?").topic
    assert "switching" not in analyse("switching - the diffusion speedup paper, what does it assume?").topic
    # the collection under another name: "this batch" is the papers themselves, no word of the topic
    assert "batch" not in analyse("Is there anything in this batch on calibrating uncertainty?").topic
    assert "set" not in analyse("anything in this set that looks at calibration?").topic
    assert "switching" in analyse("Does switching experts per token help the fake news model?").topic


def test_how_long_before_a_noun_phrase_is_an_embedded_question_about_length():
    """ "whether it says how long the outputs are" names length; "how long did it take" still asks a number."""
    assert "length" in topic_of("Does any paper look at how long the generated answers are?").split()
    assert "length" not in topic_of("How long did the training take?").split()


@pytest.mark.parametrize(
    ("asked", "bare"),
    [
        (
            "Hi! Quick question: how do the hyperfitting paper and DataMan differ? Thanks!",
            "how do the hyperfitting paper and DataMan differ?",
        ),
        ("Hello, which papers use a mixture of experts? Many thanks", "which papers use a mixture of experts?"),
        (
            "質問です。ハイパーフィッティングの論文の著者は誰？よろしくお願いします。",
            "ハイパーフィッティングの論文の著者は誰？",
        ),
        # a chat opener, and a question typed without its mark
        (
            "ok so, the fake news MoE vs the Wasserstein paper: how do their experts differ?",
            "the fake news MoE vs the Wasserstein paper: how do their experts differ?",
        ),
        ("hmm, which papers prune their models", "which papers prune their models?"),
        (
            "time-series energy paper - which GPU did they time it on? A100? H100",
            "time-series energy paper - which GPU did they time it on? A100? H100?",
        ),
        ("JOENAの著者は誰", "JOENAの著者は誰？"),
    ],
)
def test_greetings_and_thanks_around_a_question_change_nothing_of_it(asked, bare):
    polite, plain = analyse(asked), analyse(bare)
    assert (polite.kind, polite.parts, polite.topic, polite.clauses) == (
        plain.kind,
        plain.parts,
        plain.topic,
        plain.clauses,
    )
    assert analyse("Thanks!").text == "Thanks!"  # nothing but thanks stays what it is
    assert analyse("Well-known results on sparsity?").topic == analyse("well-known results on sparsity?").topic


def test_spaces_between_latin_words_and_japanese_separate_nothing():
    spaced, joined = (
        analyse("optimal transport や Wasserstein 距離の論文は？"),
        analyse("optimal transportやWasserstein距離の論文は？"),
    )
    assert (spaced.kind, spaced.topic, spaced.parts) == (joined.kind, joined.topic, joined.parts)
    assert analyse("DataMan の 14 個の品質基準って何？").text == "DataManの14個の品質基準って何？"


def test_the_authors_as_the_ones_doing_the_work_ask_no_author_list():
    assert analyse("How exactly do the authors of the JOENA paper pick their cost function?").kind != Kind.AUTHORS
    assert analyse("Who are the authors of the JOENA paper?").kind == Kind.AUTHORS


def test_is_there_anything_here_on_a_topic_asks_which_paper():
    assert analyse("is there anything here on the energy cost of inference?").identifies
    assert not analyse("is there anything surprising in the results?").identifies
    assert not analyse("Does DataMan say anything about licensing?").identifies  # asked of a paper, not which


def test_a_japanese_asked_for_thing_is_the_noun_its_relative_clause_ends_in():
    assert analyse("実験で採用された評価指標は何ですか？").focus == "評価指標"


def test_what_method_in_japanese_asks_how():
    assert analyse("その論文ではどんな方法を使いましたか？").asks == "method"


def test_a_japanese_which_asks_for_the_thing_it_picks_from():
    assert analyse("この研究では、どの経験的な相関式を使いましたか?").focus == "相関式"
    assert analyse("どのような弱点がありますか").focus == ""  # what kind, not which
    assert analyse("CHFの論文、どのモデルが一番よかったの？").focus == ""  # a word framing any question


def test_a_request_joined_by_and_is_a_part_of_its_own():
    clauses = analyse("Summarise what JOENA proposes and explain how the authors tested it").clauses
    assert len(clauses) == 2 and clauses[1].asks == "evaluation"


def test_a_yes_no_question_joined_by_and_would_is_a_part_of_its_own():
    clauses = analyse("Is it ready to use, and would people have to retrain their models?").clauses
    assert [c.text for c in clauses] == ["Is it ready to use", "would people have to retrain their models?"]


def test_stepping_back_from_a_paper_leaves_its_topic_and_which_studies_asks_for_all():
    from rag.answer.questions import SHIFT

    assert SHIFT.search("Stepping back from that paper: which studies here use optimal transport?")
    assert analyse("Stepping back from that paper: which studies here use optimal transport?").plural
    assert "that" not in analyse("Stepping back from that paper: which studies here use optimal transport?").topic


def test_how_a_hyphenated_name_was_evaluated_asks_the_evaluation():
    assert analyse("How was MIMoE-FND evaluated?").asks == "evaluation"


def test_going_about_something_frames_the_question():
    from rag.answer.questions import asked_terms

    assert asked_terms("how do they each go about pruning?") == asked_terms("pruning")


def test_a_japanese_request_to_list_then_describe_is_two_parts():
    clauses = analyse("JOENAが比較したベースラインを挙げ、それぞれの弱点を述べよ。").clauses
    assert len(clauses) == 2


def test_of_two_papers_which_is_which_compares_them():
    question = analyse("Of the JOENA paper and the hyperfitting paper, which one is more theoretical?")
    assert question.kind == Kind.COMPARE and len(question.parts) == 2


def test_asking_for_a_textbook_recommendation_is_help_no_abstract_gives():
    assert analyse("Can you recommend a good textbook on optimal transport?").practical
    assert analyse("最適輸送の入門書でおすすめはありますか？").practical
    assert not analyse("Which paper would you recommend on optimal transport?").practical


def test_anything_on_a_topic_asks_which_paper_and_a_one_word_alternative_shares_any_tail():
    assert analyse("anything in here on optimal transport?").identifies
    assert "sparsifying" in alternatives("pruning / sparsifying models, thinking about serving cost")


def test_two_papers_after_a_leading_label_of_them_are_compared():
    question = analyse("理論寄りの2本、拡散モデルの論文とWassersteinの論文では、前提はどう違いますか？")
    assert question.kind == Kind.COMPARE and question.parts == ("拡散モデル", "Wasserstein")


def test_fixed_as_an_adjective_asks_for_no_remedy():
    assert analyse("Does the energy paper use a fixed, hand-tuned pruning ratio?").asks != "remedy"
    assert analyse("Is the OT cost fixed in advance?").asks != "remedy"
    assert analyse("How did they fix the repetition problem?").asks == "remedy"
    assert analyse("Is the repetition fixed by hyperfitting?").asks == "remedy"


def test_a_described_paper_set_off_by_a_space_is_described():
    """「Xの論文　…」: a (full-width) space sets the description off as a comma would."""
    assert analyse("拡散モデル加速の論文　前提条件は何？").described == "拡散モデル加速"


def test_two_papers_asked_of_side_by_side_are_compared():
    question = analyse("What do the two theory papers prove: the diffusion acceleration one and the JOENA one?")
    assert question.kind == Kind.COMPARE and question.parts == ("diffusion acceleration", "JOENA")
    assert analyse("Which two papers use optimal transport?").kind != Kind.COMPARE  # nothing compared yet


def test_how_many_wrote_it_in_japanese_asks_for_the_authors():
    assert analyse("JOENAの論文は何人で書かれていますか？").kind == Kind.AUTHORS


def test_two_papers_said_to_share_something_after_a_comma_are_compared():
    question = analyse(
        "Hyperfitting の論文と DataMan の論文は、いずれも学習データに注目していますが、目的と手法の違いを比べてください。"
    )
    assert question.kind == Kind.COMPARE and question.parts[0] == "Hyperfitting" and "DataMan" in question.parts[1]


def test_the_x_one_in_japanese_describes_the_paper():
    assert analyse("拡散モデルの方、前提は何？").described == "拡散モデル"


def test_whether_a_paper_compared_its_own_models_is_asked_of_that_paper():
    assert analyse("Does the hyperfitting paper compare its models against Top-P sampling?").kind != Kind.COMPARE
    assert analyse("Compare the hyperfitting paper with DataMan.").kind == Kind.COMPARE


def test_two_papers_compared_after_a_sentence_setting_the_scene_are_compared():
    question = analyse("ゼミで手法系と評価系を並べて紹介したい。JOENAの論文と、核の熱流束の論文って方向性どう違う？")
    assert question.kind == Kind.COMPARE and question.parts == ("JOENA", "核の熱流束")


def test_the_model_filling_a_role_is_wanted_by_name():
    assert analyse("Which language model do they use as the judge inside the pipeline?").wants_name
    assert not analyse("Which model did best on the rare-event data?").wants_name


def test_three_papers_listed_after_across_are_compared():
    question = analyse("Across JOENA, DataMan and the CHF study, which ones report hard numbers?")
    assert question.kind == Kind.COMPARE and question.parts == ("JOENA", "DataMan", "CHF")
    assert analyse("Across the board, does JOENA beat the baselines?").kind != Kind.COMPARE


def test_what_a_question_asks_is_read_from_its_question_not_the_statements_before_it():
    """ "generalizes" in the scene-setting statement asks nothing of how far a finding extends."""
    question = analyse("Training past zero loss until it generalizes sounds like grokking. Is that what they claim?")
    assert question.asks == ""
    assert analyse("Does hyperfitting generalize to images?").asks == "scope"


def test_the_thing_whose_name_a_japanese_question_asks_is_its_focus():
    assert analyse("ハイブリッドで使われた相関式の名称を教えて").focus == "相関式"


def test_a_question_written_without_its_do_is_read_as_with_it():
    """A learner's "how they evaluate it?" is a part of its own, and "they select" is not what is counted."""
    question = analyse("What the agentic reward modeling paper propose, and how they evaluate it?")
    assert question.text.startswith("What does the agentic reward modeling paper propose, and how do they")
    assert analyse("how many tokens they select?").clauses[0].counted == "tokens"
    assert analyse("What the paper proposes?").text == "What the paper proposes?"
    assert analyse("what they found?").text == "what they found?"


def test_a_japanese_question_mostly_in_latin_letters_or_with_its_question_word_in_kana_is_read_as_japanese():
    question = analyse("MIMoE-FNDのaccuracyはなんパーセントですか？")
    assert question.lang == "ja" and "何パーセント" in question.text and question.wants_number
    assert analyse("What does 要約 mean?").lang == "en"


def test_chat_shorthand_is_read_as_the_words_it_stands_for():
    assert analyse("how many params is the dataman model?").text == "how many parameters is the dataman model?"
    assert analyse("mem savings wrt fp32?").text == "memory savings with respect to fp32?"
    # asides ask nothing: "tbh sounds too good" is no part of the question
    assert analyse("iirc the pruning one got 63% faster? tbh sounds too good").text.startswith("the pruning one")


def test_what_they_found_and_off_the_shelf_frame_a_question():
    """ "what's the catch they found?", "off-the-shelf tricks": no word a paper must write."""
    question = (
        "the length-control LLM paper - new architecture or off-the-shelf tricks? and what's the catch they found?"
    )
    assert set(asked_terms(question)) == {"lengthcontrol", "length", "control", "llm"}


def test_two_papers_named_in_brackets_are_the_two_compared():
    question = analyse("compare the two pruning-minded papers (the energy one and the neuron one): what does each use?")
    assert question.kind == Kind.COMPARE and question.parts == ("energy", "neuron")


def test_a_thing_set_aside_belongs_to_the_part_after_it():
    question = analyse("What is RewardAgent, and apart from benchmark scores, how did they test it?")
    assert [c.besides for c in question.clauses] == ["", "benchmark scores"]
    assert "benchmark" not in question.clauses[1].topic


def test_japanese_sets_aside_the_noun_phrase_before_igai():
    """「RewardAgentって人間の好みのスコア以外に」: the score is set aside, not the paper the sentence is about."""
    rest, aside = set_aside("RewardAgentって人間の好みのスコア以外に、どんな信号を使ってるの？")
    assert aside == "人間の好みのスコア" and rest.startswith("RewardAgentって")
    assert set_aside("besides JOENA, which papers use OT?") == ("which papers use OT?", "JOENA")


def test_examples_listed_after_a_japanese_question_belong_to_it():
    # 「…論文ってどれ？長さとか繰り返しとか」: the examples say what the question is about, they ask nothing
    clauses = analyse("LLMの文章生成をコントロールする系の論文ってどれ？長さとか繰り返しとか").clauses
    assert len(clauses) == 1 and "繰り返し" in clauses[0].topic


def test_which_of_two_described_papers_is_a_comparison():
    question = analyse("did the fake news paper or the energy efficient transformer paper use more datasets")
    assert question.kind == Kind.COMPARE and question.parts == ("fake news", "energy efficient transformer")
    # "is that the same kind of mixture of experts as in the fake news paper": the paper before, set beside one
    assert analyse("is that the same kind of mixture of experts as in the fake news paper").parts == (
        "that",
        "fake news",
    )


def test_a_closing_check_asks_for_the_claim_not_a_summary():
    question = analyse("So the Bayesian networks were less accurate but better calibrated – is that a fair summary?")
    assert question.kind == Kind.FACT and "summary" not in question.topic


def test_a_part_opening_with_a_preposition_before_its_question_word_is_a_part():
    clauses = analyse(
        "What is the central claim of the hyperfitting paper, and against which decoding strategy was it compared?"
    ).clauses
    assert len(clauses) == 2 and "decoding strategy" in clauses[1].topic


def test_shown_only_for_asks_how_far_a_finding_extends():
    assert analyse("So the improvement is demonstrated only for text models?").asks == "scope"
    assert analyse("Has it only been tested on text?").asks == "scope"


def test_a_preprint_on_news_is_a_paper_a_news_article_is_not():
    assert analyse("what does the fake news preprint propose?").text == "what does the fake news paper propose?"
    assert analyse("is this news article fake?").text == "is this news article fake?"


def test_two_counts_asked_one_after_the_other_are_two_parts():
    clauses = analyse("JOENAでは評価データセットをいくつ、比較手法をいくつ使いましたか？").clauses
    assert len(clauses) == 2 and all(c.wants_number for c in clauses)


def test_of_three_listed_papers_which_one_compares_the_three():
    question = analyse(
        "Of the JOENA paper, the DataMan paper and the hyperfitting paper, which one trains on most data?"
    )
    assert question.kind == Kind.COMPARE and len(question.parts) == 3


def test_chat_shorthand_for_sequences_and_a_trailing_tho_are_read():
    assert analyse("do the models repeat the seqs they saw tho?").text == "do the models repeat the sequences they saw?"


def test_the_same_question_again_in_other_words_is_no_part_of_its_own():
    question = analyse("How much extra compute does JOENA need? I.e. is it more expensive to run?")
    assert len(question.clauses) == 1 and question.focus == "compute"
    assert len(analyse("DataManはどう選ぶの？つまり、品質の基準は何？").clauses) == 1
    assert len(analyse("How much extra compute does JOENA need? Is it more expensive to run?").clauses) == 2


def test_an_example_in_brackets_is_an_optional_part_of_the_topic():
    found = alternatives("linking nodes across two networks (e.g. matching accounts between platforms)")
    assert "linking nodes across two networks" in [a.strip() for a in found]
    assert "ノードを対応付ける 研究" in alternatives("ノードを対応付ける（例えばIDの紐付け）研究")


def test_the_asking_sentences_are_those_ending_as_questions():
    assert asking_sentences("We fund reactors. What does the CHF paper propose?") == "What does the CHF paper propose?"
    assert asking_sentences("どこから導出したんですか?人手ではなく、異常から作った、ということでしょうか。") == (
        "どこから導出したんですか? 人手ではなく、異常から作った、ということでしょうか。"
    )


def test_a_relative_which_clause_is_no_part_of_its_own():
    clauses = analyse("I thought of the alignment paper, which uses OT as well. What weakness does it name?").clauses
    assert len(clauses) == 1
    assert len(analyse("What does JOENA propose, which datasets did they use?").clauses) == 2


def test_chat_typed_whats_asks_two_parts():
    clauses = analyse("whats dataman in like one sentence and whats the best result they got with it").clauses
    assert len(clauses) == 2 and clauses[1].asks == "result"


def test_a_japanese_count_names_what_it_counts_before_ikutsu():
    assert analyse("DataManのドメインはいくつに分類していますか？").clauses[0].counted == "ドメイン"
    assert analyse("何種類の応用ドメインを使いましたか").clauses[0].counted == "応用ドメイン"


def test_asking_how_to_say_a_word_in_another_language_is_help_no_abstract_gives():
    assert analyse("How do I say 'misinformation' in Japanese?").practical
    assert analyse("「誤情報」は英語で何と言いますか？").practical
    assert not analyse("Explain hyperfitting in Japanese").practical


def test_patent_style_japanese_reads_as_asking_which_paper():
    """文献 is 論文, 本コレクション is このコレクション: 「…を開示する文献はどれか」 asks which papers."""
    question = analyse("本コレクション中、最適輸送を開示する文献はどれか。")
    assert question.kind == Kind.SET and question.identifies
    assert "文献" not in question.topic and "中" not in question.topic.split()


def test_formal_japanese_question_words_and_te_form_make_two_parts():
    """「いかなる手段が採用されており、その効果はいかなる観点から評価されているか」: a method and an evaluation."""
    clauses = analyse("JOENAではいかなる手段が採用されており、その効果はいかなる観点から評価されているか。").clauses
    assert [c.asks for c in clauses] == ["method", "evaluation"]


def test_by_which_experiments_asks_for_the_evaluation():
    clauses = analyse("What is new in RewardAgent, and by which experiments is it evaluated?").clauses
    assert clauses[-1].asks == "evaluation"


def test_the_exact_value_of_a_setting_is_the_asked_for_number():
    question = analyse("Does it give the exact length tolerance used?")
    assert question.focus == "length tolerance" and question.wants_number


def test_a_term_glossed_in_the_other_script_is_covered_without_its_gloss():
    assert "Mixture-of-Experts 構成" in alternatives("Mixture-of-Experts（専門家混合）構成")
    # a Japanese gloss of a Japanese term may be the very thing asked: kept
    assert alternatives("沸騰曲線（抜山曲線）の形") == ["沸騰曲線（抜山曲線）の形"]


def test_a_second_sentence_ending_in_ka_is_a_part_of_its_own():
    """「…前提条件は何か。…仮定は必須とされているか。」: two questions, the second a yes/no one ending in か。"""
    clauses = analyse("DataManの前提条件は何か。制限的な仮定は必須とされているか。").clauses
    assert len(clauses) == 2


def test_a_formal_and_joins_two_parts():
    """「…構成要件（何と何とを組み合わせるのか）、及び…確認方法は何か」: what it combines, and how it was checked."""
    clauses = analyse("JOENAの構成要件（何と何とを組み合わせるのか）、及び有効性の確認方法は何か。").clauses
    assert len(clauses) == 2 and clauses[1].asks == "evaluation"


def test_a_request_to_tell_ends_a_part():
    """「…扱っていますか?既存手法との違いも教えてください。」: the request is a part of its own."""
    assert len(analyse("JOENAはノイズをどう扱っていますか?既存手法との違いも教えてください。").clauses) == 2


def test_existing_methods_are_no_paper_to_compare_with():
    assert analyse("JOENAと既存手法との違いは？").kind != Kind.COMPARE
    assert analyse("JOENAとDataManの違いは？").kind == Kind.COMPARE
    # 既存手法 is what is asked about, not "which method"
    assert analyse("既存手法との違いは？").clauses[0].asks != "method"


def test_vulnerable_people_are_no_shortcoming():
    from rag.answer.evidence import SHORTCOMING

    assert not SHORTCOMING.search("It may better safeguard vulnerable communities against its harmful effects.")
    assert not SHORTCOMING.search("その有害な効果から脆弱なコミュニティを保護します。")
    assert SHORTCOMING.search("Such pairs are vulnerable to graph noises.")


def test_where_the_authors_work_is_no_question_for_the_author_list():
    """The record lists names only: 「著者はどこの大学に所属」 is a question of the paper's text."""
    assert analyse("DataManの著者は、どこの国の大学に所属していますか？").kind == Kind.FACT
    assert analyse("DataManの著者は誰ですか？").kind == Kind.AUTHORS


def test_how_many_papers_the_materials_hold_is_the_collection_count():
    assert analyse("この資料にはいくつの論文が収められておりますでしょうか。").kind == Kind.COUNT


def test_dealing_with_something_frames_the_question():
    assert "対処" not in asked_terms(analyse("どのように対処すればよいでしょうか。").topic)


def test_a_complaint_about_the_existing_ones_asks_for_their_shortcoming():
    from rag.answer.evidence import SHORTCOMING, _asks_shortcoming

    assert _asks_shortcoming("What is the authors' complaint about the existing ones?")
    assert SHORTCOMING.search("Existing models focus on X, neglecting verifiable signals.")


def test_whoever_the_asker_says_they_are_is_no_word_of_the_topic():
    terms_asked = asked_terms(analyse("Describe JOENA as if I were a sales manager, not a researcher.").topic)
    assert not {"sale", "manag", "research"} & set(terms_asked)


def test_out_of_three_things_which_ones_compares_all_three():
    question = analyse("Out of DataMan, the fake-news paper and the CHF study, which ones report accuracy figures?")
    assert question.kind == Kind.COMPARE and len(question.parts) == 3


def test_the_announcement_date_is_a_record_field():
    assert analyse("JOENAの発表日とカテゴリーを教えて").fields == ("date", "categories")


def test_what_kind_of_rate_asks_for_a_number():
    assert analyse("what convergence rate is proven?").wants_number


def test_what_it_was_tested_on_asks_for_the_evaluation():
    assert analyse("What was DataMan evaluated on?").clauses[0].asks == "evaluation"
    assert analyse("what did they run it on, a GPU?").clauses[0].asks != "evaluation"


def test_a_second_question_word_after_a_te_form_starts_a_part():
    assert len(analyse("JOENAは何を入力して何を出力しますか？").clauses) == 2
    assert len(analyse("JOENAって何を返しますか？").clauses) == 1


def test_best_in_katakana_asks_which_ranks_first():
    question = analyse("UQ手法はどれがベストでしたか？")
    assert question.ranks and question.clauses[0].asks == "result"


def test_an_unrelated_matter_said_politely_changes_the_subject():
    from rag.answer.questions import SHIFT

    assert SHIFT.search("全然関係ないんですが、明日の天気はどうですか？")


def test_everyday_japanese_for_social_media_and_misinformation_reads_as_the_summaries_write_it():
    text = analyse("SNSの誤情報を見抜く研究はありますか？").text
    assert "ソーシャルメディア" in text and "誤った情報" in text


def test_a_request_for_tips_is_practical_help():
    assert analyse("Any tips for explaining optimal transport to first-year students?").practical
    assert analyse("論文を速く読むコツはありますか？").practical
    assert not analyse("Does JOENA tip the balance toward embeddings?").practical


def test_short_and_plural_date_fields_and_listing_every_title():
    assert analyse("pub date?").kind == Kind.DATE
    assert analyse("show each paper with its release dates").fields == ("date",)
    assert analyse("論文のタイトルをすべて列挙してください").kind == Kind.LIST


def test_the_tail_of_a_contraction_and_touch_on_are_no_topic():
    assert asked_terms("Does any of them touch on pruning after they've been trained?") == ["prune", "train"]


def test_asking_whether_such_papers_are_here_describes_no_one_paper():
    """「…を使ってる論文ってこの中にある？」 asks which papers there are, as "is there any paper using…" does."""
    assert not analyse("画像を扱っている論文ってこの中にある？").singular
    assert analyse("画像を扱っている論文ってこの中にある？").clauses[0].asks == "topic"
    assert analyse("画像を扱っている論文の手法は？").singular


def test_who_did_the_work_and_the_last_author_ask_for_the_authors():
    assert analyse("who did this research?").kind == Kind.AUTHORS
    assert analyse("JOENAのファーストオーサーは？").kind == Kind.AUTHORS


def test_the_subject_changed_in_hiragana_leaves_the_topic():
    from rag.answer.questions import SHIFT

    assert SHIFT.search("話かわりますが、DataManの評価は？")


def test_teka_leaves_the_topic_unless_it_points_back():
    from rag.answer.questions import SHIFT

    assert SHIFT.search("てか、週末の天気ってどうなるかな？")
    assert not SHIFT.search("てか、それって本当に速いの？")


def test_a_character_count_is_the_length_the_summaries_speak_of():
    assert "長さ" in analyse("LLMに文字数を守らせる研究はありますか？").text


def test_asking_whether_a_paper_on_it_is_in_here_identifies_the_paper():
    assert analyse("報酬モデル(RLHF周り)に関する論文はこの中にありますか?").identifies


def test_how_the_asker_should_do_something_asks_for_help():
    from rag.answer.questions import asks_for_help

    assert asks_for_help("生徒の小論文がいつも字数オーバーします。どう指導したらいいと思いますか?")
    assert asks_for_help("My students go over the word limit. How should I coach them?")
    assert not asks_for_help("How do we know the speedup holds?")
    assert not asks_for_help("どうすればいいと論文には書いてありますか？")


def test_authors_asked_mid_text_with_a_remembered_name_is_one_authors_question():
    question = analyse("the hyperfitting paper, authors? I think first one is Carlson or something")
    assert question.kind == Kind.AUTHORS and len(question.clauses) == 1
    # a remembered description of anything else stays a part that finds its sentence
    recalled = analyse("Where did they get the idea from? I recall some heuristic about what helps the model.")
    assert len(recalled.clauses) == 2


def test_the_idea_of_a_method_asks_what_it_is_not_where_it_came_from():
    assert analyse("JOENAはどういう考え方の手法ですか？").clauses[0].asks != "origin"
    assert analyse("DataManはどんな考え方から生まれましたか？").clauses[0].asks == "origin"


def test_a_formal_request_and_the_junction_of_two_framing_words_ask_nothing():
    assert asked_terms(analyse("DataManの評価方法についてご教示ください。").topic) == ["dataman"]


def test_the_authors_doing_the_work_do_not_ask_who_they_are():
    assert (
        analyse("I was wondering whether the authors of the DataMan paper report confidence intervals.").kind
        == Kind.FACT
    )
    assert analyse("authors of the paper that reports 16%?").kind == Kind.AUTHORS


def test_a_word_limit_is_a_length_limit():
    assert "length limit" in analyse("Can LLMs be trained to stick to a word limit?").text


def test_a_whole_question_of_one_word_is_a_part_that_can_be_covered():
    from rag.answer.questions import alternatives

    assert "What is hyperfitting" in alternatives("What is hyperfitting, and does the effect hold outside of text")
    assert "what lr" not in alternatives("what lr and how many epochs do you need for hyperfitting")
    assert "what was the score" not in alternatives("Who won the last World Cup final and what was the score")


def test_this_described_paper_is_described():
    assert analyse("この長さ制御の論文では、どのLLMを使いましたか?").described == "長さ制御"
    assert analyse("この論文では何を提案していますか？").described == ""


def test_if_it_works_only_sets_the_condition_of_the_reason_asked():
    clauses = analyse("DataManって本当に効くの？効くとしたらなんで効くのか書いてある？").clauses
    assert [c.asks for c in clauses[:2]] == ["result", "explanation"]


def test_what_they_did_about_it_asks_the_remedy():
    clauses = analyse("What makes sampling slow in diffusion models, and what did they do about it?").clauses
    assert clauses[-1].asks == "remedy"


def test_whether_it_works_asked_beside_why_asks_the_result():
    clauses = analyse("Does DataMan actually work, and why?").clauses
    assert [c.asks for c in clauses] == ["result", "reason"]


def test_a_study_recalled_with_mo_after_a_change_of_subject_is_described():
    question = analyse("別の話ですが、原子炉の熱の予測にAIを使う研究もありましたよね。データが少なくても大丈夫？")
    assert question.described == "原子炉の熱の予測にAIを使う"


def test_a_formal_change_of_subject_leaves_the_described_paper_asked_about():
    question = analyse("話題を変えまして、拡散モデルの論文についてお伺いします。仮定は何ですか。")
    assert question.described == "拡散モデル"


def test_a_pair_after_what_they_have_in_common_is_compared():
    """「速さの改善を数字で言ってるのって JOENAとtransformerの時系列のやつ?どっちが…」: what the two share comes first,
    the pair closes with a half-width question mark, and which of them is asked next."""
    compared = analyse(
        "速さの改善を数字で言ってるのって JOENAとtransformerの時系列のやつ?どっちがどれくらい速くなったか比べて"
    )
    assert compared.kind == Kind.COMPARE and compared.parts == ("JOENA", "transformerの時系列のやつ")
    # 「…って？普通のランダム選択との比較も込みで」: one thing set against what was asked, no pair of papers
    alone = analyse("DataManの性能って？普通のランダム選択との比較も込みでお願いします")
    assert alone.kind != Kind.COMPARE
    # 「…ときでも同じ？」: a と inside a word, and no question of which
    assert analyse("それって小さいモデルのときでも同じ？").kind != Kind.COMPARE


@pytest.mark.parametrize(
    ("question", "superlative"),
    [
        ("Which paper has the most authors?", "most"),
        ("which of them has the shortest author list?", "fewest"),
        ("著者が一番少ない論文は？", "fewest"),
        ("who are the authors of DataMan?", ""),
    ],
)
def test_the_author_count_asked_at_its_extreme(question, superlative):
    analysed = analyse(question)
    assert analysed.kind == Kind.AUTHORS and analysed.superlative == superlative


def test_a_space_after_the_paper_described_is_a_pause_before_a_latin_term():
    """「時系列のやつ L1プルーニングで…」: the space ends the description as a comma would; 「MIMoE-FND の仕組み」's
    space separates nothing."""
    assert analyse("時系列のやつ L1プルーニングで推論何%速くなったん").described == "時系列"
    assert analyse("MIMoE-FND の仕組みは？").text == "MIMoE-FNDの仕組みは？"


def test_more_papers_are_asked_for_by_naming_papers_or_by_nothing_else():
    """ "any other papers on pruning?" and a bare 「他にもある？」 (the last question again) ask for more papers;
    「データセットは他にある？」 and "anything else about its evaluation?" ask more of the same paper."""
    history = [{"role": "user", "content": "MoEの論文はある？"}, {"role": "assistant", "content": "…"}]
    assert others_asked("他にもある？", history) == "MoEの論文はある？"
    assert others_asked("any other papers on pruning?", history) == "any other papers on pruning?"
    assert others_asked("データセットは他にある？", history) is None
    assert others_asked("anything else about its evaluation?", history) is None
    assert others_asked("他にもある？", []) is None


def test_a_check_back_in_its_own_sentence_leaves_the_claim_as_the_question():
    """ "A friend says X. Is that a fair description?": the claim is what is asked about, as with a comma."""
    question = "A friend says JOENA needs no anchor links at all. Is that a fair description?"
    assert "description" not in analyse(question).text and "anchor links" in analyse(question).text


def test_what_a_paper_is_measured_against_is_not_a_comparison_of_papers():
    """「結果は何と比べてる？」 asks what one paper compares its results with; the paper so described is asked about."""
    analysed = analyse("エネルギー効率の論文なんですけど精度は何を基準に比較してますか")
    assert analysed.kind != Kind.COMPARE and analysed.described == "エネルギー効率"
    assert analyse("報酬モデルの論文だとどんなデータで学習してますか").described == "報酬モデル"


def test_who_told_the_asker_a_claim_is_not_part_of_the_paper_described():
    """「先輩がDataManの論文だと…って言ってた」: the paper described is DataMan, not 「先輩がDataMan」."""
    assert analyse("先輩がDataManの論文だとドメインは10種類って言ってたけど本当？").described == "DataMan"


def test_the_askers_likening_after_a_dash_is_not_asked():
    """ "… — it sounds a bit like X in my field": the asker's comparison, whose words no paper need write."""
    question = "How does JOENA match nodes across two graphs — it seems rather like read mapping in genomics to me"
    assert "genomics" not in analyse(question).text and "nodes" in analyse(question).text


def test_how_each_did_asks_how_they_fared():
    """ "How did each do?" / 「それぞれどうだった？」 ask for results, not how the work was done."""
    assert analyse("What models does JOENA compare? How did each do?").clauses[-1].asks == "result"
    assert analyse("比較したモデルは何？それぞれどうだった？").clauses[-1].asks == "result"


def test_three_things_set_against_each_other_with_vs_are_three_parts():
    """ "JOENA vs DataMan vs hyperfitting: …" compares three papers, not JOENA with "DataMan vs hyperfitting"."""
    q = analyse("JOENA vs DataMan vs hyperfitting: which one reports the largest improvement?")
    assert q.kind == Kind.COMPARE and q.parts == ("JOENA", "DataMan", "hyperfitting")


def test_what_each_paper_is_measured_against_asked_as_a_difference_is_a_comparison():
    """「AとBの論文では、何と比較しているかの違い」 compares the two papers' baselines; 「何と比較」 alone asks
    what one paper is measured against, and names no pair."""
    q = analyse("JOENAとDataManの論文では、それぞれ何と比較して評価しているかの違いを知りたい")
    assert q.kind == Kind.COMPARE and q.parts == ("JOENA", "DataMan")
    assert analyse("JOENAの論文は何と比較していますか").kind != Kind.COMPARE


def test_anything_with_one_word_after_a_question_is_a_part_of_its_own():
    """ "… what does it assume? anything strong?" asks a second thing of the same paper, neither a guess at
    the answer nor a search for papers."""
    q = analyse("the diffusion paper - what does it assume about the data? anything strong?")
    assert len(q.clauses) == 2 and q.clauses[1].asks != "topic"


def test_a_typed_short_different_question_changes_the_subject():
    """ "diff qn -" is "different question": no part of the paper described."""
    assert analyse("diff qn - what are the authors of JOENA?").described == ""


def test_the_items_of_a_list_before_a_shared_purpose_are_alternatives_each():
    """ "pruning, distillation or quantization to cut costs": a paper on any one of them covers it; so does
    an item of a bracketed list (「軽量化(pruning、quantization)」)."""
    found = alternatives("pruning, distillation or quantization to cut inference costs")
    assert "pruning" in found and "distillation" in found
    assert "pruning" in alternatives("軽量化(pruning、quantization)に関する論文")


def test_which_problem_a_method_solves_asks_the_problem():
    """「どんな問題を解く手法？」 asks the problem the method solves, though the sentence ends in 手法."""
    assert analyse("DataManはどんな問題を解く手法なのでしょうか").asks == "problem"
    assert analyse("DataManはどんな手法ですか").asks == "method"


def test_a_japanese_middle_dot_lists_alternatives_but_joins_a_katakana_name():
    """「枝刈り・量子化・スパース化」 offers three things; 「ワッサースタイン・ニューロン」 is one name."""
    assert {"枝刈り", "量子化"} <= set(alternatives("枝刈り・量子化・スパース化を扱う", clauses=False))
    assert alternatives("ワッサースタイン・ニューロンとは", clauses=False) == ["ワッサースタイン・ニューロンとは"]


def test_which_and_which_asks_for_several_papers():
    """「…を使ってる論文、どれとどれ？」 expects two papers or more."""
    assert analyse("最適輸送を使ってる論文、どれとどれ？").plural


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("What are these 'sparse experts' people keep talking about?", "What are these 'sparse experts'"),
        ("I keep hearing about hyperfitting, what is it?", "hyperfitting, what is it"),
        ("what is this DataMan thing everyone is raving about?", "what is this DataMan thing"),
    ],
)
def test_hearsay_says_who_brings_a_thing_up_not_what_it_is(question, topic):
    assert topic_of(question) == topic


def test_two_things_of_a_paper_joined_by_to_are_a_part_each():
    """「手法と、評価結果は？」 asks for the method and for the results; 「提案手法と既存手法の違い」 compares."""
    assert [c.asks for c in analyse("この論文の手法と、評価結果は？").clauses] == ["method", "result"]
    assert len(analyse("提案手法と既存手法の違いは？").clauses) == 1


def test_whether_any_of_them_has_it_asks_which_papers():
    """「…の話ってどれかに書いてある？」: whether one of the papers deals with it, and so which ones."""
    question = analyse("グラフの位置合わせの話ってどれかに書いてある？")
    assert question.plural and question.kind == Kind.SET


def test_what_each_is_measured_against_compares_the_papers():
    """「AとB、それぞれ何と比較してる？」 sets the two papers' baselines side by side; 「何と比較してる？」 alone
    asks one paper what it was measured against."""
    assert analyse("JOENAとMIMoE-FND、それぞれ何と比較して評価してる？").kind == Kind.COMPARE
    assert analyse("JOENAは何と比較して評価してる？").kind != Kind.COMPARE


@pytest.mark.parametrize(
    "question",
    [
        "MIMoE-FNDの仕組みを教えてください。そして、精度はどのくらいでしたか？",
        "DataManの評価方法を説明してください。次に、何トークン選んだのですか？",
    ],
)
def test_a_request_then_a_question_are_two_parts(question):
    assert len(analyse(question).clauses) == 2


def test_a_remark_before_a_question_is_no_part_of_its_own():
    assert len(analyse("I run a reading group on graphs. What does JOENA align?").clauses) == 1


def test_who_asks_a_reported_question_is_no_word_of_its_topic():
    """ "My supervisor wonders if …", "Someone from the library asked whether …": the asking is hearsay."""
    assert "supervisor" not in topic_of("My supervisor wonders if any paper here prunes transformers.")
    assert "library" not in topic_of("Someone from the library asked whether any of these align networks. Anything?")


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        # how it is done, asked in other words than "How does JOENA align networks?"
        ("Tell me how JOENA aligns networks.", "method"),
        ("Explain how DataMan rates documents", "method"),
        ("How does JOENA work?", "method"),
        ("JOENAの仕組みは？", "method"),  # as 「どういう仕組みで」
        ("MIMoE-FNDの仕組みを教えてください。", "method"),
        ("Does hyperfitting really work?", "result"),  # whether it works: how well it did
        ("MIMoE-FNDは画像と本文の関係をどうモデル化している？", "method"),  # as 「どうやって」
        ("How did the ensembles and the Gaussian processes compare?", "result"),  # how they fared, not how done
    ],
)
def test_how_a_method_works_asks_the_method(question, asks):
    assert analyse(question).asks == asks


def test_an_aspect_named_alone_asks_nothing_of_its_own():
    assert asks_an_aspect_only("which datasets?") and asks_an_aspect_only("ベースラインは？")
    assert not asks_an_aspect_only("which datasets did the energy paper use?")


def test_differing_from_one_named_paper_compares_it_with_the_one_talked_about():
    question = analyse("JOENAとは、最適輸送の使い方がどう違うの？")
    assert question.kind == Kind.COMPARE and question.parts == ("それ", "JOENA")
    assert analyse("JOENAとは何ですか？").kind != Kind.COMPARE


def test_a_japanese_list_with_toka_sets_nothing_side_by_side():
    """「長さとか、繰り返しとか」 lists two things; 「しようとしている」 quotes. Neither is a pair to compare, and
    what follows the list is said of both items, no alternative of its own."""
    question = analyse("出力の長さとか、同じ文の繰り返しとかを改善しようとしている論文はどれ？")
    assert question.kind != Kind.COMPARE
    assert not any(alt.startswith("を") for alt in alternatives(question.topic))


def test_asking_for_the_original_wording():
    assert asks_original_wording("この訳語は原文ではどういう用語ですか")
    assert asks_original_wording("What is the original wording of that term?")
    assert not asks_original_wording("英語の論文を速く読むコツは？")


def test_a_request_without_its_verb_is_a_part_of_its_own():
    """「仕組みをざっくり。」 asks for the method though its verb (教えて) is left out; the question after it is
    a second part."""
    question = analyse("JOENAの仕組みをざっくり。どのくらい速くなった？")
    assert [c.asks for c in question.clauses] == ["method", "result"]
    # 「…の問題点と、提案手法をまとめてください」: two things asked, the request closing the second
    question = analyse("DataManについて、従来手法の問題点と、提案手法をまとめてください。")
    assert [c.asks for c in question.clauses] == ["problem", "method"]


@pytest.mark.parametrize(
    "text, parts",
    [
        ("それと比べて、長さ制御の論文は何が違う？", ("それ", "長さ制御")),
        ("JOENAと比較して、拡散モデルの論文はどう違う？", ("JOENA", "拡散モデル")),
    ],
)
def test_what_is_set_against_a_paper_and_the_paper_compared_with_it(text, parts):
    """「Xと比べて、Yの論文は…」: X and the paper Y, not X and 「比べて」."""
    assert analyse(text).parts == parts


def test_a_name_mentioned_before_the_question_is_not_asked_for():
    """「…という名前が出てきます。…どういうものですか？」: the asker mentions a name, then asks what it is."""
    assert not analyse("要約に「Regidagent」という名前が出てきます。それはどういうものですか？").wants_name
    assert analyse("評価に使ったデータセット名は？").wants_name


@pytest.mark.parametrize(
    ("question", "proposal"),
    [
        ("What does the diffusion paper propose?", True),
        ("拡散モデルの論文は何を提案していますか", True),
        ("JOENAの提案内容は？", True),
        ("What does the proposed framework do when the model is sparsified?", False),  # asks of the thing proposed
        ("What does the OT side contribute to the embedding side?", False),  # what one part gives another
    ],
)
def test_what_a_paper_proposes_is_asked_in_so_many_words(question, proposal):
    assert (analyse(question).clauses[0].asks == "proposal") == proposal


@pytest.mark.parametrize(
    ("question", "wants_name"),
    [
        ("DataManってどんなモデルなの？", False),  # what kind of model the named method is
        ("RewardAgentはどういう手法ですか", False),
        ("DataManのベースモデルはどんなモデルですか？", True),  # the base model, by name
        ("JOENAはどんなデータセットで評価？", True),
    ],
)
def test_what_kind_of_thing_a_named_method_is_wants_no_name(question, wants_name):
    assert analyse(question).wants_name == wants_name


def test_a_paper_recalled_without_its_particle_is_described():
    """「…論文あったよね、あれって…」: the paper recalled as speech drops the particle (論文があった)."""
    question = "じゃあ、出力長を指定どおりにする論文あったよね、あれはどう学習してるの？"
    assert analyse(question).described == "出力長を指定どおりにする"


@pytest.mark.parametrize(
    "question", ["limited data scenarioって何割に減らしたの?", "CHF論文のデータ点数も知りたいです。", "学習データ何件?"]
)
def test_a_share_or_a_count_asked_in_japanese_wants_a_number(question):
    """何割 asks a share in tenths, データ点数 the number of data points: each wants a figure."""
    assert analyse(question).wants_number


def test_how_a_paper_bears_on_a_thing_in_japanese_asks_no_definition():
    """「…sparsityとはどう関係するのか」 asks how the paper bears on sparsity, not what sparsity is; 関係 frames the
    part and is no word of its topic (a sentence on 入出力関係 does not answer it)."""
    part = analyse("Wasserstein neuronsの論文は何を提案していて、sparsityとはどう関係するのか教えて").clauses[-1]
    assert part.asks != "definition" and "関係" not in part.topic and "sparsity" in part.topic
