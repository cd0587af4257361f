// SPDX-License-Identifier: MIT
#include "JsonEdit.h"

#include <QFontDatabase>
#include <QJsonParseError>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

JsonEdit::JsonEdit(Expect expect, const QString &accessibleName, QWidget *parent)
    : QWidget(parent)
    , m_expect(expect)
    , m_edit(new QPlainTextEdit(this))
    , m_status(new QLabel(this))
{
    m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_edit->setAccessibleName(accessibleName);
    m_edit->setTabChangesFocus(true);
    m_edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_status->setWordWrap(true);
    m_status->setAccessibleName(tr("%1: check").arg(accessibleName));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_status);
    setFocusProxy(m_edit);
    connect(m_edit, &QPlainTextEdit::textChanged, this, [this] {
        recheck();
        if (!m_loading)
            Q_EMIT edited();
    });
    recheck();
}

QString JsonEdit::text() const
{
    return m_edit->toPlainText();
}

void JsonEdit::setText(const QString &text)
{
    if (text == m_edit->toPlainText())
        return;
    const bool wasLoading = std::exchange(m_loading, true);
    m_edit->setPlainText(text);
    m_loading = wasLoading;
}

void JsonEdit::setEmptyAllowed(bool allowed, const QString &emptyProblem)
{
    m_emptyAllowed = allowed;
    m_emptyProblem = emptyProblem;
    recheck();
}

bool JsonEdit::isEmpty() const
{
    return m_edit->toPlainText().trimmed().isEmpty();
}

namespace {
// Qt's words name the parser's state; these say what to type.
QString describe(const QJsonParseError &error)
{
    switch (error.error) {
    case QJsonParseError::UnterminatedObject:
        return JsonEdit::tr("missing comma or closing }, or a key without double quotes");
    case QJsonParseError::UnterminatedArray:
        return JsonEdit::tr("missing comma or closing ] (unterminated array)");
    case QJsonParseError::MissingNameSeparator:
        return JsonEdit::tr("missing colon after a key");
    case QJsonParseError::MissingValueSeparator:
        return JsonEdit::tr("missing comma");
    case QJsonParseError::IllegalValue:
        return JsonEdit::tr("not a JSON value (strings need double quotes)");
    default:
        return error.errorString();
    }
}
} // namespace

QString JsonEdit::check(const QString &text, Expect expect, QJsonDocument *value)
{
    const QByteArray utf8 = text.toUtf8();
    QJsonParseError error;
    *value = QJsonDocument::fromJson(utf8, &error);
    if (error.error != QJsonParseError::NoError) {
        // Qt's offset is just past the character it stumbled on (at it for a bad number or
        // trailing garbage), counted in UTF-8 bytes; people count lines and characters.
        const bool atOffset = error.error == QJsonParseError::IllegalNumber || error.error == QJsonParseError::GarbageAtEnd;
        const int position = std::max(0, atOffset ? error.offset : error.offset - 1);
        const QString before = QString::fromUtf8(utf8.left(position));
        const int line = int(before.count(QLatin1Char('\n'))) + 1;
        const int column = int(before.size() - before.lastIndexOf(QLatin1Char('\n')));
        *value = QJsonDocument();
        return tr("Line %1, column %2: %3").arg(line).arg(column).arg(describe(error));
    }
    if (expect == Expect::Object && !value->isObject()) {
        *value = QJsonDocument();
        return tr("This must be a JSON object: { … }");
    }
    if (expect == Expect::Array && !value->isArray()) {
        *value = QJsonDocument();
        return tr("This must be a JSON array: [ … ]");
    }
    return {};
}

void JsonEdit::showProblem(const QString &problem)
{
    m_problem = problem;
    const bool ok = problem.isEmpty();
    const bool quiet = ok && isEmpty();
    m_status->setText(quiet ? QString() : ok ? tr("OK") : problem);
    m_status->setVisible(!quiet);
    // The problem in the error colour, the OK dimmed: nothing to look at.
    m_status->setForegroundRole(ok ? QPalette::PlaceholderText : QPalette::WindowText);
    QPalette palette = this->palette();
    if (!ok) {
        const bool dark = palette.color(QPalette::Window).lightness() < 128;
        palette.setColor(QPalette::WindowText, dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xb0, 0x1c, 0x28));
    }
    m_status->setPalette(palette);
}

void JsonEdit::recheck()
{
    if (isEmpty()) {
        m_value = QJsonDocument();
        showProblem(m_emptyAllowed ? QString() : m_emptyProblem);
        return;
    }
    showProblem(check(m_edit->toPlainText(), m_expect, &m_value));
}
