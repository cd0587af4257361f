// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

/// Hides API keys in text that came from a server (errors, answers, model lists, logs) before
/// it is stored, shown or exported: every known secret, and anything shaped like a key
/// (`Bearer <token>`, `x-api-key: <token>`, `sk-…`, `AIza…`, `gsk_…`, `xai-…`), becomes
/// kMask; the rest of the text stays as it was.
class SecretMask
{
public:
    /// What a hidden key reads as.
    static QString maskText() { return QStringLiteral("[key hidden]"); }
    /// Shorter secrets are placeholders ("none", "x"): hiding every occurrence would only
    /// wreck the text.
    static constexpr qsizetype kMinSecretLength = 6;

    /// Where a growing text's masking left off: a key-shaped token masked at the very end may
    /// go on in the next piece, which then loses its first characters too.
    struct Tail {
        enum class Open { None, KeyChars, TokenChars };
        Open open = Open::None;
    };

    SecretMask() = default;
    /// Hides \a secrets (their plain, percent-encoded and JSON-escaped forms) and key shapes.
    explicit SecretMask(const QStringList &secrets);

    /// \a text with every secret and key-shaped token hidden.
    QString apply(const QString &text) const;
    static QString apply(const QString &text, const QStringList &secrets) { return SecretMask(secrets).apply(text); }
    /// Hides what \a text holds from \a from on, and anything a key begun before \a from
    /// reaches into it, for text that only grows at its end (a streamed answer). It scans the
    /// new part and a short stretch before it, never the whole text again.
    void applyToAppended(QString &text, qsizetype from, Tail &tail) const;

    /// Routes every Qt log message (Qt's own included) through a mask before the handler that
    /// was there prints it. Once per process; later calls do nothing.
    static void installLogMask();
    /// The secrets that mask hides besides key shapes (any thread may log meanwhile).
    static void setLogSecrets(const QStringList &secrets);

private:
    /// Hides the known secrets that start at or after \a start.
    void maskSecretsFrom(QString &text, qsizetype start) const;
    /// Hides the key shapes that start at or after \a start; returns which token, if any, was
    /// masked up to the very end.
    Tail::Open maskShapesFrom(QString &text, qsizetype start) const;

    QStringList m_needles; ///< every form of every secret, longest first
    qsizetype m_longest = 0;
};
