"""Home page strings."""

STRINGS = {
    "page.home": ("Home", "ホーム"),
    "home.blurb": ("What bertvis is.", "bertvis について。"),
    "home.intro": (
        "bertvis runs a real BERT in your browser session and shows what happens inside it: how "
        "text becomes WordPiece tokens, how each of BERT's attention heads mixes the tokens, what "
        "the `[CLS]` vector captures, and how the pre-trained and fine-tuned heads make their "
        "predictions. Every number on these pages comes from the model you pick in the sidebar.\n\n"
        "**For teachers:** pick a lesson below, type your own sentence, and share the page's "
        "link: it reproduces exactly what you see.",
        "bertvis は本物の BERT を動かし、その内部で何が起きているかを見せます。テキストが WordPiece "
        "トークンになる様子、各アテンションヘッドがトークンをどう混ぜ合わせるか、`[CLS]` ベクトルが"
        "何を捉えるか、事前学習やファインチューニングで得たヘッドがどう予測するか。このページの数値は"
        "すべて、サイドバーで選んだモデルが実際に計算したものです。\n\n"
        "**先生方へ:** 下のレッスンを選び、自分の文を入力して、ページのリンクを共有してください。"
        "同じ表示がそのまま再現されます。",
    ),
    "home.lessons": ("Lessons", "レッスン"),
    "home.footer": (
        "Works offline: without the Hugging Face Hub, bertvis uses a real BERT encoder "
        "(MiniLM, 6 layers × 12 heads) that ships with it.",
        "オフラインでも動きます: Hugging Face Hub に接続できないときは、同梱の本物の BERT "
        "エンコーダ（MiniLM、6 層 × 12 ヘッド）を使います。",
    ),
}
