// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

class ApiKeyStore;

/// API keys in the system keychain (QtKeychain: Secret Service on Linux, Keychain on macOS,
/// Credential Manager on Windows), under service "PromptGrid", one entry per provider name.
/// Everything is asynchronous. Keys read are put into the ApiKeyStore, which then tries the
/// environment variables. When no keychain answers, the store says so once (unavailable())
/// and keeps keys in memory only: it never writes a key anywhere else.
class KeychainStore : public QObject
{
    Q_OBJECT
public:
    enum class State { Unknown, Available, Unavailable };

    explicit KeychainStore(ApiKeyStore *keys, QObject *parent = nullptr);

    static QString serviceName() { return QStringLiteral("PromptGrid"); }
    /// How long one keychain operation may take before the keychain counts as unavailable.
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

    State state() const { return m_state; }
    bool isAvailable() const { return m_state == State::Available; }
    bool isUnavailable() const { return m_state == State::Unavailable; }
    /// Why the keychain cannot be used (empty while it can).
    QString unavailableReason() const { return m_reason; }

    /// Finds out whether there is a keychain (stateChanged() follows), unless that is known
    /// or being found out: whoever shows the state asks, and the state is shared.
    void probe();
    /// Reads the keys of \a providers into the ApiKeyStore (keys typed in this session win).
    /// keysLoaded() follows, also when the keychain is unavailable.
    void loadKeys(const QStringList &providers);
    /// Keeps \a key (trimmed) in memory at once and writes it to the keychain when there is
    /// one. An empty key removes it; one with a control character is refused (keyStored()
    /// says why). keyStored() follows.
    void storeKey(const QString &provider, const QString &key);
    /// Forgets the key in memory and deletes it from the keychain. keyRemoved() follows.
    void removeKey(const QString &provider);
    bool hasPendingJobs() const { return m_pending > 0; }

Q_SIGNALS:
    void keysLoaded(int found);
    /// \a inKeychain is false when the key lives in memory only (with \a error saying why).
    void keyStored(const QString &provider, bool inKeychain, const QString &error);
    void keyRemoved(const QString &provider, bool fromKeychain, const QString &error);
    /// Emitted once per store, the first time the keychain fails or does not answer.
    void unavailable(const QString &reason);
    void stateChanged(KeychainStore::State state);

private:
    enum class Op { Probe, Read, Write, Delete };
    void startJob(Op op, const QString &provider, const QString &key);
    void jobDone(Op op, const QString &provider, int error, const QString &errorText, const QString &data);
    void markAvailable();
    void markUnavailable(const QString &reason);
    void finishLoadStep(bool found);

    ApiKeyStore *m_keys;
    State m_state = State::Unknown;
    QString m_reason;
    int m_timeoutMs = 5000;
    int m_pending = 0;
    int m_loadsPending = 0;
    int m_loadsFound = 0;
    bool m_reportedUnavailable = false;
    bool m_probing = false;
};
