// SPDX-License-Identifier: MIT
#include "SecretMask.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
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

// Cheap test before the regular expression, in one pass: most pieces of an answer hold none
// of the words a match starts with (sk-, gsk_, xai-, AIza, bearer, api-key, authorization).
bool mayHoldShape(QStringView text)
{
    const char16_t *const begin = text.utf16();
    const char16_t *const end = begin + text.size();
    const auto has = [&](const char16_t *at, const char *word, Qt::CaseSensitivity cs) {
        return QStringView(at, end).startsWith(QLatin1String(word), cs);
    };
    for (const char16_t *p = begin; p + 1 < end; ++p) {
        // Most characters start no trigger word: one comparison each.
        switch (*p) {
        case u's':
            if (p[1] == u'k' && (has(p, "sk-", Qt::CaseSensitive) || has(p, "sk_", Qt::CaseSensitive)))
                return true;
            break;
        case u'x':
            if (p[1] == u'a' && has(p, "xai-", Qt::CaseSensitive))
                return true;
            break;
        case u'A':
        case u'a':
            switch (p[1]) {
            case u'I':
                if (has(p, "AIza", Qt::CaseSensitive))
                    return true;
                break;
            case u'u':
            case u'U':
                if (has(p, "authorization", Qt::CaseInsensitive))
                    return true;
                break;
            case u'p':
            case u'P':
                if (has(p, "apikey", Qt::CaseInsensitive)
                    || ((has(p, "api-", Qt::CaseInsensitive) || has(p, "api_", Qt::CaseInsensitive)) && has(p + 4, "key", Qt::CaseInsensitive)))
                    return true;
                break;
            default:
                break;
            }
            break;
        case u'B':
        case u'b':
            if ((p[1] == u'e' || p[1] == u'E') && has(p, "bearer", Qt::CaseInsensitive))
                return true;
            break;
        default:
            break;
        }
    }
    return false;
}

struct LogMask {
    QMutex mutex;
    SecretMask mask;
    QtMessageHandler previous = nullptr;
};

LogMask &logMask()
{
    // Never destroyed: Qt may still log while the process exits.
    static LogMask *instance = new LogMask;
    return *instance;
}

void printMasked(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    LogMask &log = logMask();
    SecretMask mask;
    {
        // A copy, applied outside the lock: a message logged while masking must not deadlock.
        const QMutexLocker lock(&log.mutex);
        mask = log.mask;
    }
    log.previous(type, context, mask.apply(message));
}
} // namespace

void SecretMask::installLogMask()
{
    LogMask &log = logMask();
    const QMutexLocker lock(&log.mutex);
    if (!log.previous)
        log.previous = qInstallMessageHandler(printMasked);
}

void SecretMask::setLogSecrets(const QStringList &secrets)
{
    SecretMask mask(secrets);
    LogMask &log = logMask();
    const QMutexLocker lock(&log.mutex);
    log.mask = std::move(mask);
}

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
    maskSecretsFrom(masked, 0);
    maskShapesFrom(masked, 0);
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
    // A known secret that ends in the new part starts at most its length before it.
    if (m_longest > 0)
        maskSecretsFrom(text, std::max<qsizetype>(0, from - (m_longest - 1)));
    // A key shape that ends there starts at the token the new part continues, or at the
    // header name or "Bearer" just before that token.
    qsizetype start = std::min(from, text.size());
    const qsizetype floor = std::max<qsizetype>(0, start - kTokenLookback);
    while (start > floor && isTokenChar(text.at(start - 1)))
        --start;
    tail.open = maskShapesFrom(text, std::max<qsizetype>(0, start - kPrefixLookback));
}

void SecretMask::maskSecretsFrom(QString &text, qsizetype start) const
{
    const QString mask = maskText();
    for (const QString &needle : m_needles) {
        // The first character is found with Qt's vectorised search, the rest compared there:
        // cheaper for a streamed piece than QString::indexOf(QString), which on a long text
        // builds a Boyer-Moore table every time.
        const QChar first = needle.front();
        qsizetype at = start;
        while (at + needle.size() <= text.size()) {
            at = QStringView(text).indexOf(first, at);
            if (at < 0 || at + needle.size() > text.size())
                break;
            if (QStringView(text).sliced(at, needle.size()) == needle) {
                text.replace(at, needle.size(), mask);
                at += mask.size();
            } else {
                ++at;
            }
        }
    }
}

SecretMask::Tail::Open SecretMask::maskShapesFrom(QString &text, qsizetype start) const
{
    const QString mask = maskText();
    if (start >= text.size() || !mayHoldShape(QStringView(text).sliced(start)))
        return Tail::Open::None;

    struct Hit {
        qsizetype at;
        qsizetype length;
        Tail::Open open;
    };
    QVarLengthArray<Hit, 4> hits;
    // The subject starts one character early, for the look-behind; not at the start of the
    // text, which Qt would check for valid UTF-16 on every piece of a stream.
    const qsizetype viewStart = std::max<qsizetype>(0, start - 1);
    QRegularExpressionMatchIterator it = shapes().globalMatch(QStringView(text).sliced(viewStart), start - viewStart);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        const int group = match.capturedStart(1) >= 0 ? 1 : 2;
        hits.append(Hit{viewStart + match.capturedStart(group), match.capturedLength(group),
                        group == 1 ? Tail::Open::TokenChars : Tail::Open::KeyChars});
    }
    Tail::Open open = Tail::Open::None;
    if (!hits.isEmpty() && hits.last().at + hits.last().length == text.size())
        open = hits.last().open;
    for (auto hit = hits.crbegin(); hit != hits.crend(); ++hit)
        text.replace(hit->at, hit->length, mask);
    return open;
}
