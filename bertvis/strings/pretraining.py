"""Strings of the masked words & next sentence page (and its errors)."""

STRINGS = {
    "page.pretraining": ("Masked words & next sentence", "マスク語予測と次文予測"),
    "pretraining.blurb": (
        "BERT's two pre-training tasks on the model's own heads: guess hidden words, watch the "
        "guess form layer by layer, and judge whether sentence B follows sentence A.",
        "BERT の 2 つの事前学習課題を、モデル自身のヘッドで: 隠した単語を当てる、その予測が層ごとに"
        "できあがる様子を見る、文 B が文 A の続きかどうかを判定する。",
    ),
    "pretraining.intro": (
        "Before any fine-tuning, BERT learned from plain text with two games. **Masked words:** "
        "some tokens are hidden behind `[MASK]` and BERT guesses them from both sides. "
        "**Next sentence:** BERT sees two sentences and guesses whether the second really came "
        "next. Here you play both games with the model's own pre-training heads.",
        "BERT はファインチューニングの前に、ふつうの文章から 2 つのゲームで学びました。**マスク語予測:** "
        "一部のトークンを `[MASK]` で隠し、左右両方の文脈から当てます。**次文予測:** 2 つの文を見て、"
        "2 つ目が本当に続きの文かどうかを当てます。このページでは、モデル自身の事前学習ヘッドで両方の"
        "ゲームを試せます。",
    ),
    "pretraining.explain": (
        "**Masked words.** The masked-LM head takes the final output vector at a `[MASK]` "
        "(768 numbers in BERT-base), passes it through one small layer, and scores every entry "
        "of the vocabulary (30,522 in BERT-base uncased); a softmax turns the scores into "
        "probabilities that add up to 100%. Each mask is **one vocabulary entry** (one "
        "WordPiece such as `play` or `##ing`): a word that needs two pieces needs two masks.\n\n"
        "**Through the layers.** The same head can read the vector after any layer, not only "
        "the last one (a “logit lens”). Early layers usually guess common tokens; the answer "
        "appears in the later layers.\n\n"
        "**The pre-training recipe.** BERT picked 15% of the tokens of each text. Of those, 80% "
        "became `[MASK]`, 10% a random token, and 10% stayed unchanged, and BERT had to name the "
        "original at every picked position. The random and unchanged ones keep BERT from "
        "trusting only `[MASK]` positions.\n\n"
        "**Next sentence.** Sentence A and B are read together as `[CLS] A [SEP] B [SEP]`. The "
        "NSP head is one linear layer on the final `[CLS]` vector (after BERT's pooler) that gives "
        "two scores, IsNext and NotNext; half of BERT's training pairs were real next sentences "
        "and half were random.",
        "**マスク語予測。** マスク言語モデル（MLM）ヘッドは、`[MASK]` の位置の最終出力ベクトル"
        "（BERT-base では 768 個の数）を小さな層に通し、語彙のすべての項目（BERT-base uncased では "
        "30,522 個）に点数を付けます。ソフトマックスで点数を合計 100% の確率に変えます。1 つのマスクが"
        "予測するのは**語彙の 1 項目**（`play` や `##ing` のような WordPiece 1 つ）だけです。2 つの"
        "ピースからなる単語には 2 つのマスクが必要です。\n\n"
        "**層をたどる。** 同じヘッドは最後の層だけでなく、どの層の後のベクトルにも適用できます"
        "（「ロジットレンズ」）。浅い層はよくあるトークンを予測しがちで、答えは深い層で現れます。\n\n"
        "**事前学習のレシピ。** BERT は各文章のトークンの 15% を選びました。そのうち 80% を `[MASK]` "
        "に、10% をランダムなトークンに置き換え、10% はそのまま残し、選ばれたすべての位置で元の"
        "トークンを当てさせました。ランダムやそのままのトークンがあるので、BERT は `[MASK]` の位置"
        "だけを頼りにできません。\n\n"
        "**次文予測。** 文 A と文 B は `[CLS] A [SEP] B [SEP]` として一緒に読まれます。NSP ヘッドは"
        "最終層の `[CLS]` ベクトル（BERT のプーラーを通したもの）に掛ける 1 つの線形層で、IsNext と "
        "NotNext の 2 つの点数を出します。BERT の学習用ペアの半分は本当の続きの文、半分はランダムな文"
        "でした。",
    ),
    "pt.model": ("Model for this page", "このページで使うモデル"),
    "pt.model_help": (
        "These games need the model's pre-training heads. Pick a model that has them, or type "
        "a Hub id or a folder saved with `save_pretrained` (e.g. from `BertForPreTraining`).",
        "このページにはモデルの事前学習ヘッドが必要です。ヘッドを持つモデルを選ぶか、Hub の ID か "
        "`save_pretrained` で保存したフォルダ（例: `BertForPreTraining` から）を入力してください。",
    ),
    "pt.model.sidebar": ("Same as the sidebar", "サイドバーと同じ"),
    "pt.type_model": (
        "Type a Hugging Face model id or the path of a folder on this computer.",
        "Hugging Face のモデル ID か、このコンピュータ上のフォルダのパスを入力してください。",
    ),
    "pt.no_head.mlm": (
        "**{model} has no masked-word head.** Its checkpoint holds no trained weights for one, "
        "so the page shows no guesses: anything shown would be made up.",
        "**{model} にはマスク語予測のヘッドがありません。** チェックポイントに学習済みの重みがないため、"
        "予測は表示しません（表示すればでたらめになります）。",
    ),
    "pt.no_head.nsp": (
        "**{model} has no next-sentence head.** Its checkpoint holds no trained weights for one "
        "(RoBERTa-style models were trained without this task), so the page shows no "
        "probability.",
        "**{model} には次文予測のヘッドがありません。** チェックポイントに学習済みの重みがないため"
        "（RoBERTa 系のモデルはこの課題なしで学習されています）、確率は表示しません。",
    ),
    "pt.no_head.how": (
        "To play, choose a model that has the head in **Model for this page** above: a BERT "
        "preset such as *BERT-base uncased* (English) or *Japanese BERT (Tohoku v3)*, any Hub id, "
        "or **Other model** with the folder of a model saved with `save_pretrained` from "
        "`BertForPreTraining` (both heads) or `BertForMaskedLM` (masked words only).",
        "試すには、上の **このページで使うモデル** でヘッドを持つモデルを選んでください: "
        "*BERT-base uncased*（英語）や *Japanese BERT (Tohoku v3)* などの BERT プリセット、任意の "
        "Hub ID、または **その他のモデル** で `BertForPreTraining`（両方のヘッド）か "
        "`BertForMaskedLM`（マスク語予測のみ）から `save_pretrained` で保存したフォルダ。",
    ),
    "pt.no_head.use_folder": ("Use a model folder on this computer", "このコンピュータ上のモデルフォルダを使う"),
    "pt.no_head.offline": (
        "Offline, a Hub model can only be loaded if it is already in this computer's Hugging "
        "Face cache; a local folder always works.",
        "オフラインでは、Hub のモデルはこのコンピュータの Hugging Face キャッシュにある場合だけ読み込め"
        "ます。ローカルフォルダはいつでも使えます。",
    ),
    "pt.tab.mlm": ("Masked words", "マスク語予測"),
    "pt.tab.nsp": ("Next sentence", "次文予測"),
    "pt.example.mlm.bought": ("I bought a [MASK].", "I bought a [MASK]."),
    "pt.example.mlm.cat": ("The restless cat was [MASK].", "The restless cat was [MASK]."),
    "pt.example.mlm.capital": ("The capital of France is [MASK].",
                               "The capital of France is [MASK]."),
    "pt.example.mlm.two": ("Two masks: eating a [MASK] [MASK]", "マスク 2 つ: eating a [MASK] [MASK]"),
    "pt.example.mlm.bought_ja": ("Japanese: 私は[MASK]を買った。", "私は[MASK]を買った。"),
    "pt.example.mlm.cat_ja": ("Japanese: 落ち着きのない猫は[MASK]。", "落ち着きのない猫は[MASK]。"),
    "pt.example.mlm.capital_ja": ("Japanese: 日本の首都は[MASK]です。", "日本の首都は[MASK]です。"),
    "pt.example.mlm.tokyo_ja": ("Japanese: 東京は日本の[MASK]です。", "東京は日本の[MASK]です。"),
    "pt.example.nsp.next": ("A fruit, then an apple (IsNext)", "果物 → りんご（英語・続き）"),
    "pt.example.nsp.random": ("A fruit, then a house (NotNext)", "果物 → 家（英語・無関係）"),
    "pt.example.nsp.next_ja": ("Japanese: fruit, then apple", "果物 → りんご（続き）"),
    "pt.example.nsp.random_ja": ("Japanese: fruit, then house", "果物 → 家（無関係）"),
    "pt.mlm.text": ("Sentence with [MASK] where a word is hidden", "単語を隠す所に [MASK] を入れた文"),
    "pt.mlm.text_help": (
        "Type `[MASK]` (or the model's own mask token, e.g. `<mask>`) once or many times, or "
        "click tokens below to hide them.",
        "`[MASK]`（またはモデル自身のマスクトークン、例: `<mask>`）を 1 回でも何回でも入力するか、"
        "下のトークンをクリックして隠してください。",
    ),
    "pt.mlm.pick": ("…or click tokens to mask them", "…またはトークンをクリックしてマスク"),
    "pt.mlm.pick_help": (
        "Each picked token becomes one mask; the model then guesses it back.",
        "選んだトークンはそれぞれ 1 つのマスクになり、モデルがそれを当てます。",
    ),
    "pt.mlm.pick_limit": (
        "Only the first {n} tokens can be clicked; type [MASK] further on.",
        "クリックできるのは最初の {n} トークンだけです。それより後は [MASK] を入力してください。",
    ),
    "pt.mlm.empty": ("Type a sentence first.", "まず文を入力してください。"),
    "pt.mlm.k": ("Guesses shown per mask (k)", "マスクごとに表示する候補数（k）"),
    "pt.mlm.no_mask": (
        "There is no mask in this sentence yet. Type `[MASK]` (this model's mask token is "
        "`{mask}`) where a word should be hidden, or click tokens above.",
        "この文にはまだマスクがありません。隠したい所に `[MASK]`（このモデルのマスクトークンは "
        "`{mask}`）を入力するか、上のトークンをクリックしてください。",
    ),
    "pt.mlm.filled": ("The model's best guess at each of the {n} mask(s)",
                      "{n} 個のマスクそれぞれに対するモデルの第 1 候補"),
    "pt.mlm.one_piece": (
        "Each mask predicts exactly one vocabulary entry (one WordPiece, e.g. `play` or "
        "`##ing`), and every mask is guessed at the same time, without seeing the other "
        "guesses.",
        "各マスクが予測するのは語彙の 1 項目（WordPiece 1 つ、例: `play` や `##ing`）だけです。"
        "すべてのマスクは同時に、他のマスクの予測を見ずに予測されます。",
    ),
    "pt.col.mask": ("Mask", "マスク"),
    "pt.mlm.mask_n": ("Mask {n} (token {position})", "マスク {n}（トークン {position}）"),
    "pt.mlm.focus": ("Mask to look at", "詳しく見るマスク"),
    "pt.mlm.bars": ("Mask {n}: top {k} guesses", "マスク {n}: 上位 {k} 候補"),
    "pt.lens.title": ("How the guess forms through the layers", "予測が層ごとにできあがる様子"),
    "pt.lens.intro": (
        "The same masked-LM head applied to the mask's vector after every layer (a “logit "
        "lens”). Columns are the final top guesses; each cell is that guess's probability when "
        "the head reads that layer. The last row is the model's real answer.",
        "同じマスク言語モデルのヘッドを、各層の後のマスク位置のベクトルに適用したもの（「ロジット"
        "レンズ」）。列は最終層の上位候補で、各セルはヘッドがその層を読んだときのその候補の確率です。"
        "最後の行がモデルの本当の答えです。",
    ),
    "pt.lens.embeddings": ("Embeddings (input)", "埋め込み（入力）"),
    "pt.lens.layer": ("Layer {n}", "第 {n} 層"),
    "pt.col.layer": ("Read after", "読んだ位置"),
    "pt.att.title": ("Where mask {n} looks", "マスク {n} の注意の向き先"),
    "pt.att.layer": ("Layer", "層"),
    "pt.att.head": ("Head", "ヘッド"),
    "pt.att.mean": ("mean over heads", "全ヘッドの平均"),
    "pt.att.head_n": ("head {n}", "ヘッド {n}"),
    "pt.att.chart": ("Attention from mask {n} · layer {layer} · {head}",
                     "マスク {n} からの注意 · 第 {layer} 層 · {head}"),
    "pt.att.caption": ("It attends most to “{token}” ({weight}).",
                       "最も強く注意を向けているのは「{token}」（{weight}）です。"),
    "pt.att.open": ("Open this layer and head in the attention explorer",
                    "この層とヘッドをアテンション・エクスプローラーで開く"),
    "pt.corrupt.title": ("Corrupt like pre-training", "事前学習のように壊してみる"),
    "pt.corrupt.intro": (
        "BERT's recipe: pick 15% of the ordinary tokens (at least one), then turn 80% of the "
        "picks into `[MASK]`, 10% into a random token and leave 10% unchanged. The model must "
        "name the original at every pick. The seed makes a draw repeatable: share it with the "
        "class.",
        "BERT のレシピ: ふつうのトークンの 15%（最低 1 つ）を選び、選んだもののうち 80% を `[MASK]` "
        "に、10% をランダムなトークンに置き換え、10% はそのまま残します。モデルは選ばれたすべての位置"
        "で元のトークンを当てなければなりません。シードを同じにすれば同じ抽選を再現できます。クラスで"
        "共有してください。",
    ),
    "pt.corrupt.seed": ("Random seed", "乱数シード"),
    "pt.corrupt.seed_help": ("The same seed and sentence give the same picks.",
                             "同じシードと同じ文なら、同じ選び方になります。"),
    "pt.corrupt.button": ("Corrupt like pre-training (new seed)", "事前学習のように壊す（新しいシード）"),
    "pt.corrupt.seen": (
        "Seed **{seed}** picked **{n}** of {candidates} ordinary tokens. What the model saw:",
        "シード **{seed}** で、ふつうのトークン {candidates} 個から **{n}** 個を選びました。モデルが"
        "見た入力:",
    ),
    "pt.corrupt.score": ("Recovered the original at {ok} of {n} picked positions.",
                         "選ばれた {n} 個の位置のうち {ok} 個で元のトークンを当てました。"),
    "pt.action.mask": ("→ [MASK] (80%)", "→ [MASK]（80%）"),
    "pt.action.random": ("→ random (10%)", "→ ランダム（10%）"),
    "pt.action.keep": ("unchanged (10%)", "そのまま（10%）"),
    "pt.col.position": ("Position", "位置"),
    "pt.col.original": ("Original", "元のトークン"),
    "pt.col.action": ("Changed to", "置き換え"),
    "pt.col.shown": ("Model saw", "モデルが見たもの"),
    "pt.col.predicted": ("Top guess", "第 1 候補"),
    "pt.col.p_predicted": ("P(guess)", "P(候補)"),
    "pt.col.p_original": ("P(original)", "P(元のトークン)"),
    "pt.col.recovered": ("Recovered?", "当たり？"),
    "pt.nsp.text_b": ("Sentence B (does it follow A?)", "文 B（A の続きですか？）"),
    "pt.nsp.need_both": ("Type both sentences, A and B.", "文 A と文 B の両方を入力してください。"),
    "pt.nsp.metric": ("P(B follows A)", "P(B は A の続き)"),
    "pt.nsp.verdict_yes": ("The model thinks B is the next sentence (IsNext).",
                           "モデルは B を次の文だと判断しています（IsNext）。"),
    "pt.nsp.verdict_no": ("The model thinks B is a random sentence (NotNext).",
                          "モデルは B をランダムな文だと判断しています（NotNext）。"),
    "pt.nsp.contrast": ("Compare with a random sentence B", "ランダムな文 B と比べる"),
    "pt.col.sentence_b": ("Sentence B", "文 B"),
    "pt.col.which": ("Which B", "どの文 B"),
    "pt.nsp.yours": ("Your B", "入力した B"),
    "pt.nsp.random": ("Random B", "ランダムな B"),
    "error.no_mlm_head": (
        "{model} has no masked-word (masked-LM) head, so it can't guess masked words.",
        "{model} にはマスク語予測（MLM）のヘッドがないため、マスクした単語を予測できません。",
    ),
    "error.no_nsp_head": (
        "{model} has no next-sentence head, so it can't judge whether B follows A.",
        "{model} には次文予測のヘッドがないため、B が A の続きかどうかを判定できません。",
    ),
    "error.no_mask_token": ("{model} has no mask token.", "{model} にはマスクトークンがありません。"),
    "error.need_pair": ("Next-sentence prediction needs a sentence A and a sentence B.",
                        "次文予測には文 A と文 B の両方が必要です。"),
    "error.nothing_to_corrupt": (
        "There are no ordinary tokens to pick (only special tokens or masks).",
        "選べるふつうのトークンがありません（特殊トークンかマスクだけです）。",
    ),
}
