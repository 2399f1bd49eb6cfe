"""Strings of the classroom tools: projector mode, the share control, the handout."""

STRINGS = {
    "sidebar.projector": ("Projector mode", "プロジェクターモード"),
    "sidebar.projector_help": (
        "Large text and high-contrast figures for a classroom projector.",
        "教室のプロジェクター向けに、文字を大きくし、図のコントラストを高くします。",
    ),
    "share.button": ("Share this view", "この画面を共有"),
    "share.explain": (
        "This link opens the same page with the same model, text and settings. Copy it with the "
        "icon at its right, or let students scan the QR code with their phones.",
        "このリンクを開くと、同じモデル・テキスト・設定で同じページが表示されます。右端のアイコンで"
        "コピーするか、生徒にスマートフォンで QR コードを読み取ってもらってください。",
    ),
    "share.qr_caption": ("Scan to open this view", "読み取るとこの画面が開きます"),
    "share.too_long": (
        "The link is too long for a QR code (the text is long). Copy the link instead.",
        "テキストが長いため、リンクが QR コードに収まりません。リンクをコピーしてください。",
    ),
    "handout.download": ("Download handout (HTML)", "配布資料をダウンロード（HTML）"),
    "handout.help": (
        "One HTML file with this page's explanation, inputs, figures and their numbers. It opens "
        "in any browser without internet, and prints well.",
        "このページの説明・入力・図とその数値をまとめた 1 つの HTML ファイルです。インターネットなしで"
        "どのブラウザでも開け、印刷にも向いています。",
    ),
    "handout.footer": (
        "Made with bertvis on {date}. Open the link below to explore this view interactively.",
        "bertvis で {date} に作成。下のリンクを開くと、この画面を操作しながら確かめられます。",
    ),
}

STRINGS.update({
    "examples.label": ("Examples:", "例:"),
})
