// SPDX-License-Identifier: MIT
#include "SecretMask.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>
#include <QVarLengthArray>

#include <algorithm>

namespace {
// How far back a new piece's scan starts: over the token it may continue, and the header name
// or "Bearer" before that token.
constexpr qsizetype kTokenLookback = 512;
constexpr qsizetype kPrefixLookback = 64; // longer than any prefix the pattern allows

bool isKeyChar(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'_' || u == u'-';
}

// RFC 6750's b64token, the alphabet of bearer tokens.
bool isTokenChar(QChar c)
{
    const char16_t u = c.unicode();
    return isKeyChar(c) || u == u'.' || u == u'~' || u == u'+' || u == u'/' || u == u'=';
}

// Group 1: a token after "Bearer" or a credential header's name; group 2: a well-known key
// shape. Tokens need a digit, so that prose ("Bearer authentication", api_key=os.environ)
// stays as written.
const QRegularExpression &shapes()
{
    static const QRegularExpression pattern(QStringLiteral(
        R"((?i:(?<![A-Za-z0-9_-])(?:bearer\s{1,8}|(?:x-goog-api-key|x-api-key|api[-_]?key|authorization)["']?\s{0,8}[:=]\s{0,8}["']?(?:(?:bearer|basic|token)\s{1,8})?)))"
        R"(((?=[A-Za-z0-9._~+/=-]{8})(?=[A-Za-z0-9._~+/=-]*[0-9])[A-Za-z0-9._~+/=-]+))"
        R"(|(?<![A-Za-z0-9_-])((?:sk-|gsk_|xai-)(?=[A-Za-z0-9_-]{20})(?=[A-Za-z0-9_-]*[0-9])[A-Za-z0-9_-]+|AIza[A-Za-z0-9_-]{30,}))"));
    return pattern;
}

// Cheap test before the regular expression: most pieces of an answer hold none of these.
bool mayHoldShape(QStringView text)
{
    for (const char16_t *prefix : {u"sk-", u"gsk_", u"xai-", u"AIza"}) {
        if (text.contains(QStringView(prefix)))
            return true;
    }
    for (const char *word : {"key", "bearer", "authorization"}) {
        if (text.contains(QLatin1String(word), Qt::CaseInsensitive))
            return true;
    }
    return false;
}
} // namespace

SecretMask::SecretMask(const QStringList &secrets)
{
    for (const QString &secret : secrets) {
        if (secret.size() < kMinSecretLength)
            continue;
        if (!m_needles.contains(secret))
            m_needles.append(secret);
        // As a server may echo it inside a URL or a raw JSON body. Most keys are written the
        // same there (letters, digits, - and _), and a request builds its mask for every cell.
        if (std::all_of(secret.begin(), secret.end(), isKeyChar))
            continue;
        const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(secret));
        QString escaped = QString::fromUtf8(QJsonDocument(QJsonArray{secret}).toJson(QJsonDocument::Compact));
        escaped = escaped.mid(2, escaped.size() - 4); // ["..."]
        for (const QString &form : {encoded, escaped}) {
            if (!m_needles.contains(form))
                m_needles.append(form);
        }
    }
    // Longest first: a form that contains another is hidden whole.
    std::sort(m_needles.begin(), m_needles.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
    m_longest = m_needles.isEmpty() ? 0 : m_needles.first().size();
}

QString SecretMask::apply(const QString &text) const
{
    QString masked = text;
    maskFrom(masked, 0);
    return masked;
}

void SecretMask::applyToAppended(QString &text, qsizetype from, Tail &tail) const
{
    from = std::clamp<qsizetype>(from, 0, text.size());
    if (from == text.size())
        return;
    if (tail.open != Tail::Open::None) {
        // The rest of a token whose start is already hidden.
        const auto continues = tail.open == Tail::Open::KeyChars ? isKeyChar : isTokenChar;
        qsizetype end = from;
        while (end < text.size() && continues(text.at(end)))
            ++end;
        text.remove(from, end - from);
        if (from == text.size())
            return;
        tail.open = Tail::Open::None;
    }
    qsizetype start = from;
    const qsizetype floor = std::max<qsizetype>(0, from - kTokenLookback);
    while (start > floor && isTokenChar(text.at(start - 1)))
        --start;
    start = std::max<qsizetype>(0, start - kPrefixLookback);
    if (m_longest > 1)
        start = std::min(start, std::max<qsizetype>(0, from - (m_longest - 1)));
    tail.open = maskFrom(text, start);
}

SecretMask::Tail::Open SecretMask::maskFrom(QString &text, qsizetype start) const
{
    const QString mask = maskText();
    for (const QString &needle : m_needles) {
        qsizetype at = start;
        while ((at = text.indexOf(needle, at)) >= 0) {
            text.replace(at, needle.size(), mask);
            at += mask.size();
        }
    }
    if (start >= text.size() || !mayHoldShape(QStringView(text).sliced(start)))
        return Tail::Open::None;

    struct Hit {
        qsizetype at;
        qsizetype length;
        Tail::Open open;
    };
    QVarLengthArray<Hit, 4> hits;
    // The subject is the whole text, so that look-behinds see what lies before start.
    QRegularExpressionMatchIterator it = shapes().globalMatch(text, start);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        const int group = match.capturedStart(1) >= 0 ? 1 : 2;
        hits.append(Hit{match.capturedStart(group), match.capturedLength(group),
                        group == 1 ? Tail::Open::TokenChars : Tail::Open::KeyChars});
    }
    Tail::Open open = Tail::Open::None;
    if (!hits.isEmpty() && hits.last().at + hits.last().length == text.size())
        open = hits.last().open;
    for (auto hit = hits.crbegin(); hit != hits.crend(); ++hit)
        text.replace(hit->at, hit->length, mask);
    return open;
}
