"""The offline answerer: answers composed of the retrieved passages' own sentences, each cited.

Every sentence it writes is a sentence of a cited passage, so the answer is faithful by construction;
its only words of its own are paper titles as headings, the aspects of a comparison table, and the
one sentence saying what an abstract does not state. It needs no model beyond the embedding model
that retrieval already loaded.

How long answers are, and why: a question about one paper gets the sentence that best answers each
of its parts (at most MAX_SENTENCES); a question with no paper named gets one or two sentences from
each paper that clearly bears on it (at most five papers for "which papers", three otherwise);
a comparison gets one sentence per paper and aspect. Abstracts are short and dense: more sentences
would mostly repeat the paper's framing, and every extra sentence is one more to check.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from rag.answer.bilingual import originals, translated
from rag.answer.citations import References, with_marker
from rag.answer.conversation import NOT_STATED_EN, NOT_STATED_JA
from rag.answer.evidence import (
    CONTRIBUTION,
    CUED_ROLES,
    DRAWBACK,
    EVALUATION,
    FARES,
    FINDING,
    INTRODUCES,
    ORIGIN,
    REMEDY,
    Evidence,
    EvidenceScorer,
    asks_both_ways,
    before_contribution,
    listing_asked,
)
from rag.answer.questions import (
    FARING,
    FRAMING_TERMS,
    ONLY_IN,
    Clause,
    Question,
    alternatives,
    asked_terms,
    asking_sentences,
    asks_gist,
    asks_original_wording,
    asks_own_name,
    asks_ranking,
    asks_to_confirm,
    identifies_paper,
    topic_of,
)
from rag.index.catalog import coined_names, fold, names_of
from rag.loanwords import katakana_words, same_word
from rag.models import Paper, Passage
from rag.text import terms

MAX_SENTENCES = 4
CONTRAST = 0.5  # how much a sentence fitting another part better than this one counts against it here
_AHEAD = 0.01  # a remedy ranks this much above the sentence raising the problem it removes
_NUMBER = re.compile(r"\d")
# A measured figure ("16%", "20x speedup", "29.14%減少", "1.846%") rather than a count (「1つのこと」, "three datasets").
_MEASURED = re.compile(r"\d[\d.,]*\s*(?:%|％|倍|x\b|×)|\d+\.\d+", re.IGNORECASE)
_FOCUS_BOOST = 2.0
# "Which UQ technique gave the best calibration?", 「一番性能が良かった構成は？」: the class asked for is written by the
# sentences listing its members ("three … uncertainty quantification techniques", 「純粋な機械学習構成」), not by
# the one ranking them ("… showed … superior calibration"): in a ranking question its words count for little.
_RANKED_CLASS = 0.25
_SETTING = re.compile(
    rf"\b(?:{ONLY_IN}|beyond|outside(?:\s+of)?|besides|other\s+than)\s+"
    r"((?:[\w-]+\s+)?[\w-]+)"
    r"|\b(?:purely|just|only)\s+an?\s+([\w-]+)\s+thing",  # "is it purely a text thing?"
    re.IGNORECASE,
)
_TITLE_TERM = 0.3
_EXPLAIN = re.compile(
    r"\b(?:what\s+is|what\s+are|explain|describe|summari[sz]e|overview|how\s+does|how\s+do)\b|とは|説明|要約|概要",
    re.IGNORECASE,
)
# The aspects researchers compare papers on, in the order an abstract tells them. A sentence is found
# for each by its place around the contribution sentence ("we propose…") and by its wording.
ASPECT_ORDER = ("problem", "method", "data", "results")
ASPECT_LABELS = {
    "en": {"problem": "Problem", "method": "Method", "data": "Data and evaluation", "results": "Results"},
    "ja": {"problem": "課題", "method": "手法", "data": "データと評価", "results": "結果"},
}
# Which of them a comparison's own aspect ("what is each trying to fix?", "in terms of data") asks about.
_ASKED_ASPECT = (
    (
        "problem",
        re.compile(
            r"\b(?:fix\w*|problems?|challenges?|address\w*|solv\w*|tackl\w*|limitations?|motivat\w*|goals?|aims?|why)\b|課題|問題|目的|狙い|ねらい|目標|動機",
            re.IGNORECASE,
        ),
    ),
    (
        "results",
        re.compile(
            r"\b(?:results?|perform\w*|gains?|improv\w*|speed\w*|efficien\w*|accura\w*|outperform\w*|better|faster|findings?|numbers?|best)\b|結果|成果|定量|性能|改善|効率|数値|一番|最も|良かった",
            re.IGNORECASE,
        ),
    ),
    (
        "data",
        re.compile(  # not 「実験中心」, 「実験寄り」: what kind of work a paper is
            r"\b(?:data|datasets?|benchmarks?|evaluat\w*|experiments?|corpus|corpora|tested)\b|データ|ベンチマーク|評価|実験(?!中心|寄り|的|系|重視)",
            re.IGNORECASE,
        ),
    ),
    (
        "method",
        re.compile(
            r"\b(?:methods?|approach\w*|techniques?|how|architectur(?:es?|al)|models?|mechanisms?|ideas?|work)\b|手法|方法|仕組み",
            re.IGNORECASE,
        ),
    ),
)


def _asked_row(aspect: str) -> str | None:
    """The row of the table an aspect names ("the datasets" → data), unless it asks more than the row's word
    ("doing fine with less data", 「学習データの作り方」): a row of its own answers that, by each paper's best
    sentence on it."""
    for name, pattern in _ASKED_ASPECT if aspect else ():
        if pattern.search(aspect):
            # (not a count of the papers, 「3本」: nothing asked of them)
            more = [t for t in asked_terms(pattern.sub(" ", aspect)) if len(t) > 1 and not t.isdigit()]
            return None if more else name
    return None


_PROBLEM = re.compile(
    r"\b(?:challeng\w*|problems?|limitations?|however|remain\w*|lack\w*|struggl\w*|difficult\w*|issues?|gap|hinder\w*|hamper\w*|suffer\w*|bottleneck\w*|neglect\w*|ignor\w*|fail\w*|costly|expensive|unable|not\s+(?:generally\s+)?able)\b"
    r"|課題|問題|困難|しかし|欠点|無視|できない|できません|難し|限界|不足|欠如",
    re.IGNORECASE,
)
# A finding said as what the method's parts do better ("each better at maintaining accuracy when sparsified"),
# which a comparison's results row may quote though no verb of a finding is written
_BETTER_AT = re.compile(r"\bbetter\s+at\b", re.IGNORECASE)
NOT_STATED_CELL = {"en": "not stated in the abstract", "ja": "要約に記載なし"}


class ExtractiveAnswerer:
    name = "extractive"

    def __init__(self, scorer: EvidenceScorer):
        self.scorer = scorer

    # --- one paper ------------------------------------------------------------------------------------
    def fact(
        self,
        question: Question,
        groups: dict[str, list[Passage]],
        refs: References,
        named: bool = True,
        said_before: str = "",
    ) -> str:
        """The sentences of the (one) paper that answer each part of the question; `named`: the question
        or the conversation named that paper; `said_before`: the last answer, when the question points
        at a thing it spoke of."""
        passages = next(iter(groups.values()), [])
        if not passages:
            return ""
        paper = passages[0].paper
        chosen = self.answer_sentences(question, passages, paper, said_before=said_before)
        both_ways = asks_both_ways(question.text)
        quoted = self.with_originals(chosen, passages, both_ways, every=asks_original_wording(question.text))
        body = self._render(quoted, refs, question.lang)
        if body and (question.identifies or not named):
            # The question did not name the paper ("which paper…?", "is there anything on…?"): the answer does.
            return f"**{heading(paper)}**: {body}" if question.lang == "en" else f"「{heading(paper)}」: {body}"
        return body

    def answer_sentences(
        self, question: Question, passages: Sequence[Passage], paper: Paper, limit: int = 0, said_before: str = ""
    ) -> list[Evidence]:
        """The best sentence for each part of the question, in reading order; a one-part question may
        take one or two more that score nearly as well (a definition, a number the best one lacks)."""
        ignore = naming_terms(paper, question.described, question.text)
        asked = asked_terms(question.topic)
        if (
            question.described
            and asked
            and all(ignore.get(t, 1.0) == 0.0 for t in asked)
            and not (question.ranks or question.asks == "method")
        ):
            # 「…を扱っている研究はありますか」: the description is all that is asked, and the answer should show it;
            # 「CHFの論文で、どのモデルが一番良かった？」 asks which ranked first and 「…論文では、どんな方法を
            # 使いましたか」 how, whatever words are left
            ignore = naming_terms(paper, "", question.text)
        if len(question.clauses) <= 1:
            simple = 3 if _EXPLAIN.search(question.text) or len(alternatives(question.topic)) > 2 else 2
            chosen = self._best_sentences(
                question, question.text, passages, limit=limit or simple, ignore=ignore, said_before=said_before
            )
            leading = chosen and (question.identifies and not CONTRIBUTION.search(chosen[0].sentence))
            if asks_own_name(question.text) or leading:
                # "the name of their method and the number of benchmarks": the sentence introducing it says
                # the first; "is there work on …?" / "which paper …?" by what the paper does, not its motivation
                lead = [e for e in self._gist(question, passages)[:1] if e.sentence not in {c.sentence for c in chosen}]
                chosen = sorted(lead + chosen[: (limit or simple) - len(lead)], key=lambda e: e.order)
            if _asks_how_each_fared(question.asks, question.text) and not limit:
                # 「手法を3つ教えて。それぞれどうだった？」, read as one part
                ranked = self._scored(question, question.text, passages, ignore)
                chosen = sorted(_item_by_item(chosen, ranked), key=lambda e: e.order)
        else:
            chosen = self._per_part(question, passages, ignore, limit, said_before)
        if asks_to_confirm(question.text) and not limit:
            chosen = self._with_what_is_remembered(question, chosen, passages, ignore)
        if limit:
            return chosen
        return self._in_context(chosen, passages, asks_both_ways(question.text), how=question.asks == "method")

    def _with_what_is_remembered(
        self, question: Question, chosen: list[Evidence], passages: Sequence[Passage], ignore: dict[str, float]
    ) -> list[Evidence]:
        """A claim to confirm (「深層ガウス過程のモデルが最も良い結果だったと記憶しておりますが、正しいでしょうか」)
        is answered by the best sentence and by the one that speaks of what the asker remembers ("deep Gaussian
        process models underperformed"), where the chosen ones do not."""
        if not chosen:
            return chosen
        said = {t for e in chosen for t in terms(f"{e.sentence} {e.english or ''}")}
        unsaid = {t for t in asked_terms(question.topic) if ignore.get(t, 1.0)} - said
        lang = chosen[0].passage.chunk.lang
        scored = [e for e in self._scored(question, question.text, passages, ignore) if e.passage.chunk.lang == lang]
        # of the sentences saying most of it, the one fitting the question best (max keeps the first, best scored)
        of_it = max(scored, key=lambda e: len(unsaid & set(terms(e.sentence))), default=None)
        if of_it is None or not unsaid & set(terms(of_it.sentence)):
            return chosen
        return sorted([*chosen, of_it], key=lambda e: e.order)

    def _in_context(
        self, chosen: list[Evidence], passages: Sequence[Passage], pairs: bool = True, how: bool = False
    ) -> list[Evidence]:
        """The chosen sentences with what they cannot be read without: the next one where it takes a
        chosen one up (what the paper builds, "Our framework separates …"; the problem it raised, "…
        eliminates this issue"; with `how`, the pair of sentences saying how what it announced works), the
        one before where a chosen one points back ("This allows …"), and the other half of an English
        sentence a Japanese translation split in two."""
        if not chosen:
            return chosen
        lang = chosen[0].passage.chunk.lang
        sentences = sorted(self.scorer.candidates(passages, lang=lang), key=lambda e: e.order)
        if lang == "ja":
            self._with_english(sentences, passages)
        out = {e.sentence: e for e in chosen}
        for before, after in zip(sentences, sentences[1:]):
            if before.sentence in out and (
                _takes_up(before.sentence, after.sentence) or (how and pairs and _lays_out(before, after))
            ):
                out.setdefault(after.sentence, after)
        for before, after in zip(sentences, sentences[1:]):
            # the two halves of a pair ("For one thing (OT for embedding) …" / "For another (embedding for OT) …")
            if (
                pairs
                and {before.sentence, after.sentence} & set(out)
                and _PAIR_OPENS.match(before.english or before.sentence)
                and _PAIR_CLOSES.match(after.english or after.sentence)
            ):
                out.setdefault(before.sentence, before)
                out.setdefault(after.sentence, after)
        for before, after in zip(sentences, sentences[1:]):
            # one English sentence the translation split in two (「…新しい尺度を提案します。」「…ガウスへの距離です。」)
            if before.english and before.english == after.english and {before.sentence, after.sentence} & set(out):
                out.setdefault(before.sentence, before)
                out.setdefault(after.sentence, after)
        position = {e.sentence: i for i, e in enumerate(sentences)}
        for e in list(out.values()):
            at = position.get(e.sentence)
            # back along a chain ("This allows …" after "… eliminates this issue"), at most two sentences
            for _ in range(2):
                if not at or not _NEEDS_ANTECEDENT.search(sentences[at].sentence):
                    break
                at -= 1
                out.setdefault(sentences[at].sentence, sentences[at])
        return sorted(out.values(), key=lambda e: e.order)

    def _per_part(
        self, question: Question, passages: Sequence[Passage], ignore: dict[str, float], limit: int, said_before: str
    ) -> list[Evidence]:
        clauses = question.clauses[: limit or MAX_SENTENCES]
        rankings = self._part_rankings(question, clauses, passages, ignore, said_before)
        # "…, and what is the main result?": the part wants the result itself, not the paper's "we propose"; nor
        # 「…と評価の仕方をまとめて教えて」, whose request to sum up is said of the whole question
        gists = [
            (asks_gist(c.text) and c.asks in ("", "proposal"))
            or c.asks == "proposal"
            or asks_own_name(c.text)
            or _defines_only_names(c, ignore)
            for c in clauses
        ]
        # "Which paper predicts heat flux, and which of its models did best?": the heading names the paper,
        # its best sentence shows it is the one; the room left goes to what is asked of it.
        once = [gist or (i == 0 and identifies_paper(c.text)) for i, (gist, c) in enumerate(zip(gists, clauses))]
        for index, gist_part in enumerate(gists):
            if gist_part:
                lead = self._gist_lead(question, clauses[index], rankings[index], passages, ignore)
                rankings[index] = lead[:1] + [e for e in rankings[index] if not lead or e.sentence != lead[0].sentence]
        # Each part its own sentence, the best one not quoted yet; then, while there is room, each part
        # its next best: an abstract often answers one part over two sentences ("…and is it evaluated?").
        slots = min(limit or MAX_SENTENCES, len(clauses) + 1)
        chosen: list[Evidence] = []
        for turn in range(2):
            for single, gist_part, ranked, clause in zip(once, gists, rankings, clauses):
                # a paper's gist is one sentence, the room left going to the other parts; but where one of
                # the next best names what realises the idea ("a reward agent, named RewardAgent"), that too,
                # and asked what it proposes, its second "we propose…" ("a novel measure…", "a new framework…")
                taken = {c.sentence for c in chosen}
                if turn and single:
                    ranked = [
                        e
                        for e in ranked[1 : 3 if gist_part else 2]
                        if (INTRODUCES.search(e.sentence) and _names_in(e, ignore))
                        or (clause.asks == "proposal" and CONTRIBUTION.search(e.sentence))
                    ]
                best = next((e for e in ranked if e.sentence not in taken), None)
                if best is not None and len(chosen) < slots:
                    chosen.append(best)
        each = next((i for i, c in enumerate(clauses) if _asks_how_each_fared(c.asks, c.text)), None)
        if each is not None:
            chosen = _item_by_item(chosen, rankings[each])
        for clause, ranked in zip(clauses, rankings):
            if clause.asks == "evaluation" and ranked and ranked[0] in chosen:
                chosen += [e for e in _evaluation_continued(ranked[0], ranked) if e not in chosen]
            chosen = _with_listing(clause.text, chosen, ranked)
        return sorted(chosen, key=lambda e: e.order)

    def _gist_lead(
        self, question: Question, clause: Clause, ranked: list[Evidence], passages: Sequence[Passage], ignore
    ) -> list[Evidence]:
        """The sentence answering a part that asks what the paper is or does ("What's the core idea, and …?"):
        the sentence introducing the paper's own name ("what is hyperfitting?"; not a general one, "大規模な言語モデル
        (LLM)"), else the paper's own "we propose…"."""
        introduced = [e for e in ranked[:1] if INTRODUCES.search(e.sentence) and _names_in(e, ignore)]
        if asks_gist(clause.text) or clause.asks == "proposal":
            # a summary asked for opens where the paper first says what it proposes ("In this paper, we
            # propose agentic reward modeling"), not where a part of it gets its name ("named RewardAgent")
            proposed = [e for e in ranked[:2] if CONTRIBUTION.search(e.sentence)]
            introduced = sorted(proposed, key=lambda e: e.order)[:1] or introduced
        # else the part's own best when it is a "we propose…" ("what is 'agentic reward modeling'?": "we
        # propose agentic reward modeling, a reward system that…"), else the paper's gist
        own = [e for e in ranked[:1] if CONTRIBUTION.search(e.sentence)]
        return introduced or own or [e for e in self._gist(question, passages) if CONTRIBUTION.search(e.sentence)]

    def _part_rankings(
        self, question: Question, clauses: Sequence[Clause], passages: Sequence[Passage], ignore, said_before: str
    ) -> list[list[Evidence]]:
        """Each part's sentences, best first, held against the other parts' best."""
        rankings = _contrasted(
            [_news_first(self._scored_clause(question, clause, passages, ignore), said_before) for clause in clauses],
            [c.topic for c in clauses],
        )
        # after the contrast, which ranks by score: where an idea came from is said where the paper says so
        return [_origins_next(r) if c.asks == "origin" and r else r for c, r in zip(clauses, rankings)]

    def not_stated(
        self, question: Question, paper: Paper, missing: Sequence[str], closest: Sequence[Evidence], refs: References
    ) -> str:
        """Says plainly that the abstract does not state what is asked, then quotes what it does say."""
        n = refs.cite(paper, closest[0].passage if closest else None)
        what = ", ".join(f'"{w}"' for w in missing if w)
        verb = "are" if sum(1 for w in missing if w) > 1 else "is"
        said = self._render(closest, refs, question.lang)
        if question.lang == "ja":
            head = f"「{paper.title}」の要約には、この質問の点{f'（{what}）' if what else ''}{NOT_STATED_JA} [{n}]。"
            return f"{head}\n\n関連する記述: {said}" if said else head
        head = (
            f"The abstract of *{paper.title}* {NOT_STATED_EN}{f' ({what} {verb} not mentioned)' if what else ''} [{n}]."
        )
        return f"{head}\n\nWhat it does say: {said}" if said else head

    # --- evidence across papers ------------------------------------------------------------------
    def set_of_papers(
        self, question: Question, groups: dict[str, list[Passage]], refs: References, share: float
    ) -> str:
        """One line per paper: for "which papers…" every paper given (the relevance gate chose them),
        otherwise those whose best sentence scores at least `share` of the best paper's. Scored so across
        papers, a word counts though it names the paper: the sparsity paper's "sparsity" is as much an answer to
        "anything on pruning, quantization or sparsity?" as another paper's "pruning and quantization"."""
        best: list[tuple[float, list[Evidence]]] = []
        for passages in groups.values():
            if not passages:
                continue
            scored = self._scored(question, question.text, passages, {})
            if scored:
                best.append((scored[0].score, self.answer_sentences(question, passages, passages[0].paper, limit=2)))
        if not best:
            return ""
        best.sort(key=lambda item: item[0], reverse=True)
        threshold = 0.0 if question.plural else share * best[0][0]
        lines = []
        for score, picked in best:
            if score < threshold or not picked:
                continue
            body = self._render(self.with_originals(picked, groups[picked[0].paper_id]), refs, question.lang)
            lines.append(f"- **{heading(picked[0].passage.paper)}**: {body}")
        return "\n".join(lines)

    # --- compare papers -------------------------------------------------------------------------
    def compare(self, question: Question, aspect: str, groups: dict[str, list[Passage]], refs: References) -> str:
        """A table: one column per paper, one row per aspect (problem, method, data and evaluation,
        results; the one the question asks about first); each cell a cited sentence or "not stated"."""
        papers = [(ps[0].paper, ps) for ps in groups.values() if ps]
        for paper, _ in papers:
            refs.cite(paper)  # numbered in column order even when a column stays empty
        labels = ASPECT_LABELS["ja" if question.lang == "ja" else "en"]
        asked = _asked_row(aspect)
        order = [asked, *(a for a in ASPECT_ORDER if a != asked)] if asked else list(ASPECT_ORDER)
        columns = [self._aspects(question, passages) for _, passages in papers]
        rows: list[tuple[str, list[str]]] = []
        if aspect and not asked:
            # An aspect of its own ("speedup", "the data they use"): each paper's best sentence on it.
            cells = [self._render(self._on_aspect(question, aspect, p, ps), refs, question.lang) for p, ps in papers]
            rows.append((_aspect_label(aspect, question.lang), cells))
        for name in order:
            cells = [self._render(column.get(name, []), refs, question.lang) for column in columns]
            # not a row saying again what the row on the asked aspect says ("Output quality", then "Results")
            if any(cells) and all(cells != said for _, said in rows):
                rows.append((labels[name], cells))
        return _table([short_title(p) for p, _ in papers], [refs.cite(p) for p, _ in papers], rows, question.lang)

    def _on_aspect(self, question: Question, aspect: str, paper: Paper, passages: Sequence[Passage]) -> list[Evidence]:
        """A paper's sentence on the aspect compared; when the question asks for the things each rests on
        ("what does each one score?"), the sentence listing them ("two verifiable signals: A and B"), though
        another shares more of the aspect's words ("Overall Score")."""
        chosen = self._best_sentences(question, aspect, passages, limit=1, ignore=naming_terms(paper))
        listing = listing_asked(question.text)
        if not listing or any(_lists(listing, e) for e in chosen):
            return chosen
        ranked = self._scored(question, aspect, passages, naming_terms(paper))
        if question.lang == "ja":
            self._with_english(ranked, passages)
        found = next((e for e in ranked if _lists(listing, e)), None)
        # (a listing only its English original gives is shown with it)
        return self.with_originals([replace(found, through_english=True)], passages) if found else chosen

    def _aspects(self, question: Question, passages: Sequence[Passage]) -> dict[str, list[Evidence]]:
        """One sentence of the paper per aspect, each used once: the problem before the contribution
        sentence (or the first one saying what is wrong), the method at it, then the data or evaluation
        and the (numbered) finding after it. A sentence that opens by pointing back ("This issue
        persists…") comes with the one it points to."""
        lang = question.lang if any(p.chunk.lang == question.lang for p in passages) else "en"
        sentences = sorted(self.scorer.candidates(passages, lang=lang), key=lambda e: e.order)
        if not sentences:
            return {}
        method = next((e for e in sentences if CONTRIBUTION.search(e.sentence)), None)
        at = sentences.index(method) if method else 0
        before, after = sentences[:at], (sentences[at + 1 :] if method else sentences)
        problem = next((e for e in reversed(before) if _PROBLEM.search(e.sentence)), None) or next(
            (e for e in after if _PROBLEM.search(e.sentence)), before[0] if before else None
        )
        findings = [
            e
            for e in after
            if (FINDING.search(e.sentence) or _BETTER_AT.search(e.sentence))
            and e is not problem
            and not _PROBLEM.search(e.sentence)
        ]
        # a finding in figures, else the last one, or the last setting the method against others ("…even
        # outperform Top-P sampling") where a mere observation closes the abstract
        against = [e for e in findings if FARES.search(e.sentence)]
        results = next(
            (e for pattern in (_MEASURED, _NUMBER) for e in findings if pattern.search(e.sentence)),
            (against or findings)[-1] if findings else None,
        )
        data = next((e for e in after if EVALUATION.search(e.sentence) and e not in (results, problem)), None)
        chosen = {"problem": problem, "method": method, "data": data, "results": results}
        return {name: _with_antecedent(e, sentences) for name, e in chosen.items() if e is not None}

    def gist(self, question: Question, groups: dict[str, list[Passage]], refs: References) -> str:
        """What each paper does and what it found, in its own words."""
        sections = []
        for passages in groups.values():
            if not passages:
                continue
            paper = passages[0].paper
            refs.cite(paper)  # numbered under its heading even when no sentence was chosen
            body = self._render(self._gist(question, passages), refs, question.lang)
            sections.append(body if len(groups) == 1 else f"**{paper.title}**\n{body}")
        return "\n\n".join(sections)

    def _gist(self, question: Question, passages: Sequence[Passage]) -> list[Evidence]:
        """The sentence saying what the paper does and the one saying what it found, in reading order."""
        lang = question.lang if any(p.chunk.lang == question.lang for p in passages) else "en"
        sentences = sorted(self.scorer.candidates(passages, lang=lang), key=lambda e: e.order)
        if not sentences:
            return []
        # "What's RewardAgent in a nutshell?": the gist of a thing the paper names is where it names it
        # (also as typed in lower case: "what does dataman do?")
        named = [
            n
            for n in coined_names(sentences[0].passage.paper)
            if re.search(rf"\b{re.escape(n)}\b", question.text, re.IGNORECASE)
        ]
        introduced = next(
            (e for e in sentences if any(n in e.sentence for n in named) and INTRODUCES.search(e.sentence)), None
        )
        # Of the sentences saying what the paper does, the one naming the method asked about ("What is
        # DataMan?": "In this paper, we train a Data Manager (DataMan)…") rather than the one leading up to
        # it ("To address this, we are inspired…").
        contributions = [e for e in sentences if CONTRIBUTION.search(e.sentence)]
        contribution = (
            introduced
            or next((e for e in contributions if any(fold(n) in fold(e.sentence) for n in named)), None)
            or next(iter(contributions), sentences[0])
        )
        # Findings follow the contribution in an abstract; "would improve" in its opening motivation is not one.
        later = sentences[sentences.index(contribution) + 1 :]
        findings = [e for e in later if FINDING.search(e.sentence)] or [
            e for e in sentences if FINDING.search(e.sentence) and e is not contribution
        ]
        finding = next((e for e in findings if _NUMBER.search(e.sentence)), findings[0] if findings else None)
        return sorted([e for e in (contribution, finding) if e is not None], key=lambda e: e.order)

    # --- shared ---------------------------------------------------------------------------------
    def _scored(
        self, question: Question, query: str, passages: Sequence[Passage], ignore: dict[str, float] | None = None
    ) -> list[Evidence]:
        whole = query == question.text
        topic = question.topic if whole else query
        focus = set(terms(question.focus)) if whole else set()
        counted = question.clauses[0].counted if whole and question.clauses else ""
        asking = asking_sentences(question.text) if whole else query
        if asking != query and set(asked_terms(asking)) - {t for t, w in (ignore or {}).items() if not w}:
            query, topic = asking, topic_of(asking)  # the sentences that ask, not a remark before them
        return self._score(
            question, query, topic, passages, ignore, question.wants_number, question.asks, focus, counted
        )

    def _scored_clause(
        self, question: Question, clause: Clause, passages: Sequence[Passage], ignore: dict[str, float]
    ) -> list[Evidence]:
        # An elliptical part ("…, and how?") is embedded with the question it continues; one asking for a
        # sentence its wording marks ("and how did they test it?") by its own words, which the whole
        # question would turn towards the sentence about the subject itself.
        own = clause.topic != question.clauses[0].topic or clause is question.clauses[0] or clause.asks in CUED_ROLES
        query = clause.text if own else question.text
        # the asked-for thing ("which optimization techniques…, and on which datasets…?") decides within its own part
        focus = set(terms(question.focus)) if question.focus and question.focus in clause.text else set()
        ranked = self._score(
            question, query, clause.topic, passages, ignore, clause.wants_number, clause.asks, focus, clause.counted
        )
        if clause.asks == "remedy":
            ranked = _remedies_first(ranked)
        return self._set_aside(question, clause.besides, ranked, passages, ignore)

    def _set_aside(
        self, question: Question, besides: str, ranked: list[Evidence], passages: Sequence[Passage], ignore
    ) -> list[Evidence]:
        """ "apart from benchmark scores, how…": the sentence best saying the thing set aside comes last; not
        one that also lists the things asked for ("besides human preference, which two signals…?": "combines
        human preference rewards with two verifiable signals: factuality and instruction following")."""
        if not besides or len(ranked) < 2:
            return ranked
        aside = self._score(question, besides, besides, passages, ignore, False, "", set())[0]
        listing = listing_asked(question.text)
        if listing and listing.search(aside.sentence):
            return ranked
        return [e for e in ranked if e.sentence != aside.sentence] + [e for e in ranked if e.sentence == aside.sentence]

    def _score(
        self,
        question: Question,
        query: str,
        topic: str,
        passages,
        ignore,
        wants_number: bool,
        asks: str,
        focus: set[str],
        counted: str = "",
    ) -> list[Evidence]:
        lang = question.lang if any(p.chunk.lang == question.lang for p in passages) else "en"
        candidates = self.scorer.candidates(passages, lang=lang)
        if lang == "ja":
            self._with_english(candidates, passages)
        weights = [self.scorer.weights(alt) for alt in alternatives(topic, clauses=False)]
        named = {t for t, w in (ignore or {}).items() if not w}
        if asks in CUED_ROLES and not set(asked_terms(topic)) - named:
            # 「どうやってその方法を評価しましたか」: a part whose only words frame it (その方法) or name the paper
            # (「DataManはどのように評価」) is decided by the wording its answer is marked by ("our experiments
            # validate…"), not by "方法" or 評価 (the summary's 品質評価, "quality ratings") anywhere
            weights = [{t: w for t, w in alt.items() if t not in FRAMING_TERMS} for alt in weights]
        ranks = asks_ranking(query)
        if focus:
            # The asked-for thing ("which empirical correlations…") decides between sentences that
            # all mention the paper's subject.
            # Its words count even where the topic drops them as framing ("which optimization techniques…").
            asked = self.scorer.weights(question.focus)
            boost = _RANKED_CLASS if ranks else _FOCUS_BOOST
            weights = [{t: w * (boost if t in focus else 1.0) for t, w in {**asked, **alt}.items()} for alt in weights]
        unasked = _unasked_words(question, query, asks)
        weights = [{t: 0.0 if t in unasked else w for t, w in alt.items()} for alt in weights]
        paper = passages[0].paper if passages and all(p.paper_id == passages[0].paper_id for p in passages) else None
        meaning = _spelled_out(query, paper) if paper and question.lang == "en" else query
        if paper and question.described and question.described in meaning:
            # The words that found the paper ("for the multimodal fake-news MoE") do not choose its sentences;
            # a description that is one of the paper's names has been spelled out as its title by now.
            meaning = meaning.replace(question.described, " ")
        if asks == "scope":
            meaning = _SETTING.sub("extend to other settings", meaning)
        vector = self.scorer.embed_query(meaning) if meaning != query else None
        return self.scorer.score(
            query,
            candidates,
            question_vector=vector,
            weights=weights,
            wants_number=wants_number,
            asks=asks,
            ignore=ignore,
            counted=counted,
            ranks=ranks,
            focus=question.focus if focus and question.lang == "en" else "",
        )

    def _best_sentences(
        self,
        question: Question,
        query: str,
        passages: Sequence[Passage],
        *,
        limit: int,
        floor: float = 0.75,
        ignore: dict[str, float] | None = None,
        said_before: str = "",
    ) -> list[Evidence]:
        """The best sentence and up to `limit - 1` more scoring at least `floor` of it, in reading order."""
        scored = _news_first(self._scored(question, query, passages, ignore), said_before)
        if not scored:
            return []
        if len(question.clauses) == 1:
            scored = self._set_aside(question, question.clauses[0].besides, scored, passages, ignore)
        top = scored[0]
        chosen = [top] + [e for e in scored[1:] if e.score >= floor * top.score][: limit - 1]
        if question.wants_number and not any(_NUMBER.search(e.sentence) for e in chosen):
            numbered = next((e for e in scored if _NUMBER.search(e.sentence)), None)
            if numbered and numbered.score >= 0.5 * top.score:
                chosen.append(numbered)
        announces = question.asks == "method" and len(chosen) == 1
        # "how does JOENA use the OT plan…?": "we propose a framework…" says what, the next best how; 「テキストと
        # 画像のinteractionをどうモデル化してるの?」: the motivation sharing its words says neither
        announces = announces and bool(CONTRIBUTION.search(top.sentence) or id(top) in before_contribution(scored))
        if announces and len(scored) > 1 and scored[1].score >= 0.5 * top.score:
            chosen.append(scored[1])
        if question.asks == "proposal":
            # a paper may propose two things ("a novel measure…", "a new experimental framework…"): both answer
            chosen += [
                e
                for e in scored[1:]
                if e not in chosen and CONTRIBUTION.search(e.sentence) and e.score >= 0.5 * top.score
            ][:1]
        chosen = _with_listing(question.text, chosen, scored)
        if question.asks == "origin":
            chosen = _origins_next([*chosen, *(e for e in scored if e not in chosen)])[:limit]
        return sorted(chosen, key=lambda e: e.order)

    def _with_english(self, japanese: list[Evidence], passages: Sequence[Passage]) -> None:
        """Each Japanese sentence given the English sentence it translates, so that it is read through it."""
        ordered = sorted(japanese, key=lambda e: e.order)
        english = sorted(self.scorer.candidates(passages, lang="en"), key=lambda e: e.order)
        pairs = translated(tuple(e.sentence for e in ordered), tuple(e.sentence for e in english))
        for e in japanese:
            e.english = pairs.get(e.sentence, "")

    def with_originals(
        self, chosen: list[Evidence], passages: Sequence[Passage], pairs: bool = True, every: bool = False
    ) -> list[Evidence]:
        """Japanese sentences, each followed by the English sentence it translates when the translation
        lost a name or a number the original gives (格子形 for "PLAID", Regidagent for "RewardAgent"), or
        `every` time when the question asks for the original wording."""
        if not chosen or any(e.passage.chunk.lang != "ja" for e in chosen):
            return chosen
        japanese = sorted(self.scorer.candidates(passages, lang="ja"), key=lambda e: e.order)
        english = sorted(self.scorer.candidates(passages, lang="en"), key=lambda e: e.order)
        if pairs or every:  # only a pair's partner is looked up through each sentence's original
            self._with_english(japanese, passages)
        lost = originals([e.sentence for e in japanese], [e.sentence for e in english])
        at = {e.sentence: i for i, e in enumerate(japanese)}
        out: list[Evidence] = []
        for e in chosen:
            out.append(e)
            k = lost.get(at.get(e.sentence, -1))
            if k is None and (e.through_english or every):  # chosen for words only its original has: show them
                k = next((i for i, o in enumerate(english) if o.sentence == e.english), None)
            if k is not None and all(o.sentence != english[k].sentence for o in out):
                out.append(replace(english[k], original=True))
            partner = self._untranslated_partner(e, japanese, english) if pairs else None
            if partner is not None and all(o.sentence != partner.sentence for o in out):
                out.append(replace(partner, original=True))
        return out

    @staticmethod
    def _untranslated_partner(e: Evidence, japanese: list[Evidence], english: list[Evidence]) -> Evidence | None:
        """The second half of a pair whose first half `e` translates ("For one thing …" / "For another …"),
        when the summary dropped it: the answer quotes it in the original, else it tells half the story."""
        original = next((j.english for j in japanese if j.sentence == e.sentence), "")
        at = next((i for i, o in enumerate(english) if o.sentence == original), None)
        if at is None or at + 1 >= len(english) or not _PAIR_OPENS.match(original):
            return None
        partner = english[at + 1]
        translated = {j.english for j in japanese}
        return partner if _PAIR_CLOSES.match(partner.sentence) and partner.sentence not in translated else None

    @staticmethod
    def _render(chosen: Sequence[Evidence], refs: References, lang: str) -> str:
        """The sentences, each cited with its paper's number (Japanese sentences join without spaces; an
        English original follows its translation in brackets)."""
        out = []
        for e in chosen:
            n = refs.cite(e.passage.paper, e.passage, e.sentence)
            out.append(f"（原文: {with_marker(e.sentence, n)}）" if e.original else with_marker(e.sentence, n))
        return (" " if lang == "en" else "").join(out)


# "What are the three UQ methods? How did each do?", 「…手法3つって何？それぞれどうだった？」: the part asking
# how each fared is answered item by item, from the list another part's sentence gives
_EACH = re.compile(r"\beach\b|\bevery\s+one\b|それぞれ|各々", re.IGNORECASE)
_AFTER_COLON = re.compile(r"[:：]\s*(.+)$")
_COUNT_AFTER_LIST = re.compile(r"の(?:\d+|[二三四五六七八九十])(?:つ|種類?|個)")
_ITEM_SPLIT = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|、\s*(?:および|及び)?|および|及び")


def _with_listing(question: str, chosen: list[Evidence], ranked: list[Evidence]) -> list[Evidence]:
    """「ゲーティングは何で判定？」, "what does its gating look at?": the sentence listing what it rests on ("two
    key aspects: A and B") answers, though the one naming the gating shares more words; added when the
    chosen list nothing and it is the best of the rest."""
    listing = listing_asked(question)
    if not listing or any(_lists(listing, e) for e in chosen):
        return chosen
    taken = {e.sentence for e in chosen}
    rest = next((e for e in ranked if e.sentence not in taken), None)
    return chosen + [rest] if rest and _lists(listing, rest) else chosen


def _lists(listing: re.Pattern, e: Evidence) -> bool:
    """Whether the sentence lists the things asked for, or its English original does: a summary may translate
    the list without its colon (「2つの検証可能な信号を組み合わせた…」 for "two verifiable signals: A and B")."""
    return bool(listing.search(e.sentence) or (e.english and listing.search(e.english)))


def _asks_how_each_fared(asks: str, text: str) -> bool:
    return asks == "result" and bool(_EACH.search(text))


def _listed_items(sentence: str) -> list[set[str]]:
    """The items of the list a sentence gives ("…techniques: A, B, and C", 「A、B、およびCの3つの…」), each by the
    words no other item has; [] when it lists fewer than three."""
    found = _AFTER_COLON.search(sentence)
    listed = found.group(1) if found else sentence
    # 「…、およびCの3つの機械学習の…技術」: the count closes the list
    parts = [p for p in _ITEM_SPLIT.split(_COUNT_AFTER_LIST.split(listed)[0]) if p.strip()]
    if len(parts) < 3:
        return []
    words = [set(terms(p)) for p in parts]
    own = [w - set().union(*(o for j, o in enumerate(words) if j != i)) for i, w in enumerate(words)]
    return [o for o in own if o]


def _item_by_item(chosen: list[Evidence], ranked: list[Evidence]) -> list[Evidence]:
    """The sentence listing the items, then for each item the sentence of `ranked` saying most of it (the
    better ranked of equals), in place of what the part had; the rest as there is room."""
    listing, items = next(((e, found) for e in chosen if (found := _listed_items(e.sentence))), (None, []))
    if listing is None:
        return chosen
    picked = [listing]
    for item in items:
        said = {e.sentence for e in picked}
        best = max(
            (e for e in ranked if e.sentence not in said),
            key=lambda e: len(item & set(terms(e.sentence))),
            default=None,
        )
        if best is not None and item & set(terms(best.sentence)):
            picked.append(best)
    if len(picked) < 3:  # no item spoken of elsewhere: the list was not one of things that fared
        return chosen
    rest = [e for e in chosen if e.sentence not in {p.sentence for p in picked}]
    return (picked + rest)[:MAX_SENTENCES]


_REPEATED = 1.0  # a sentence the last answer quoted goes last, when the question asks about a thing it spoke of


_TAKES_UP_PROBLEM = re.compile(
    r"\b(?:this|that|these|those)\s+(?:problem|issue|weakness|limitation|shortcoming|drawback|gap|challenge|bottleneck)s?\b"
    r"|(?:この|その|これらの)(?:問題|課題|弱点|欠点|限界|制約)",
    re.IGNORECASE,
)


def _news_first(scored: list[Evidence], said_before: str) -> list[Evidence]:
    """ "JOENAはその弱点をどう解決してるの？": the sentence that named the weakness is not how it is solved."""
    if not said_before:
        return scored
    for e in scored:
        # one that takes the thing up again ("…eliminates this issue", 「この問題を排除します」) says what was done
        # about it, which is what is asked, though the last answer quoted it too
        if e.sentence.rstrip("。.!?！？ ") in said_before and not _TAKES_UP_PROBLEM.search(e.sentence):
            e.score -= _REPEATED
    return sorted(scored, key=lambda e: e.score, reverse=True)


# "We further …", 「さらに、…」: the sentence goes on with what the one before it began
_GOES_ON = re.compile(
    r"^(?:we\s+(?:further|also|additionally)\b|further(?:more)?,|moreover,|additionally,|in\s+addition,|さらに|加えて)",
    re.IGNORECASE,
)


def _evaluation_continued(first: Evidence, ranked: list[Evidence]) -> list[Evidence]:
    """ "How did they evaluate it?": "We conduct experiments on reward model benchmarks …" and the sentence
    going on with a further test, next or after the result between ("We further … train an LLM with DPO,
    achieving … on NLP benchmarks")."""
    for e in _nearby(first, ranked, after=True):
        text = e.english or e.sentence
        if _GOES_ON.match(text) and EVALUATION.search(text):
            return [e]
    return []


def _remedies_first(ranked: list[Evidence]) -> list[Evidence]:
    """ "How did they deal with the response quality changing?": the sentence removing "this issue" answers,
    however few of the asked words it repeats; it ranks just above the sentence that raised the issue
    (one of the two before it), whose words the question does repeat."""
    for e in ranked:
        if _TAKES_UP_PROBLEM.search(e.sentence) and REMEDY.search(e.sentence):
            e.score = max([e.score, *(raised.score + _AHEAD for raised in _nearby(e, ranked, after=False))])
    return sorted(ranked, key=lambda e: e.score, reverse=True)


def _origins_next(ranked: list[Evidence]) -> list[Evidence]:
    """Where an idea came from is often said twice, what inspired it and what it derives from: after the
    best sentence, those saying so come before others that merely score well."""
    cued = [e for e in ranked[1:] if ORIGIN.search(e.sentence)]
    return list({e.sentence: e for e in [ranked[0], *cued, *ranked[1:]]}.values())


def _nearby(e: Evidence, ranked: list[Evidence], *, after: bool) -> list[Evidence]:
    """The two sentences after `e` (or before it, nearest first) in reading order, in its language."""
    reading = sorted((other for other in ranked if other.order[0] == e.order[0]), key=lambda other: other.order)
    at = reading.index(e)
    return reading[at + 1 : at + 3] if after else reading[max(at - 2, 0) : at][::-1]


def _names_in(evidence: Evidence, ignore: dict[str, float]) -> bool:
    """Whether the sentence (or the English it translates) writes one of the names (the terms weighted 0
    in `ignore`), or none is known."""
    names = {t for t, w in ignore.items() if w == 0.0}
    return not names or bool(names & set(terms(f"{evidence.sentence} {evidence.english or ''}")))


def _unasked_words(question: Question, query: str, asks: str) -> set[str]:
    """Words of the question that do not say what answers it."""
    if asks == "scope":
        # "does it only work for text?": the setting the finding is known in is not what answers how far it reaches
        return {t for found in _SETTING.finditer(query) for t in terms(found.group(1) or found.group(2))}
    if asks == "proposal":
        # "what does the diffusion speed-up paper propose?": the words describing the paper found it; its
        # "we propose…" need not repeat them, and the motivation before it, which does, proposes nothing
        return set(terms(question.described))
    against = [found[0] for found in FARING.finditer(query)] if asks == "result" else []
    if against:
        # "how does the fake news paper compare to existing methods?": the paper as described, and the rivals it
        # is set against, are what the motivation speaks of ("Existing … fake news detection methods often…");
        # its result says how it fared in other words ("superior performance compared to state-of-the-art…")
        return set(terms(question.described)) | {t for phrase in against for t in terms(phrase)}
    return set()


def _defines_only_names(clause: Clause, ignore: dict[str, float]) -> bool:
    """A part asking what the paper's own method is and nothing more ("What is DataMan", 「DataManは
    どういうモデルで」): the paper's "we propose/train …" sentence says it."""
    return clause.asks == "definition" and not [t for t in asked_terms(clause.topic) if ignore.get(t) != 0.0]


def _contrasted(rankings: list[list[Evidence]], topics: list[str]) -> list[list[Evidence]]:
    """Each part's sentences re-ranked, a sentence that is another part's best answer and fits it better
    than this one losing some of its lead: "is it training-free? and in which regime does it improve?"
    should not spend its first part on the sentence about the regime. A sentence that answers both parts
    as well ("select 30B tokens to train a 1.3B-parameter model") is not held against either, nor one
    that another part would not quote anyway (its best is elsewhere). Parts on the same topic ("which
    did best, and which worst?") are not held against each other."""
    scores = [{e.sentence: e.score for e in ranked} for ranked in rankings]
    best = [ranked[0].sentence if ranked else None for ranked in rankings]

    def contrast(index: int, e: Evidence) -> float:
        others = [
            s.get(e.sentence, 0.0) for j, s in enumerate(scores) if topics[j] != topics[index] and best[j] == e.sentence
        ]
        return e.score - CONTRAST * max(0.0, max(others, default=0.0) - e.score)

    return [sorted(ranked, key=lambda e: contrast(i, e), reverse=True) for i, ranked in enumerate(rankings)]


# Not "This paper…", 「この論文では…」: the paper itself, not the sentence before.
_PAIR_OPENS = re.compile(r"^(?:for\s+one\s+thing|on\s+the\s+one\s+hand|first(?:ly)?,)", re.IGNORECASE)
_PAIR_CLOSES = re.compile(r"^(?:for\s+another|on\s+the\s+other\s+hand|second(?:ly)?,)", re.IGNORECASE)
_POINTS_BACK = re.compile(
    r"^(?:this|these|such|that|those)\b(?!\s+(?:paper|work|study|article)\b)|^(?:この|その|これら)(?!(?:論文|研究|ペーパー))",
    re.IGNORECASE,
)
# What a quoted sentence cannot be read without: "… eliminates this issue", "This allows …", 「この問題は…」.
_NEEDS_ANTECEDENT = re.compile(
    r"\b(?:this|these|such|that)\s+(?:issues?|problems?|effects?|limitations?|challenges?|phenomen\w+|shortcomings?|gaps?)\b"
    r"|^(?:this|that)\s+(?:allows|is|was|means|makes|enables)\b|この(?:問題|課題|現象|効果|制限)|^これ(?:は|により|によって)",
    re.IGNORECASE,
)
# A sentence announcing what the paper builds ("To study these phenomena, we propose a new experimental
# framework for …") says nothing of how it works; the next, taking it up ("Our framework separates each
# layer's inputs …"), does.
_ANNOUNCES = re.compile(r"\bwe\s+(?:propose|introduce|present|design|develop|build)\b|を提案|を導入", re.IGNORECASE)
_TAKES_UP = re.compile(r"^(?:our|this|the)\s+([\w-]+)|^(?:私たちの|この|本)([^\s、はが]{2,}?)(?:は|が)", re.IGNORECASE)


def _takes_up(before: str, after: str) -> bool:
    """Whether `after` continues `before`: the problem it raised ("… eliminates this issue"), or what it
    announced the paper builds, by the same noun ("… a new experimental framework" / "Our framework …")."""
    if _NEEDS_ANTECEDENT.search(after) and (_PROBLEM.search(before) or DRAWBACK.search(before)):
        return True
    taken_up = _TAKES_UP.search(after)
    noun = taken_up and (taken_up.group(1) or taken_up.group(2))
    return bool(_ANNOUNCES.search(before) and noun and noun.casefold() in before.casefold())


def _lays_out(before: Evidence, after: Evidence) -> bool:
    """ "How does JOENA combine the two?": "we propose a framework unifying them" says that it does; the
    pair after it ("For one thing (OT for embedding) …", "For another …") how, and the sentence after the
    pair what joins its halves ("… the mutual benefits of both methods … by an alternating optimization")."""
    first, then = before.english or before.sentence, after.english or after.sentence
    if CONTRIBUTION.search(first):
        return bool(_PAIR_OPENS.match(then))
    in_pair = _PAIR_OPENS.match(first) or _PAIR_CLOSES.match(first)
    return bool(in_pair and (_PAIR_CLOSES.match(then) or _BOTH.search(then) or _BOTH.search(after.sentence)))


_BOTH = re.compile(r"\bboth\b|両方|双方", re.IGNORECASE)


def _with_antecedent(e: Evidence, sentences: list[Evidence]) -> list[Evidence]:
    at = sentences.index(e)
    return [sentences[at - 1], e] if at and _POINTS_BACK.search(e.sentence) else [e]


def heading(paper: Paper) -> str:
    """A paper as an answer names it: its title, and the name it gives its method when the title does
    not hold it ("… Network Alignment (JOENA)"), since researchers know papers by those names."""
    extra = [n for n in coined_names(paper) if " " not in n and fold(n) not in fold(paper.title)]
    return f"{paper.title} ({', '.join(extra)})" if extra else paper.title


def naming_terms(paper: Paper, described: str = "", question: str = "") -> dict[str, float]:
    """How much each of a paper's naming terms still counts once the answer is known to come from
    that paper: its coined names (JOENA, DataMan) and the question's description of it ("the CHF
    hybrid modeling study") not at all, they only identify it; its title words a little, since "how
    do text and image interact?" may ask about what the title names."""
    weights = {t: _TITLE_TERM for t in terms(paper.title)}
    names = [name for name in names_of(paper) if fold(name) != fold(paper.title)]
    weights.update({t: 0.0 for name in names for t in terms(name)})
    weights.update({t: 0.0 for t in terms(described)})
    if described and re.search(rf"{re.escape(described)}\s+one\b", question, re.IGNORECASE):
        weights["one"] = 0.0  # "the fake news MoE one": the description's head word points at the paper, asks nothing
    # The same names in katakana (ハイパーフィッティング for "hyperfitting"), as a Japanese question writes them.
    for word in katakana_words(question):
        if any(same_word(english, word) for name in names for english in name.split()):
            weight = 0.0
        elif any(same_word(english, word) for english in re.findall(r"[A-Za-z]{4,}", paper.title)):
            weight = _TITLE_TERM
        else:
            continue
        weights.update({t: min(weights.get(t, 1.0), weight) for t in terms(word)})
    return weights


def _spelled_out(query: str, paper: Paper) -> str:
    """The query with the paper's coined names (JOENA) replaced by its title: the embedding model never
    saw the name, so "what problem is JOENA solving?" is embedded as a question about network alignment."""
    for name in sorted(names_of(paper) - {fold(paper.title)}, key=len, reverse=True):
        if len(name) >= 3:
            query = re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w-])", paper.title, query, flags=re.IGNORECASE)
    return query


