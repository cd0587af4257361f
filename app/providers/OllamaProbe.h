// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

class ModelLister;
struct ModelListResult;

/// Looks once for a local Ollama server (GET /api/tags, short timeout) without blocking, and
/// reports what it found.
class OllamaProbe : public QObject
{
    Q_OBJECT
public:
    explicit OllamaProbe(QObject *parent = nullptr);

    static QString defaultBaseUrl() { return QStringLiteral("http://127.0.0.1:11434"); }
    void setBaseUrl(const QString &url) { m_baseUrl = url; }
    QString baseUrl() const { return m_baseUrl; }
    void setTimeoutMs(int ms);

    /// Starts the probe; finished() follows, at the latest after the timeout.
    void start();
    bool isRunning() const { return m_running; }
    bool found() const { return m_found; }
    QStringList models() const { return m_models; }

Q_SIGNALS:
    /// \a found is true when an Ollama server answered; \a models may still be empty.
    void finished(bool found, const QStringList &models);

private:
    void onListed(const QString &tag, const ModelListResult &result);

    ModelLister *m_lister;
    QString m_baseUrl = defaultBaseUrl();
    bool m_running = false;
    bool m_found = false;
    QStringList m_models;
};
