// SPDX-License-Identifier: MIT
#include "OllamaProbe.h"

#include "ModelLister.h"

namespace {
const auto kProbeTag = QStringLiteral("ollama-probe");
}

OllamaProbe::OllamaProbe(QObject *parent)
    : QObject(parent)
    , m_lister(new ModelLister(this))
{
    // Ollama on this machine answers in milliseconds; anything slower is not worth waiting for.
    m_lister->setTimeoutMs(1500);
    connect(m_lister, &ModelLister::finished, this, &OllamaProbe::onListed);
}

void OllamaProbe::setTimeoutMs(int ms)
{
    m_lister->setTimeoutMs(ms);
}

void OllamaProbe::start()
{
    if (m_running)
        return;
    m_running = true;
    ProviderConfig config;
    config.name = QStringLiteral("Ollama");
    config.kind = ProviderKind::Ollama;
    config.baseUrl = m_baseUrl;
    m_lister->request(config, {}, kProbeTag);
}

void OllamaProbe::onListed(const QString &tag, const ModelListResult &result)
{
    if (tag != kProbeTag)
        return;
    m_running = false;
    m_found = result.ok();
    m_models = result.models;
    Q_EMIT finished(m_found, m_models);
}