def short_title(paper: Paper) -> str:
    """A column heading: the title before its colon ("DataMan"), else its first words."""
    head = paper.title.split(":", 1)[0].strip()
    words = head.split()
    return head if len(words) <= 6 else " ".join(words[:6]) + "…"


def _aspect_label(aspect: str, lang: str) -> str:
    """The asked aspect's row heading: its words when they make a short heading ("Speedup", 「収束保証」),
    else a plain one; the words left of a long question ("Go sparsity pruning", 「理論保証の中身を の保証」)
    read as no heading."""
    if lang == "ja":
        tidy = len(aspect) <= 10 and not re.search(r"[\u3041-\u3093\s]", aspect)
        return aspect if tidy else "ご質問の点"
    return aspect[:1].upper() + aspect[1:] if len(aspect.split()) <= 2 else "Your question"


def _table(headings: Sequence[str], numbers: Sequence[int], rows: Sequence[tuple[str, list[str]]], lang: str) -> str:
    """A Markdown table, papers across, aspects down; an empty cell says the abstract does not state it."""

    def cell(text: str) -> str:
        return (text or NOT_STATED_CELL[lang]).replace("|", "\\|").replace("\n", " ")

    lines = ["| | " + " | ".join(f"**{h}** [{n}]" for h, n in zip(headings, numbers)) + " |"]
    lines.append("|---" * (len(headings) + 1) + "|")
    lines += [f"| {label} | " + " | ".join(cell(c) for c in cells) + " |" for label, cells in rows]
    return "\n".join(lines)
