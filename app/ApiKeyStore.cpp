// SPDX-License-Identifier: MIT
#include "ApiKeyStore.h"

#include <QUrl>

void ApiKeyStore::setKey(const QString &provider, const QString &key)
{
    if (key.isEmpty())
        m_keys.remove(provider);
    else
        m_keys.insert(provider, key);
}

void ApiKeyStore::removeKey(const QString &provider)
{
    m_keys.remove(provider);
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
    const auto it = m_keys.constFind(provider.name);
    if (it != m_keys.constEnd())
        return *it;
    for (const QString &variable : environmentVariables(provider)) {
        const QString value = qEnvironmentVariable(variable.toLocal8Bit().constData());
        if (!value.isEmpty())
            return value;
    }
    return {};
}

QString ApiKeyStore::missingKeyReason(const ProviderConfig &provider) const
{
    if (provider.kind == ProviderKind::Demo || provider.kind == ProviderKind::Ollama)
        return {};
    const QStringList variables = environmentVariables(provider);
    // A provider with no variable and no stored key is a keyless local server.
    if (variables.isEmpty() || !key(provider).isEmpty())
        return {};
    return QStringLiteral("no API key for provider \"%1\": store one in the Providers dialog or set %2")
        .arg(provider.name, variables.join(QStringLiteral(" or ")));
}
