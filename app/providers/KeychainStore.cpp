// SPDX-License-Identifier: MIT
#include "KeychainStore.h"

#include "ApiKeyStore.h"

#include <QTimer>

#include <qt6keychain/keychain.h>

#include <memory>

KeychainStore::KeychainStore(ApiKeyStore *keys, QObject *parent)
    : QObject(parent)
    , m_keys(keys)
{
}

void KeychainStore::loadKeys(const QStringList &providers)
{
    if (m_state == State::Unavailable || providers.isEmpty()) {
        QTimer::singleShot(0, this, [this] { Q_EMIT keysLoaded(0); });
        // Even with nothing to read, find out once whether there is a keychain, so that the
        // window can say so before the user types a key.
        probe();
        return;
    }
    // A second load while one runs joins it: keysLoaded() follows once, when all are read.
    if (m_loadsPending == 0)
        m_loadsFound = 0;
    m_loadsPending += int(providers.size());
    for (const QString &provider : providers)
        startJob(Op::Read, provider, {});
}

void KeychainStore::probe()
{
    if (m_state != State::Unknown || m_probing)
        return;
    m_probing = true;
    startJob(Op::Probe, QStringLiteral("promptgrid-availability-probe"), {});
}

void KeychainStore::storeKey(const QString &provider, const QString &typed)
{
    QString problem;
    const QString key = ApiKeyStore::cleanKey(typed, &problem);
    if (!problem.isEmpty()) {
        // Not kept, not even in the keychain: it would inject headers into every request.
        const QString reason = tr("the key %1 and was not stored").arg(problem);
        QTimer::singleShot(0, this, [this, provider, reason] { Q_EMIT keyStored(provider, false, reason); });
        return;
    }
    if (key.isEmpty()) {
        removeKey(provider);
        return;
    }
    if (m_keys)
        m_keys->setKey(provider, key);
    if (m_state == State::Unavailable) {
        const QString reason = m_reason;
        QTimer::singleShot(0, this, [this, provider, reason] { Q_EMIT keyStored(provider, false, reason); });
        return;
    }
    startJob(Op::Write, provider, key);
}

void KeychainStore::removeKey(const QString &provider)
{
    if (m_keys)
        m_keys->removeKey(provider);
    if (m_state == State::Unavailable) {
        const QString reason = m_reason;
        QTimer::singleShot(0, this, [this, provider, reason] { Q_EMIT keyRemoved(provider, false, reason); });
        return;
    }
    startJob(Op::Delete, provider, {});
}

void KeychainStore::startJob(Op op, const QString &provider, const QString &key)
{
    QKeychain::Job *job = nullptr;
    switch (op) {
    case Op::Probe:
    case Op::Read:
        job = new QKeychain::ReadPasswordJob(serviceName());
        break;
    case Op::Write: {
        auto *write = new QKeychain::WritePasswordJob(serviceName());
        write->setTextData(key);
        job = write;
        break;
    }
    case Op::Delete:
        job = new QKeychain::DeletePasswordJob(serviceName());
        break;
    }
    // Never the plain-text QSettings fallback: a key must not land in a file.
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    job->setKey(provider);
    ++m_pending;

    // A job that hangs (a locked keyring waiting for a prompt nobody sees) must not hold up
    // the window: after the timeout it no longer counts. It stays unparented and deletes
    // itself whenever it finishes, because deleting a running job would leave the backend
    // calling into freed memory.
    const auto settled = std::make_shared<bool>(false);
    connect(job, &QKeychain::Job::finished, this, [this, op, provider, settled](QKeychain::Job *done) {
        if (*settled)
            return;
        *settled = true;
        QString data;
        if (op == Op::Read && done->error() == QKeychain::NoError)
            data = static_cast<QKeychain::ReadPasswordJob *>(done)->textData();
        jobDone(op, provider, int(done->error()), done->errorString(), data);
    });
    QTimer::singleShot(m_timeoutMs, this, [this, op, provider, settled] {
        if (*settled)
            return;
        *settled = true;
        jobDone(op, provider, int(QKeychain::NoBackendAvailable),
                tr("the system keychain did not answer within %1 s").arg(m_timeoutMs / 1000.0, 0, 'g', 3), {});
    });
    job->start();
}

void KeychainStore::jobDone(Op op, const QString &provider, int error, const QString &errorText, const QString &data)
{
    --m_pending;
    if (op == Op::Probe)
        m_probing = false;
    const bool ok = error == QKeychain::NoError;
    const bool missing = error == QKeychain::EntryNotFound;
    if (ok || missing) {
        markAvailable();
    } else {
        markUnavailable(errorText.isEmpty() ? tr("the system keychain is not available") : errorText);
    }
    switch (op) {
    case Op::Probe:
        break;
    case Op::Read:
        // setKey() refuses a key with a control character in it; the cells then say why.
        if (ok && !data.isEmpty() && m_keys && !m_keys->hasStoredKey(provider))
            m_keys->setKey(provider, data);
        if (m_loadsPending > 0)
            finishLoadStep(ok && !data.isEmpty());
        break;
    case Op::Write:
        Q_EMIT keyStored(provider, ok, ok ? QString() : m_reason);
        break;
    case Op::Delete:
        Q_EMIT keyRemoved(provider, ok || missing, ok || missing ? QString() : m_reason);
        break;
    }
}

void KeychainStore::finishLoadStep(bool found)
{
    if (found)
        ++m_loadsFound;
    if (--m_loadsPending == 0)
        Q_EMIT keysLoaded(m_loadsFound);
}

void KeychainStore::markAvailable()
{
    if (m_state == State::Available)
        return;
    m_state = State::Available;
    m_reason.clear();
    Q_EMIT stateChanged(m_state);
}

void KeychainStore::markUnavailable(const QString &reason)
{
    if (m_state != State::Unavailable) {
        m_state = State::Unavailable;
        m_reason = reason;
        Q_EMIT stateChanged(m_state);
    }
    if (!m_reportedUnavailable) {
        m_reportedUnavailable = true;
        Q_EMIT unavailable(m_reason);
    }
}
