// SPDX-License-Identifier: MIT
#include "ApiKeyStore.h"

#include <QUrl>

namespace {
QString controlCharacterName(char16_t c)
{
    switch (c) {
    case 0x00:
        return QStringLiteral("NUL, U+0000");
    case 0x09:
        return QStringLiteral("tab, U+0009");
    case 0x0A:
        return QStringLiteral("line feed, U+000A");
    case 0x0D:
        return QStringLiteral("carriage return, U+000D");
    case 0x7F:
        return QStringLiteral("DEL, U+007F");
    default:
        return QStringLiteral("U+%1").arg(QString::number(uint(c), 16).toUpper(), 4, QLatin1Char('0'));
    }
}
} // namespace

QString ApiKeyStore::cleanKey(const QString &raw, QString *problem)
{
    if (problem)
        problem->clear();
    const QString key = raw.trimmed();
    for (const QChar c : key) {
        if (c.category() == QChar::Other_Control || c.unicode() == 0x2028 || c.unicode() == 0x2029) {
            if (problem)
                *problem = QStringLiteral("holds a control character (%1)").arg(controlCharacterName(c.unicode()));
            return {};
        }
    }
    return key;
}

void ApiKeyStore::setKey(const QString &provider, const QString &key)
{
    QString problem;
    const QString clean = cleanKey(key, &problem);
    m_refused.remove(provider);
    if (!problem.isEmpty())
        m_refused.insert(provider, problem);
    if (clean.isEmpty())
        m_keys.remove(provider);
    else
        m_keys.insert(provider, clean);
}

void ApiKeyStore::removeKey(const QString &provider)
{
    m_keys.remove(provider);
    m_refused.remove(provider);
}

bool ApiKeyStore::hasStoredKey(const QString &provider) const
{
    return m_keys.contains(provider);
}

QStringList ApiKeyStore::environmentVariables(const ProviderConfig &provider)
{
    QStringList names;
    if (!provider.apiKeyEnv.isEmpty())
        names.append(provider.apiKeyEnv);
    const QString host = QUrl(provider.baseUrl).host();
    struct Known {
        const char *host;
        const char *variable;
    };
    static const Known known[] = {
        {"api.openai.com", "OPENAI_API_KEY"},       {"api.anthropic.com", "ANTHROPIC_API_KEY"},
        {"generativelanguage.googleapis.com", "GEMINI_API_KEY"},
        {"generativelanguage.googleapis.com", "GOOGLE_API_KEY"},
        {"openrouter.ai", "OPENROUTER_API_KEY"},    {"api.groq.com", "GROQ_API_KEY"},
        {"api.mistral.ai", "MISTRAL_API_KEY"},      {"api.deepseek.com", "DEEPSEEK_API_KEY"},
        {"api.together.xyz", "TOGETHER_API_KEY"},   {"api.x.ai", "XAI_API_KEY"},
    };
    for (const Known &entry : known) {
        if (host == QLatin1String(entry.host) && !names.contains(QLatin1String(entry.variable)))
            names.append(QString::fromLatin1(entry.variable));
    }
    return names;
}

QString ApiKeyStore::key(const ProviderConfig &provider) const
{
    // A refused key is not replaced by the next source: the cell says why instead.
    if (m_refused.contains(provider.name))
        return {};
    const auto it = m_keys.constFind(provider.name);
    if (it != m_keys.constEnd())
        return *it;
    for (const QString &variable : environmentVariables(provider)) {
        QString problem;
        const QString value = cleanKey(qEnvironmentVariable(variable.toLocal8Bit().constData()), &problem);
        if (!problem.isEmpty())
            return {};
        if (!value.isEmpty())
            return value;
    }
    return {};
}

QStringList ApiKeyStore::keys(const QList<ProviderConfig> &providers) const
{
    QStringList found;
    for (const ProviderConfig &provider : providers) {
        const QString value = key(provider);
        if (!value.isEmpty() && !found.contains(value))
            found.append(value);
    }
    return found;
}

QString ApiKeyStore::keyProblem(const ProviderConfig &provider) const
{
    if (provider.kind == ProviderKind::Demo)
        return {};
    const auto refused = m_refused.constFind(provider.name);
    if (refused != m_refused.constEnd()) {
        return QStringLiteral("the API key stored for provider \"%1\" %2, so it is not used: type it again in "
                              "Settings > Providers")
            .arg(provider.name, *refused);
    }
    if (m_keys.contains(provider.name))
        return {};
    for (const QString &variable : environmentVariables(provider)) {
        QString problem;
        const QString value = cleanKey(qEnvironmentVariable(variable.toLocal8Bit().constData()), &problem);
        if (!problem.isEmpty()) {
            return QStringLiteral("the API key of provider \"%1\" in the environment variable %2 %3, so it is not used")
                .arg(provider.name, variable, problem);
        }
        if (!value.isEmpty())
            return {};
    }
    return {};
}

QString ApiKeyStore::missingKeyReason(const ProviderConfig &provider) const
{
    if (const QString problem = keyProblem(provider); !problem.isEmpty())
        return problem;
    if (provider.kind == ProviderKind::Demo || provider.kind == ProviderKind::Ollama)
        return {};
    const QStringList variables = environmentVariables(provider);
    // A provider with no variable and no stored key is a keyless local server.
    if (variables.isEmpty() || !key(provider).isEmpty())
        return {};
    return QStringLiteral("no API key for provider \"%1\": store one in the Providers dialog or set %2")
        .arg(provider.name, variables.join(QStringLiteral(" or ")));
}
