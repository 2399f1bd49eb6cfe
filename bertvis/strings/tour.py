"""Strings of the lessons tour: one card per step."""

STRINGS = {
    "page.tour": ("Lessons tour", "レッスンツアー"),
    "tour.blurb": (
        "Start here: short steps from tokens to sentiment and experiments on the heads, each "
        "opening the right page with an example sentence.",
        "まずはここから: トークンから感情分析、ヘッドの実験までの短いステップ。各ステップで例文を"
        "入れたページが開きます。",
    ),
    "tour.intro": (
        "Follow the steps in order. Each card says what to look for and opens the page with an "
        "example sentence from the original BERT lesson already typed in; change the sentence "
        "as you like.",
        "順番に進んでください。各カードには見るべきポイントが書かれていて、ボタンを押すと元の BERT "
        "の教材の例文を入力した状態でページが開きます。文は自由に変えてかまいません。",
    ),
    "tour.step": ("Step {n} of {total}", "ステップ {n} / {total}"),
    "tour.example": ("Example: {text}", "例文: {text}"),
    "tour.open": ("Open this step", "このステップを開く"),
    "tour.coming": (
        "This page is not part of this version of bertvis yet.",
        "このページは、このバージョンの bertvis にはまだありません。",
    ),
    "tour.tokens.title": ("Tokens", "トークン"),
    "tour.tokens.body": (
        "BERT never sees words: its tokenizer cuts the text into WordPiece tokens (rare words "
        "become pieces marked `##`) and adds `[CLS]` at the start and `[SEP]` at the end.",
        "BERT は単語をそのまま見ません。トークナイザーがテキストを WordPiece トークンに分け"
        "（珍しい単語は `##` 付きの断片になります）、先頭に `[CLS]`、末尾に `[SEP]` を加えます。",
    ),
    "tour.embeddings.title": ("Embeddings", "埋め込み"),
    "tour.embeddings.body": (
        "Each token becomes a vector: its token embedding plus a position embedding plus a "
        "segment embedding (sentence A or B). With a sentence pair, look at how the segment "
        "changes after the first `[SEP]`.",
        "各トークンはベクトルになります: トークン埋め込み + 位置埋め込み + セグメント埋め込み"
        "（文 A か文 B か）。文のペアでは、最初の `[SEP]` の後でセグメントが変わる様子を見てください。",
    ),
    "tour.attention.title": ("Attention", "アテンション"),
    "tour.attention.body": (
        "Every layer has several attention heads; each head decides, for every token, how much "
        "to look at every other token. Try different layers and heads: some look at the next "
        "token, some at `[SEP]`, some at related words.",
        "各層には複数のアテンションヘッドがあり、それぞれがトークンごとに他のどのトークンをどれだけ"
        "見るかを決めます。層とヘッドを変えてみましょう: 次のトークンを見るもの、`[SEP]` を見るもの、"
        "関連する単語を見るものがあります。",
    ),
    "tour.qk.title": ("Query · key", "クエリ · キー"),
    "tour.qk.body": (
        "Where does one row of attention come from? The token's query vector is multiplied with "
        "every key vector, divided by √d, and a softmax turns the scores into weights that add "
        "up to 1.",
        "アテンションの 1 行はどこから来るのでしょうか。トークンのクエリベクトルと各キーベクトルの"
        "内積を √d で割り、ソフトマックスで合計 1 の重みにします。",
    ),
    "tour.cls.title": ("The [CLS] vector", "[CLS] ベクトル"),
    "tour.cls.body": (
        "The output vector of `[CLS]` is often used to represent the whole sentence. Compare "
        "sentences: which ones does BERT place close together?",
        "`[CLS]` の出力ベクトルは文全体の表現としてよく使われます。文どうしを比べてみましょう: "
        "BERT はどの文を近くに置くでしょうか。",
    ),
    "tour.masked.title": ("Masked words", "マスクされた単語"),
    "tour.masked.body": (
        "In pre-training BERT learns to guess hidden words. Type `[MASK]` anywhere and see its "
        "top guesses with their probabilities. Try also “The restless cat was [MASK].”",
        "事前学習で BERT は隠された単語を当てることを学びます。好きな場所に `[MASK]` を入れて、"
        "上位の予測とその確率を見てください。「落ち着きのない猫は[MASK]。」も試してみましょう。",
    ),
    "tour.nsp.title": ("Next sentence", "次の文の予測"),
    "tour.nsp.body": (
        "BERT's second pre-training task: does sentence B follow sentence A? These two sentences "
        "are unrelated; swap in a sentence that does follow and compare.",
        "BERT の 2 つ目の事前学習課題: 文 B は文 A の続きでしょうか。この 2 文は無関係です。"
        "続きになる文に替えて比べてみましょう。",
    ),
    "tour.sentiment.title": ("Sentiment", "感情分析"),
    "tour.sentiment.body": (
        "A fine-tuned BERT classifies a sentence as positive or negative from its `[CLS]` "
        "vector. Which words push the decision one way or the other?",
        "ファインチューニングした BERT は、`[CLS]` ベクトルから文を肯定か否定に分類します。"
        "どの単語が判断をどちらに押しているでしょうか。",
    ),
}
