"""Strings of the question answering & tagging page (and its errors)."""

STRINGS = {
    "page.tasks": ("Question answering & tagging", "質問応答とタグ付け"),
    "tasks.blurb": (
        "The other fine-tuning tasks: find an answer span in a passage, label every token "
        "(named entities), and add your own numeric features to the [CLS] vector.",
        "残りのファインチューニング課題: 文章から答えの範囲を見つける質問応答、各トークンに"
        "ラベルを付ける固有表現抽出、そして [CLS] ベクトルに自分の数値特徴を加える方法。",
    ),
    "tasks.intro": (
        "BERT is fine-tuned in four ways: classifying a sentence pair, classifying one sentence, "
        "**answering a question** with a span of a passage, and **tagging** every token of a "
        "sentence. This page shows the last two with real fine-tuned models, and how to feed "
        "BERT's `[CLS]` vector together with other features into a classifier.",
        "BERT のファインチューニングには 4 つの形があります: 文ペアの分類、1 文の分類、文章中の範囲で"
        "**質問に答える**こと、そして文の各トークンに**タグを付ける**ことです。このページでは後の 2 つを"
        "実際のファインチューニング済みモデルで示し、さらに BERT の `[CLS]` ベクトルを他の特徴と一緒に"
        "分類器へ入れる方法を紹介します。",
    ),
    "tasks.explain": (
        "**Question answering.** The question is sentence A and the passage sentence B. "
        "Fine-tuning adds only two vectors of BERT's hidden size, a start vector **S** and an end "
        "vector **E** (with a bias each). Each passage token's final output vector **h** gets a "
        "start score h·S and an end score h·E; a softmax over the passage tokens turns each "
        "list of scores into probabilities. The answer is the span from token i to token j with "
        "i ≤ j, at most the length limit, with the highest start score of i plus end score of j. "
        "A span's probability here is P(start = i) × P(end = j).\n\n"
        "**Tagging.** Every token's output vector goes through one linear layer to a score per "
        "label (`B-PER` = first word of a person's name, `I-PER` = a following word, `O` = not an "
        "entity…), and a softmax per token gives the label probabilities. `[CLS]` and `[SEP]` are "
        "not part of the sentence and are left out. BERT labels WordPiece pieces; as in the BERT "
        "paper, a word takes the label of its **first piece**, and consecutive words of the same "
        "type form an entity.\n\n"
        "**Without the Hub** there is no fine-tuned QA or tagging model here: bertvis never puts "
        "an untrained head on an encoder, because its answers would be made up. Choose "
        "“Other model…” and give a folder with a model saved by `save_pretrained`.",
        "**質問応答。** 質問を文 A、文章を文 B として入力します。ファインチューニングで加わるのは、"
        "BERT の隠れ次元と同じ大きさの 2 つのベクトル、開始ベクトル **S** と終了ベクトル **E**"
        "（それぞれにバイアス）だけです。文章の各トークンの最終出力ベクトル **h** から開始スコア h·S "
        "と終了スコア h·E を求め、文章のトークンだけでソフトマックスをとって確率にします。答えは、"
        "i ≤ j かつ長さの上限以内で、i の開始スコアと j の終了スコアの和が最大になる、トークン i から "
        "j までの範囲です。ここでの範囲の確率は P(開始 = i) × P(終了 = j) です。\n\n"
        "**タグ付け。** 各トークンの出力ベクトルを 1 つの線形層に通してラベルごとのスコアを求め"
        "（`B-PER` = 人名の最初の語、`I-PER` = その続きの語、`O` = 固有表現ではない…）、トークンごとの"
        "ソフトマックスでラベルの確率にします。`[CLS]` と `[SEP]` は文の一部ではないので除きます。"
        "BERT は WordPiece の断片ごとにラベルを付けますが、BERT の論文と同じく、単語には**最初の断片**"
        "のラベルを使い、同じ種類が続く単語をまとめて 1 つの固有表現にします。\n\n"
        "**Hub に接続できないとき**は、ファインチューニング済みの質問応答・タグ付けモデルがありません。"
        "学習していないヘッドをエンコーダに付けると答えがでたらめになるため、bertvis はそうしません。"
        "「その他のモデル…」を選び、`save_pretrained` で保存したモデルのフォルダを指定してください。",
    ),
    "tasks.tab.qa": ("Question answering", "質問応答"),
    "tasks.tab.ner": ("Token tagging (NER)", "トークンのタグ付け（固有表現）"),
    "tasks.tab.features": ("Combining BERT with other features", "BERT と他の特徴の組み合わせ"),
    "tasks.model": ("Fine-tuned model for this task", "この課題のファインチューニング済みモデル"),
    "tasks.custom_help": (
        "A Hugging Face id of a model fine-tuned for this task, or a folder on this computer "
        "saved with `save_pretrained`.",
        "この課題向けにファインチューニングされたモデルの Hugging Face ID、または "
        "`save_pretrained` で保存したこのコンピュータ上のフォルダ。",
    ),
    "tasks.type_model": (
        "Type a model id or the path of a folder to load a model.",
        "モデルを読み込むには、モデル ID またはフォルダのパスを入力してください。",
    ),
    "tasks.model_info": (
        "{layers} layers × {heads} heads · hidden {hidden} · {params}M parameters",
        "{layers} 層 × {heads} ヘッド · 隠れ次元 {hidden} · パラメータ {params}M",
    ),
    "tasks.offline.qa": (
        "**No question-answering model offline.** The Hugging Face Hub can't be reached and "
        "{model} is not saved on this computer. bertvis ships no model fine-tuned for question "
        "answering (the packaged MiniLM is a bare encoder, and an untrained start/end layer "
        "would only make up answers), so nothing is shown. To try it anyway, choose “Other "
        "model…” and give a folder with a BERT question-answering model saved by "
        "`save_pretrained`.",
        "**オフラインでは質問応答モデルがありません。** Hugging Face Hub に接続できず、{model} も"
        "このコンピュータに保存されていません。bertvis には質問応答用にファインチューニングされた"
        "モデルが同梱されていません（同梱の MiniLM はヘッドのないエンコーダで、学習していない開始・"
        "終了層では答えをでっち上げるだけです）。そのため何も表示しません。試すには「その他のモデル…」"
        "を選び、`save_pretrained` で保存した BERT の質問応答モデルのフォルダを指定してください。",
    ),
    "tasks.offline.ner": (
        "**No tagging model offline.** The Hugging Face Hub can't be reached and {model} is not "
        "saved on this computer. bertvis ships no model fine-tuned for named entities (an "
        "untrained labelling layer would only make up tags), so nothing is shown. To try it "
        "anyway, choose “Other model…” and give a folder with a BERT token-classification model "
        "saved by `save_pretrained`.",
        "**オフラインではタグ付けモデルがありません。** Hugging Face Hub に接続できず、{model} も"
        "このコンピュータに保存されていません。bertvis には固有表現抽出用にファインチューニングされた"
        "モデルが同梱されていません（学習していないラベル層ではタグをでっち上げるだけです）。そのため"
        "何も表示しません。試すには「その他のモデル…」を選び、`save_pretrained` で保存した BERT の"
        "トークン分類モデルのフォルダを指定してください。",
    ),
    "tasks.qa.question": ("Question (sentence A)", "質問（文 A）"),
    "tasks.qa.passage": ("Passage (sentence B)", "文章（文 B）"),
    "tasks.qa.default_question": ("Who published BERT?", "Who published BERT?"),
    "tasks.qa.default_passage": (
        "BERT was published in 2018 by Jacob Devlin and his colleagues at Google. It is "
        "pre-trained on English Wikipedia and the BooksCorpus with two tasks: masked language "
        "modelling and next sentence prediction.",
        "BERT was published in 2018 by Jacob Devlin and his colleagues at Google. It is "
        "pre-trained on English Wikipedia and the BooksCorpus with two tasks: masked language "
        "modelling and next sentence prediction.",
    ),
    "tasks.qa.max_len": ("Longest answer (tokens)", "答えの最大長（トークン）"),
    "tasks.qa.max_len_help": (
        "Spans longer than this are not considered (the BERT code uses 30 for SQuAD).",
        "これより長い範囲は候補にしません（BERT の SQuAD 用コードでは 30）。",
    ),
    "tasks.qa.need_both": (
        "Type a question and a passage.", "質問と文章の両方を入力してください。"
    ),
    "tasks.qa.answer": ("Answer", "答え"),
    "tasks.qa.best": (
        "Probability {probability} (P(start) × P(end)) · score {score} (start + end) · "
        "{length} tokens (limit {limit})",
        "確率 {probability}（P(開始) × P(終了)）· スコア {score}（開始 + 終了）· "
        "{length} トークン（上限 {limit}）",
    ),
    "tasks.qa.null": (
        "“No answer” score ([CLS] as start and end): {null}, against {score} for the best span. "
        "Models trained on SQuAD 2.0 answer “no answer” when it is higher.",
        "「答えなし」のスコア（[CLS] を開始かつ終了とする）: {null}、最良の範囲は {score}。"
        "SQuAD 2.0 で学習したモデルは、こちらが高いとき「答えなし」と判断します。",
    ),
    "tasks.qa.open_attention": (
        "See the attention between this question and passage",
        "この質問と文章の間のアテンションを見る",
    ),
    "tasks.qa.top": ("Top {k} spans", "上位 {k} 個の範囲"),
    "tasks.qa.bars": (
        "Start and end probabilities over the passage", "文章上の開始確率と終了確率"
    ),
    "tasks.qa.p_start": ("P(start): softmax of h·S over the passage",
                         "P(開始): 文章内での h·S のソフトマックス"),
    "tasks.qa.p_end": ("P(end): softmax of h·E over the passage",
                       "P(終了): 文章内での h·E のソフトマックス"),
    "tasks.qa.vectors_title": ("Where the scores come from", "スコアはどこから来るか"),
    "tasks.qa.vectors": (
        "The start vector **S** and the end vector **E** each have {d} numbers (the rows of the "
        "model's `qa_outputs` layer), with biases b_S = {b_s} and b_E = {b_e}. Recomputing every "
        "token's scores as dot products with its final output vector **h** gives the model's "
        "own logits: the largest difference is {gap}.",
        "開始ベクトル **S** と終了ベクトル **E** はそれぞれ {d} 個の数（モデルの `qa_outputs` 層の"
        "各行）で、バイアスは b_S = {b_s}、b_E = {b_e} です。各トークンの最終出力ベクトル **h** との"
        "内積としてスコアを計算し直すと、モデル自身のロジットと一致します（最大の差は {gap}）。",
    ),
    "tasks.qa.row_start": ("answer start", "答えの開始"),
    "tasks.qa.row_end": ("answer end", "答えの終了"),
    "tasks.col.answer": ("answer", "答え"),
    "tasks.col.tokens": ("token positions", "トークン位置"),
    "tasks.col.score": ("score", "スコア"),
    "tasks.col.probability": ("probability", "確率"),
    "tasks.col.role": ("role", "役割"),
    "tasks.col.token": ("token", "トークン"),
    "tasks.col.label": ("label", "ラベル"),
    "tasks.col.step": ("step", "段階"),
    "tasks.col.shape": ("shape", "形"),
    "tasks.col.values": ("values", "値"),
    "tasks.ner.text": ("Sentence to tag", "タグ付けする文"),
    "tasks.ner.default_text": (
        "Jacob Devlin and his colleagues at Google in Mountain View released BERT in 2018.",
        "Jacob Devlin and his colleagues at Google in Mountain View released BERT in 2018.",
    ),
    "tasks.ner.entities": ("Entities found: {n}", "見つかった固有表現: {n} 個"),
    "tasks.ner.none": (
        "The model labels every word of this sentence `O` (no entity).",
        "モデルはこの文のすべての単語を `O`（固有表現ではない）と判定しました。",
    ),
    "tasks.ner.pieces": (
        "**WordPiece level:** the label of every piece", "**WordPiece 単位:** 各断片のラベル"
    ),
    "tasks.ner.words": (
        "**Word level:** each word takes its first piece's label",
        "**単語単位:** 各単語は最初の断片のラベルをとる",
    ),
    "tasks.ner.table": ("Label probabilities of every piece", "各断片のラベル確率"),
    "tasks.feat.intro": (
        "Text often comes with numbers: a review's star rating, a product's price, whether the "
        "buyer is verified. A simple way to use both is to **concatenate** BERT's final `[CLS]` "
        "vector with the numbers and train one linear layer on the result. The shapes below come "
        "from the encoder chosen in the sidebar and the sentence you type.",
        "テキストには数値が付いてくることがよくあります: レビューの星の数、商品の価格、購入者が認証済み"
        "かどうか。両方を使う簡単な方法は、BERT の最終 `[CLS]` ベクトルとその数値を**連結**し、"
        "その結果で線形層を 1 つ学習することです。下の形は、サイドバーで選んだエンコーダと入力した文から"
        "求めたものです。",
    ),
    "tasks.feat.values": ("Numeric features", "数値特徴"),
    "tasks.feat.values_help": (
        "Numbers separated by commas, e.g. star rating, price, verified (1/0).",
        "カンマ区切りの数値。例: 星の数、価格、認証済み (1/0)。",
    ),
    "tasks.feat.classes": ("Number of classes", "クラス数"),
    "tasks.feat.sum": ("{d} + {k} → classifier input of {total}",
                       "{d} + {k} → 分類器の入力は {total}"),
    "tasks.feat.untrained": (
        "**Shapes demo, not a prediction.** The linear layer here is random and untrained "
        "(seeded), so its output numbers mean nothing; only the shapes matter.",
        "**形の例であり、予測ではありません。** ここでの線形層はランダムで学習していない（シード固定）"
        "ため、出力の数値に意味はありません。大事なのは形だけです。",
    ),
    "tasks.feat.step_cls": ("[CLS] vector (last layer)", "[CLS] ベクトル（最終層）"),
    "tasks.feat.step_features": ("numeric features", "数値特徴"),
    "tasks.feat.step_joined": ("torch.cat([cls, features])", "torch.cat([cls, features])"),
    "tasks.feat.step_weight": ("Linear layer weight", "線形層の重み"),
    "tasks.feat.step_logits": ("class scores (untrained)", "クラスのスコア（未学習）"),
    "tasks.feat.scale": (
        "The [CLS] values here lie between {low} and {high}, while your largest feature is "
        "{biggest}: standardise each feature (mean 0, standard deviation 1 over the training "
        "set) so the numbers don't drown the text.",
        "ここでの [CLS] の値は {low} から {high} の範囲ですが、特徴の最大値は {biggest} です。"
        "数値がテキストの情報をかき消さないよう、各特徴を標準化（学習データで平均 0、標準偏差 1）"
        "してください。",
    ),
    "error.qa_no_passage": (
        "Question answering needs a passage to find the answer in.",
        "質問応答には、答えを探す文章が必要です。",
    ),
    "error.qa_passage_cut": (
        "The question is so long that no token of the passage fits into the model.",
        "質問が長すぎて、文章のトークンがモデルに入りません。",
    ),
    "error.qa_bad_max_length": (
        "The answer length limit must be at least 1 token.",
        "答えの最大長は 1 トークン以上にしてください。",
    ),
    "error.qa_no_head": (
        "This model has no start/end layer (`qa_outputs`), so it can't answer questions.",
        "このモデルには開始・終了の層（`qa_outputs`）がないため、質問に答えられません。",
    ),
    "error.qa_not_qa_model": (
        "This model has no question-answering head.",
        "このモデルには質問応答のヘッドがありません。",
    ),
    "error.tag_not_tagger": (
        "This model has no token-classification head.",
        "このモデルにはトークン分類のヘッドがありません。",
    ),
    "error.features_not_numbers": (
        "“{text}” is not a list of numbers. Type numbers separated by commas, like 4, 12.5, 1.",
        "「{text}」は数値の並びではありません。4, 12.5, 1 のようにカンマで区切って入力してください。",
    ),
    "tasks.example.bert": ("BERT paper", "BERT の論文"),
    "tasks.example.fruit": ("What is he eating?", "彼は何を食べている？"),
    "tasks.example.fuji": ("Mount Fuji", "富士山"),
    "tasks.example.devlin": ("BERT's authors", "BERT の著者"),
    "tasks.example.kyoto": ("Kyoto University", "京都大学"),
    "tasks.qa.no_japanese": (
        "No question-answering preset here reads Japanese (they were fine-tuned on English "
        "SQuAD); for Japanese, type the id of a Japanese QA model under Other model.",
        "ここにある質問応答のプリセットは日本語を読めません（英語の SQuAD でファインチューニング"
        "されています）。日本語には、「その他のモデル」に日本語の質問応答モデルの ID を入力してください。",
    ),
    "tasks.ner.no_japanese": (
        "No tagging preset here reads Japanese (it was fine-tuned on English CoNLL-2003); for "
        "Japanese, type the id of a Japanese NER model under Other model.",
        "ここにある固有表現タグ付けのプリセットは日本語を読めません（英語の CoNLL-2003 で"
        "ファインチューニングされています）。日本語には、「その他のモデル」に日本語の固有表現"
        "認識モデルの ID を入力してください。",
    ),
}
