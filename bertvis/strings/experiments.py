"""Strings of the experiments page (head knockout, head importance, left-to-right reading,
minimal pairs), its tour cards and its errors."""

STRINGS = {
    "page.experiments": ("Experiments: switch heads off", "実験: ヘッドを止めてみる"),
    "experiments.blurb": (
        "Don't just look at attention, test it: remove heads and watch the answer change, rank "
        "the heads that matter, read only left to right, compare two sentences.",
        "アテンションを眺めるだけでなく確かめます: ヘッドを取り除いて答えの変化を見る、効いている"
        "ヘッドを順位づける、左から右だけで読ませる、2 つの文を比べる。",
    ),
    "experiments.intro": (
        "A picture of attention says where a head looks, not whether the answer needs it. Here "
        "you run the experiments from the papers: **switch heads off** and see what changes, "
        "**rank every head** by its effect on this answer, let BERT read **only left to right**, "
        "and put **two sentences side by side**.",
        "アテンションの図はヘッドがどこを見ているかを示しますが、答えにそのヘッドが必要かどうかは"
        "示しません。ここでは論文の実験を自分で行います: **ヘッドを止めて**何が変わるかを見る、"
        "この答えへの効き目で**全ヘッドを順位づける**、BERT に**左から右だけ**で読ませる、"
        "**2 つの文を並べて**比べる。",
    ),
    "experiments.explain": (
        "**Knocking a head out.** Each layer joins its heads' outputs side by side and multiplies "
        "them by one output matrix W_O. Removing a head sets its slice of that joined vector to "
        "zero for this one run: the weights are never changed, and other people using the app "
        "at the same time see the normal model.\n\n"
        "**Which heads matter.** The exact way: knock each head out alone and measure the "
        "probability of the model's answer again (one run per head, batched). The fast way "
        "(Michel, Levy & Neubig 2019, *Are Sixteen Heads Really Better than One?*): put a gate "
        "ξ = 1 on every head and take the gradient of the loss −log p with respect to it; "
        "|∂L/∂ξ| estimates the effect of removing the head, from one backward pass. The page "
        "shows both and how well their rankings agree (Spearman's ρ). Their finding: most heads "
        "can be removed at test time with little loss, a few cannot. Kovaleva et al. (2019) "
        "even saw scores improve with some heads disabled.\n\n"
        "**Effects don't add up.** Removing two heads together is not the sum of removing each: "
        "heads back each other up, or only matter together. The page measures both.\n\n"
        "**Attention is not explanation** (Jain & Wallace 2019; Wiegreffe & Pinter 2019): a head "
        "that looks at a word is not proof that the answer depends on it. Knockouts test it.",
        "**ヘッドを止める。** 各層はヘッドの出力を横に並べてつなぎ、1 つの出力行列 W_O を掛けます。"
        "ヘッドを取り除くとは、この 1 回の実行に限り、つないだベクトルのそのヘッドの部分を 0 に"
        "することです。重みは一切変えず、同時にアプリを使っている他の人には普通のモデルのままです。\n\n"
        "**どのヘッドが効いているか。** 正確な方法: ヘッドを 1 つずつ止めて、モデルの答えの確率を"
        "測り直します（ヘッドごとに 1 回、まとめて実行）。速い方法（Michel, Levy & Neubig 2019 "
        "*Are Sixteen Heads Really Better than One?*）: 各ヘッドにゲート ξ = 1 を置き、損失 −log p "
        "の ξ に関する勾配を取ります。|∂L/∂ξ| が 1 回の逆伝播でヘッドを除いた効果を見積もります。"
        "ページには両方と、その順位の一致度（スピアマンの ρ）を示します。彼らの発見: 多くのヘッドは"
        "推論時に取り除いてもほとんど損がなく、ごく一部だけが欠かせません。Kovaleva ら (2019) は"
        "一部のヘッドを止めると成績が上がることさえ見ています。\n\n"
        "**効果は足し算にならない。** 2 つのヘッドを一緒に取り除いた効果は、1 つずつの効果の和では"
        "ありません。ヘッドは互いを補い合ったり、組になって初めて効いたりします。ページでは両方を"
        "測ります。\n\n"
        "**アテンションは説明ではない**（Jain & Wallace 2019; Wiegreffe & Pinter 2019）: ヘッドが"
        "ある単語を見ていても、答えがそれに依存している証拠にはなりません。ヘッドを止めれば確かめ"
        "られます。",
    ),
    "experiments.task": ("Model for the experiment", "実験に使うモデル"),
    "experiments.task.pretraining": ("Masked words & next sentence (sidebar model)",
                                     "マスク単語と次の文（サイドバーのモデル）"),
    "experiments.task.sentiment": ("Sentiment", "感情分析"),
    "experiments.task.qa": ("Question answering", "質問応答"),
    "experiments.task.tagging": ("Tagging (named entities)", "タグ付け（固有表現）"),
    "experiments.qa_note": (
        "Question answering reads sentence A as the question and sentence B as the passage.",
        "質問応答では文 A を質問、文 B を文章として読みます。",
    ),
    "experiments.output": ("Answer to measure", "測る答え"),
    "experiments.output.mask": ("Masked word", "マスク単語"),
    "experiments.output.nsp": ("Next sentence", "次の文"),
    "experiments.output.label": ("Label", "ラベル"),
    "experiments.output.span": ("Answer span", "答えの範囲"),
    "experiments.output.tags": ("Tags", "タグ"),
    "experiments.no_output.pretraining": (
        "This model has no answer to measure for this input. Masked words need a masked-LM "
        "head and a `[MASK]` in sentence A (e.g. *The [MASK] barked at the mailman all night.*); "
        "the next-sentence answer needs an NSP head and a sentence B. The packaged offline "
        "MiniLM has neither head: choose a BERT with pre-training heads in the sidebar, or use "
        "the sentiment model above.",
        "このモデルとこの入力には測れる答えがありません。マスク単語には masked-LM ヘッドと文 A の "
        "`[MASK]`（例: *The [MASK] barked at the mailman all night.*）が、次の文の答えには NSP "
        "ヘッドと文 B が必要です。同梱のオフライン MiniLM にはどちらのヘッドもありません。サイド"
        "バーで事前学習ヘッド付きの BERT を選ぶか、上で感情分析モデルを使ってください。",
    ),
    "experiments.no_output.qa": (
        "Question answering needs a question (sentence A) and a passage (sentence B).",
        "質問応答には質問（文 A）と文章（文 B）の両方が必要です。",
    ),
    "experiments.tab.knockout": ("Knock heads out", "ヘッドを止める"),
    "experiments.tab.importance": ("Which heads matter", "効いているヘッド"),
    "experiments.tab.causal": ("Left to right only", "左から右だけ"),
    "experiments.tab.pair": ("Two inputs", "2 つの入力"),
    "experiments.example.dog": ("The [MASK] barked…", "The [MASK] barked…"),
    "experiments.example.movie": ("A film review", "映画の感想"),
    "experiments.example.trophy": ("Trophy: big / small", "トロフィー: big / small"),
    "experiments.example.bank": ("Bank: river / rates", "bank: 川 / 金利"),
    "experiments.example.dog_ja": ("[MASK] barked… (Japanese)", "[MASK]は…吠えていた"),
    "experiments.example.trophy_ja": ("Trophy: big / small (Japanese)",
                                      "トロフィー: 大きすぎ / 小さすぎ"),
    "experiments.example.roles_ja": ("Who gave the book (Japanese)", "誰が本をあげた？"),
    # knockout
    "experiments.heads": ("Heads knocked out (layer-head)", "止めるヘッド（層-ヘッド）"),
    "experiments.heads_help": (
        "Click squares in the overview to add or remove heads, or type them here, e.g. "
        "`9-6, 2-3` (numbered from 1). The set is kept in the link.",
        "一覧の四角をクリックするとヘッドを追加・削除できます。ここに `9-6, 2-3` のように直接"
        "書いてもかまいません（1 から数えます）。選んだ組はリンクに保存されます。",
    ),
    "experiments.clear": ("Clear", "クリア"),
    "experiments.mosaic_title": ("Every head: click to knock out (✕ = removed)",
                                 "すべてのヘッド: クリックで止める（✕ = 除去）"),
    "experiments.mosaic_hover": ("layer {layer}, head {head}: click to toggle",
                                 "層 {layer}・ヘッド {head}: クリックで切り替え"),
    "experiments.before": ("Before (all heads)", "前（すべてのヘッド）"),
    "experiments.after": ("After ({n} heads out)", "後（{n} 個のヘッドを除去）"),
    "experiments.none_out": (
        "No head is knocked out yet: click squares in the overview.",
        "まだヘッドを止めていません。一覧の四角をクリックしてください。",
    ),
    "experiments.p_answer": ("P(“{answer}”)", "P(「{answer}」)"),
    "experiments.p_answer_help": (
        "Probability of the model's answer before the knockout ({output}); for tags, the "
        "geometric mean over the sentence's pieces.",
        "ヘッドを止める前のモデルの答え（{output}）の確率。タグでは文の各トークンの幾何平均。",
    ),
    "experiments.col.token": ("guess", "予測"),
    "experiments.col.probability": ("probability", "確率"),
    "experiments.col.label": ("label", "ラベル"),
    "experiments.col.word": ("word", "単語"),
    "experiments.mask_at": ("Mask {n} (token {position})", "マスク {n}（トークン {position}）"),
    "experiments.p_is_next": ("P(IsNext)", "P(IsNext)"),
    "experiments.span_text": ("Answer: **{answer}** (P = {p})", "答え: **{answer}**（P = {p}）"),
    # importance
    "experiments.sweep_progress": ("Knocking out head {done} of {total}…",
                                   "ヘッド {done} / {total} を止めて測定中…"),
    "experiments.prune_progress": ("Pruning: point {done} of {total}…",
                                   "刈り込み: {done} / {total} 点目…"),
    "experiments.importance_intro": (
        "The answer: **{answer}** with p = {p}. Each head was knocked out alone ({n} runs) and "
        "p measured again; the gradient proxy took one backward pass.",
        "答え: **{answer}**（p = {p}）。各ヘッドを 1 つずつ止めて（{n} 回）p を測り直し、勾配に"
        "よる見積もりは 1 回の逆伝播で求めました。",
    ),
    "experiments.grid_title": ("Change of p with each head removed alone",
                               "各ヘッドを 1 つだけ除いたときの p の変化"),
    "experiments.grid_hover": ("change of p", "p の変化"),
    "experiments.grid_layer": ("layer", "層"),
    "experiments.grid_head": ("head", "ヘッド"),
    "experiments.scatter_title": ("Exact effect vs gradient proxy (one point per head)",
                                  "正確な効果と勾配による見積もり（点 = ヘッド）"),
    "experiments.scatter_x": ("|∂L/∂ξ| (gradient proxy)", "|∂L/∂ξ|（勾配による見積もり）"),
    "experiments.scatter_y": ("|change of −log p| (exact)", "|−log p の変化|（正確）"),
    "experiments.spearman": (
        "Spearman's rank correlation of the two rankings: **ρ = {rho}** (1 = the same order).",
        "2 つの順位のスピアマン順位相関: **ρ = {rho}**（1 = 同じ順）。",
    ),
    "experiments.spearman_nan": (
        "The rankings can't be compared: every head has the same effect here.",
        "ここではすべてのヘッドの効果が同じなので、順位を比べられません。",
    ),
    "experiments.top_table": ("The {n} most important heads", "最も効いている {n} 個のヘッド"),
    "experiments.col.head": ("head", "ヘッド"),
    "experiments.col.p_knocked": ("p without it", "除去後の p"),
    "experiments.col.effect": ("change of p", "p の変化"),
    "experiments.col.gradient": ("|∂L/∂ξ|", "|∂L/∂ξ|"),
    "experiments.col.rank_exact": ("rank (exact)", "順位（正確）"),
    "experiments.col.rank_gradient": ("rank (gradient)", "順位（勾配）"),
    "experiments.k": ("Top heads removed together", "一緒に除くヘッドの数"),
    "experiments.joint": (
        "Removing the top {k} heads **one at a time** changes p by {singles}: summed, "
        "**{sum}**. Removing them **together** changes p by **{joint}**.",
        "上位 {k} 個のヘッドを **1 つずつ** 除くと p はそれぞれ {singles} 変わり、合計は "
        "**{sum}** です。**一緒に** 除くと p は **{joint}** 変わります。",
    ),
    "experiments.joint_adds": (
        "Here the sum is close to the joint effect (within {gap}): for these heads, effects "
        "happen to add up almost exactly. Try a larger k.",
        "ここでは合計と同時除去の効果がほぼ同じです（差 {gap}）。これらのヘッドではたまたま"
        "ほぼ足し算になっています。k を大きくしてみましょう。",
    ),
    "experiments.joint_differs": (
        "The effects **don't add up**: together they differ from the sum by {gap}.",
        "効果は **足し算になりません**: 一緒に除いた効果は合計と {gap} 違います。",
    ),
    "experiments.prune_title": ("How many heads can go? (least important removed first)",
                                "ヘッドはいくつ取り除けるか（効き目の小さい順に除去）"),
    "experiments.prune_x": ("heads removed", "除いたヘッド"),
    "experiments.prune_y": ("p of the answer", "答えの p"),
    "experiments.prune_caption": (
        "Up to **{share}** of the heads can be removed while p stays at least 90 % of its "
        "starting value ({p}).",
        "p が最初の値（{p}）の 90 % 以上を保ったまま、ヘッドの **{share}** まで取り除けます。",
    ),
    # causal
    "experiments.causal_intro": (
        "The same BERT, made to read **left to right**: for this one run, each token may look "
        "only at itself and the tokens before it (a causal mask adds −∞ above the diagonal of "
        "every attention score matrix before the softmax).",
        "同じ BERT に **左から右へ** だけ読ませます: この 1 回の実行に限り、各トークンは自分と"
        "それより前のトークンしか見られません（因果マスクが、ソフトマックスの前に各アテンション"
        "スコア行列の対角より上に −∞ を加えます）。",
    ),
    "experiments.causal_explain": (
        "**Why BERT reads both ways.** BERT was trained to fill in masked words with the whole "
        "sentence in view, so a clue may come after the gap: in *The [MASK] barked at the "
        "mailman all night*, only *barked* tells you it's a dog. A GPT-style model reads left "
        "to right because it is trained to predict the **next** word, and it must not see the "
        "future it predicts; that lets it generate text, but each word's vector knows nothing "
        "of what follows. Under the causal mask this BERT loses its right-hand context, and it "
        "was never trained that way, so its guesses get worse (and its attention rows are cut "
        "off at the diagonal).",
        "**BERT が両方向に読む理由。** BERT は文全体を見ながらマスクされた単語を埋めるように"
        "学習しているので、手がかりが空欄の後にあっても使えます。*The [MASK] barked at the "
        "mailman all night* では、犬だと分かる手がかりは後ろの *barked* だけです。GPT 型のモデルは"
        "**次の**単語を予測するよう学習するため、予測する未来を見てはいけないので左から右へ読みます。"
        "そのおかげで文章を生成できますが、各単語のベクトルは後に続く内容を何も知りません。因果"
        "マスクの下ではこの BERT は右側の文脈を失い、しかもそのように学習していないので、予測が"
        "悪くなります（アテンションの各行も対角で切れます）。",
    ),
    "experiments.layer": ("Layer", "層"),
    "experiments.head": ("Head", "ヘッド"),
    "experiments.both_ways": ("Both ways (normal BERT), layer {layer}, head {head}",
                              "両方向（通常の BERT）層 {layer}・ヘッド {head}"),
    "experiments.left_only": ("Left to right only, layer {layer}, head {head}",
                              "左から右だけ 層 {layer}・ヘッド {head}"),
    "experiments.query": ("query (looking)", "クエリ（見る側）"),
    "experiments.key": ("key (looked at)", "キー（見られる側）"),
    "experiments.guesses_both": ("Guesses reading both ways", "両方向に読んだときの予測"),
    "experiments.guesses_left": ("Guesses reading left to right", "左から右だけで読んだときの予測"),
    "experiments.causal_no_mask": (
        "Type a `[MASK]` into sentence A to compare the guesses.",
        "予測を比べるには、文 A に `[MASK]` を入れてください。",
    ),
    "experiments.causal_no_mlm": (
        "This model has no masked-LM head, so there are no guesses to compare; choose the "
        "“Masked words” model with a BERT that has pre-training heads (online: bert-base-uncased). "
        "The attention rows above work with any model.",
        "このモデルには masked-LM ヘッドがないため、比べる予測がありません。「マスク単語」のモデル"
        "として事前学習ヘッド付きの BERT（オンラインなら bert-base-uncased）を選んでください。上の"
        "アテンションの行はどのモデルでも見られます。",
    ),
    # pair
    "experiments.pair_intro": (
        "Two inputs through the same model: a **minimal pair** differs in one word. Compare one "
        "head on both, and the answers.",
        "同じモデルに 2 つの入力を通します。**ミニマルペア**は 1 語だけが違う文の組です。同じ"
        "ヘッドを両方で比べ、答えも比べます。",
    ),
    "experiments.second": ("Second input", "2 つ目の入力"),
    "experiments.first_map": ("First: layer {layer}, head {head}", "1 つ目: 層 {layer}・ヘッド {head}"),
    "experiments.second_map": ("Second: layer {layer}, head {head}", "2 つ目: 層 {layer}・ヘッド {head}"),
    "experiments.difference": ("Second − first", "2 つ目 − 1 つ目"),
    "experiments.line_up.token": (
        "Both inputs have {n} tokens, so they line up token by token; a label `a/b` marks where "
        "they differ. Blue: the second input attends more; red: less.",
        "どちらの入力も {n} トークンなので、トークンごとに対応します。`a/b` のラベルは違う箇所です。"
        "青: 2 つ目の方が強く注目、赤: 弱く注目。",
    ),
    "experiments.line_up.word": (
        "The token counts differ, so the maps were merged into words (attention to a word = sum "
        "over its pieces, from a word = mean); both have {n} words (`[CLS]` and `[SEP]` "
        "included), which line up.",
        "トークン数が違うので、単語単位にまとめました（単語への注目 = 断片の和、単語からの注目 = "
        "平均）。どちらも {n} 語（`[CLS]` と `[SEP]` を含む）なので対応がとれます。",
    ),
    "experiments.no_line_up": (
        "The inputs have different numbers of words ({first} and {second}, `[CLS]` and `[SEP]` "
        "included), so there is no position-by-position difference; compare the two maps by "
        "eye.",
        "入力の単語数が違う（{first} と {second}、`[CLS]` と `[SEP]` を含む）ので、位置ごとの差は"
        "出せません。2 つの図を見比べてください。",
    ),
    "experiments.pair_answers": ("Answers", "答え"),
    "experiments.need_second": ("Type a second input to compare.", "比べる 2 つ目の入力を書いてください。"),
    "experiments.handoff": ("Knock head {head} out…", "ヘッド {head} を止めてみる…"),
    # tour
    "tour.knockout.title": ("Switch heads off", "ヘッドを止める"),
    "tour.knockout.body": (
        "Attention shows where a head looks, not whether the answer needs it. Knock heads out "
        "and watch the sentiment's probability: most heads barely matter, a few do.",
        "アテンションはヘッドがどこを見ているかを示しますが、答えにそれが必要かは示しません。"
        "ヘッドを止めて感情分析の確率を見てみましょう。ほとんどのヘッドはほぼ影響せず、効くのは"
        "ごく一部です。",
    ),
    "tour.importance.title": ("Which heads matter", "効いているヘッド"),
    "tour.importance.body": (
        "Every head knocked out in turn, beside Michel et al.'s one-pass gradient estimate. Do "
        "the rankings agree? Do the effects of the top heads add up?",
        "すべてのヘッドを順に止めた結果と、Michel らの 1 回の勾配計算による見積もりを並べます。"
        "順位は一致するでしょうか。上位のヘッドの効果は足し算になるでしょうか。",
    ),
    "tour.causal.title": ("Reading both ways", "両方向に読む"),
    "tour.causal.body": (
        "In “The [MASK] barked…” the clue comes after the gap. Make BERT read only left to "
        "right, like GPT, and see what it loses.",
        "「The [MASK] barked…」では手がかりが空欄の後にあります。BERT に GPT のように左から右"
        "だけで読ませると、何を失うか見てみましょう。",
    ),
    "tour.pair.title": ("Minimal pairs", "ミニマルペア"),
    "tour.pair.body": (
        "“…too big” / “…too small”: one word changes what “it” means. Compare a head on both "
        "sentences, and the difference map.",
        "「…too big」/「…too small」: 1 語で “it” の指すものが変わります。同じヘッドを両方の文で"
        "比べ、差の図を見ましょう。",
    ),
    # errors
    "error.experiments_unsupported": (
        "Head experiments need a BERT, RoBERTa, XLM-R, ELECTRA or DistilBERT layout; {model} is "
        "a {model_type} model.",
        "ヘッドの実験には BERT・RoBERTa・XLM-R・ELECTRA・DistilBERT の構造が必要です。{model} は "
        "{model_type} モデルです。",
    ),
    "error.bad_head_spec": (
        "“{spec}” is not a head: write layer-head, e.g. 9-6.",
        "「{spec}」はヘッドの指定ではありません。9-6 のように 層-ヘッド で書いてください。",
    ),
    "error.bad_head_choice": (
        "There is no head {layer}-{head} in this model ({layers} layers × {heads} heads).",
        "このモデルにヘッド {layer}-{head} はありません（{layers} 層 × {heads} ヘッド）。",
    ),
    "error.output_unavailable": (
        "This model and input have no “{output}” answer.",
        "このモデルと入力には「{output}」の答えがありません。",
    ),
    "error.readout_mismatch": (
        "The experiments can't read {model}'s answer the way the model itself does, so they "
        "are not shown for it.",
        "{model} の答えをモデル自身と同じ方法で読み取れないため、このモデルでは実験を表示しません。",
    ),
}
